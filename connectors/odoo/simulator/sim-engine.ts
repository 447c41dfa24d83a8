import { serverError } from './sim-errors';
import type { SimFaults } from './sim-faults';
import type { SimOrm } from './sim-orm';

export type OdooVersion = '16.0' | '17.0' | '18.0' | '19.0';

/** One ORM or login call as `OdooSimulator.callLog` reports it. */
export interface OdooCallLogEntry {
  transport: 'jsonrpc' | 'json2';
  /** Empty for `common` service calls (login, authenticate, version). */
  model: string;
  method: string;
  ok: boolean;
}

/** What the transports share: the database, credentials, faults and the call log. */
export interface SimEngine {
  readonly orm: SimOrm;
  readonly faults: SimFaults;
  readonly version: OdooVersion;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
  readonly uid: number;
  log(entry: OdooCallLogEntry): void;
}

/** `version_info` of a major version, as Odoo reports it. */
export function versionInfo(version: OdooVersion): [number, number, number, string, number, string] {
  return [Number(version.split('.')[0]), 0, 0, 'final', 0, ''];
}

/**
 * Runs one ORM call as its own transaction (Odoo commits per RPC call), with the injected faults:
 * `error` answers a server error before any work, `fail-after-commit` commits and then answers one.
 */
export function runCall(
  engine: SimEngine,
  transport: OdooCallLogEntry['transport'],
  model: string,
  method: string,
  invoke: () => unknown,
): unknown {
  const fault = engine.faults.decide();
  try {
    if (fault === 'error') throw serverError();
    const result = engine.orm.store.transaction(invoke);
    if (fault === 'fail-after-commit') throw serverError();
    engine.log({ transport, model, method, ok: true });
    return result;
  } catch (err) {
    engine.log({ transport, model, method, ok: false });
    throw err;
  }
}
