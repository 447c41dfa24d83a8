/**
 * The deal pipeline every new HubSpot account has ("default"), with its stage ids and win
 * probabilities. Stage ids are the ones HubSpot uses for that pipeline.
 */
export interface SimPipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: { isClosed: string; probability: string };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface SimPipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: SimPipelineStage[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

const STAGES: [id: string, label: string, probability: string, closed: boolean][] = [
  ['appointmentscheduled', 'Appointment Scheduled', '0.2', false],
  ['qualifiedtobuy', 'Qualified To Buy', '0.4', false],
  ['presentationscheduled', 'Presentation Scheduled', '0.6', false],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8', false],
  ['contractsent', 'Contract Sent', '0.9', false],
  ['closedwon', 'Closed Won', '1.0', true],
  ['closedlost', 'Closed Lost', '0.0', true],
];

export function defaultPipelines(createdAt: string): SimPipeline[] {
  return [
    {
      id: 'default',
      label: 'Sales Pipeline',
      displayOrder: 0,
      createdAt,
      updatedAt: createdAt,
      archived: false,
      stages: STAGES.map(([id, label, probability, closed], i) => ({
        id,
        label,
        displayOrder: i,
        metadata: { isClosed: String(closed), probability },
        createdAt,
        updatedAt: createdAt,
        archived: false,
      })),
    },
  ];
}
