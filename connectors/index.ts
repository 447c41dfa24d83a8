import type { ConnectorDefinition } from '../src/sdk';
import { fakeErp } from '../test/fakes/fake-erp/fake-erp.connector';
import { fakePos } from '../test/fakes/fake-pos/fake-pos.connector';
import { hubspot } from './hubspot/hubspot.connector';
import { odoo } from './odoo/odoo.connector';
import { square } from './square/square.connector';

/**
 * Every connector the hub can use, listed explicitly (no discovery by file name).
 *
 * Vendor connectors are added here one line each (`poshub connector new` does it). fake-pos and fake-erp are the reference
 * connectors that the demo and the pipeline tests use; they talk to the loopback fake servers in
 * test/fakes/.
 */
export const CONNECTORS: readonly ConnectorDefinition<unknown>[] = [
  // One connector per line: `poshub connector new` adds its line at the end.
  fakePos,
  fakeErp,
  square,
  odoo,
  hubspot,
];
