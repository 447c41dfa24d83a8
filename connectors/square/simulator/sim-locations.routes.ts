import { iso } from './sim-clock';
import type { SimContext } from './sim-context';
import { notFound } from './sim-errors';
import type { SimRouter } from './sim-http.server';
import type { SquareLocationConfig } from './sim.types';

const LOCATIONS_CREATED_AT = Date.UTC(2021, 4, 17, 9, 30, 0);

function toLocation(ctx: SimContext, l: SquareLocationConfig) {
  return {
    id: l.id,
    name: l.name,
    timezone: l.timezone,
    capabilities: ['CREDIT_CARD_PROCESSING'],
    status: 'ACTIVE',
    created_at: iso(LOCATIONS_CREATED_AT).replace(/\.\d{3}Z$/, 'Z'),
    merchant_id: ctx.merchantId,
    country: l.country,
    language_code: 'en-US',
    currency: l.currency,
    business_name: 'poshub Coffee',
    type: 'PHYSICAL',
  };
}

/** ListLocations and RetrieveLocation. */
export function registerLocationRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('GET', '/v2/locations', () => ({
    status: 200,
    body: { locations: ctx.locations.map((l) => toLocation(ctx, l)) },
  }));
  router.add('GET', '/v2/locations/{location_id}', (req) => {
    const l = ctx.locations.find((x) => x.id === req.params.location_id);
    if (!l) throw notFound(`Location \`${req.params.location_id}\` not found.`);
    return { status: 200, body: { location: toLocation(ctx, l) } };
  });
}
