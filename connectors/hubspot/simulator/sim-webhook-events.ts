import type { ObjectChange } from './sim-objects.store';
import type { PropertyStore } from './sim-properties.store';

/** One webhook event as HubSpot sends it (inside a JSON array). */
export interface HubSpotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: 'contact.creation' | 'contact.propertyChange' | 'contact.deletion';
  attemptNumber: number;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
  sourceId?: string;
}

// Properties the simulated app subscribes to, besides every custom (non-HubSpot) property.
const SUBSCRIBED = ['email', 'firstname', 'lastname', 'phone'];

export interface EventIds {
  readonly portalId: number;
  readonly appId: number;
  nextEventId(): number;
  /** One subscription per event type, and one per property for propertyChange. */
  subscriptionId(type: string, propertyName?: string): number;
}

/**
 * Contact events for a committed change: `contact.creation` (plus a propertyChange per subscribed
 * property set at creation, as HubSpot sends them), `contact.propertyChange` per changed subscribed
 * property (a cleared value is sent as ''), `contact.deletion` on archive.
 */
export function eventsFor(change: ObjectChange, props: PropertyStore, ids: EventIds): HubSpotWebhookEvent[] {
  if (change.object.type !== '0-1') return [];
  const { object } = change;
  const occurredAt =
    change.kind === 'create'
      ? object.createdAt
      : change.kind === 'update'
        ? object.updatedAt
        : object.archivedAt;
  const base = {
    portalId: ids.portalId,
    appId: ids.appId,
    occurredAt: occurredAt ?? Date.now(),
    attemptNumber: 0,
    objectId: Number(change.object.id),
    changeSource: change.source,
    sourceId: change.source === 'INTEGRATION' ? String(ids.appId) : 'userId:1',
  };
  const events: HubSpotWebhookEvent[] = [];
  const single = (subscriptionType: HubSpotWebhookEvent['subscriptionType']) =>
    events.push({
      eventId: ids.nextEventId(),
      subscriptionId: ids.subscriptionId(subscriptionType),
      subscriptionType,
      ...base,
    });
  if (change.kind === 'archive') {
    single('contact.deletion');
    return events;
  }
  if (change.kind === 'create') single('contact.creation');
  for (const [name, value] of Object.entries(change.changed)) {
    const def = props.find('0-1', name);
    if (!def || !(SUBSCRIBED.includes(name) || def.hubspotDefined !== true)) continue;
    events.push({
      eventId: ids.nextEventId(),
      subscriptionId: ids.subscriptionId('contact.propertyChange', name),
      subscriptionType: 'contact.propertyChange',
      ...base,
      propertyName: name,
      propertyValue: value ?? '',
    });
  }
  return events;
}

/** Stable subscription ids: one per event type, one per property for propertyChange. */
export function subscriptionId(type: string, prop?: string): number {
  let h = 0;
  for (const ch of `${type}|${prop ?? ''}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return 100_000 + (h % 900_000);
}
