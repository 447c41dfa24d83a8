import { registerAccountRoutes } from './sim-account.routes';
import { AssociationStore } from './sim-associations.store';
import { registerAssociationRoutes } from './sim-associations.routes';
import { registerBatchRoutes } from './sim-batch.routes';
import { seededShuffle, type SimContext } from './sim-context';
import { ObjectStore, type ObjectChange } from './sim-objects.store';
import { registerObjectRoutes } from './sim-objects.routes';
import { defaultPipelines } from './sim-pipelines';
import { PropertyStore } from './sim-properties.store';
import { registerPropertyRoutes } from './sim-properties.routes';
import { SimRouter } from './sim-router';
import { registerSearchRoutes } from './sim-search.routes';
import { SimClock } from './sim-tx';
import type { ChangeSource } from './sim.types';

export interface SimStateHooks {
  readonly onChange: (change: ObjectChange) => void;
  readonly onConflict: (source: ChangeSource) => void;
  readonly onAssociationWrite: () => void;
  readonly baseUrl: () => string;
}

/** Builds the stores every route shares: pipelines, properties, records, associations. */
export function createSimContext(
  account: SimContext['account'],
  apiRandom: () => number,
  hooks: SimStateHooks,
): SimContext {
  const clock = new SimClock();
  const now = () => new Date(clock.now()).toISOString();
  const pipelines = defaultPipelines(now());
  // The currency properties take only the account's currencies: HubSpot refuses a deal in another.
  const currencies = [...new Set([account.companyCurrency, ...account.additionalCurrencies])];
  const props = new PropertyStore(pipelines, currencies, now);
  // Record ids are numeric strings counting up from a seeded start, shared by all types.
  let nextId = 1000 + Math.floor(apiRandom() * 9000);
  const objects = new ObjectStore({
    props,
    pipelines,
    clock,
    nextId: () => String((nextId += 1)),
    onChange: hooks.onChange,
    onConflict: hooks.onConflict,
  });
  return {
    account,
    props,
    objects,
    assocs: new AssociationStore(hooks.onAssociationWrite),
    pipelines,
    baseUrl: hooks.baseUrl,
    shuffle: seededShuffle(apiRandom),
    searchHook: undefined,
  };
}

/** Every route the simulator serves. */
export function createRouter(ctx: SimContext): SimRouter {
  const router = new SimRouter();
  registerAccountRoutes(router, ctx);
  registerPropertyRoutes(router, ctx);
  registerObjectRoutes(router, ctx);
  registerBatchRoutes(router, ctx);
  registerSearchRoutes(router, ctx);
  registerAssociationRoutes(router, ctx);
  return router;
}
