import { AsyncLocalStorage } from 'node:async_hooks';

/** What ties log lines to one record's journey. */
export interface CorrelationScope {
  /** The ledger record id: the same through pull, deliver and every HTTP call made for it. */
  correlationId?: string;
  /** Set while one delivery is processed. */
  deliveryId?: string;
}

// One store per async call chain: a worker processes many jobs at once, so a module-level
// "current record" would mix them up; AsyncLocalStorage follows each job through every await.
const storage = new AsyncLocalStorage<CorrelationScope>();

/** Runs `fn` with its own correlation scope (nested scopes start from a copy of the outer one). */
export function withCorrelation<T>(scope: CorrelationScope, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...scope }, fn);
}

/**
 * Names the record of the current scope once it is known (a deliver job carries only the delivery
 * id; the record id comes from its ledger row). Outside any scope it does nothing.
 */
export function setCorrelationId(correlationId: string): void {
  const scope = storage.getStore();
  if (scope) scope.correlationId = correlationId;
}

/** Fields added to every log line written in the current scope (pino `mixin`). */
export function correlationFields(): CorrelationScope {
  const scope = storage.getStore();
  if (!scope) return {};
  const fields: CorrelationScope = {};
  if (scope.correlationId !== undefined) fields.correlationId = scope.correlationId;
  if (scope.deliveryId !== undefined) fields.deliveryId = scope.deliveryId;
  return fields;
}
