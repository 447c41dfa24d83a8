import type { HubStats } from './hub-stats';
import type { SimCounts } from './sim-counts';

const perDestination = (values: Record<string, number>) =>
  Object.entries(values)
    .map(([destination, n]) => `${destination} ${n}`)
    .join(' ');

/** One progress line: what was generated, pulled, delivered, what waits, and what landed at the sims. */
export function progressLine(input: {
  seconds: number;
  generated: number;
  total: number;
  stats: HubStats;
  counts: SimCounts;
}): string {
  const { stats, counts } = input;
  return (
    `[${input.seconds.toFixed(0).padStart(3)}s] generated ${input.generated}/${input.total}` +
    `  pulled ${stats.pulled}  delivered: ${perDestination(stats.delivered)}` +
    `  pending ${stats.pending}  dead ${stats.dead}  quarantined ${stats.quarantined}` +
    `  queue: ${perDestination(stats.queued)}  429s ${counts.hubspot429}` +
    `  | in Odoo ${counts.erp}  in HubSpot ${counts.crm}  stock counts ${counts.stockPushed}`
  );
}

/** The lines printed once poshub is up: where the admin API is and how to call it. */
export function bannerLines(input: {
  url: string;
  token: string;
  dataDir: string;
  hubspotLimit: number;
  redisUrl: string;
}): string[] {
  const curl = `curl -H "Authorization: Bearer ${input.token}"`;
  return [
    `poshub demo: Square → Odoo (sale orders, partners) and HubSpot (deals, contacts); Odoo stock → Square`,
    `  console    ${input.url}/console   (sign in with token ${input.token})`,
    `  queues     ${input.url}/admin/queues   API docs ${input.url}/docs   (any user name, the token as password)`,
    `  admin API  ${input.url}/api/v1/deliveries   token ${input.token}`,
    `             e.g. ${curl} ${input.url}/api/v1/reports/stock-drift`,
    `             ${input.url}/api/v1/alerts  ${input.url}/api/v1/identity/reviews  ${input.url}/metrics`,
    `  ledger and poshub.yaml in ${input.dataDir}; Redis ${input.redisUrl}`,
    `  HubSpot simulator limit raised to ${input.hubspotLimit} requests / 10 s (a Professional account);` +
      ' poshub paces at 17/s, burst 20',
  ];
}
