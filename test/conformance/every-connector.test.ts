import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTORS } from '../../connectors';

// The conformance suite runs for every registered connector: adding one to connectors/index.ts
// without its conformance file fails here.
describe('conformance coverage', () => {
  it.each(CONNECTORS.map((c) => c.manifest.id))('%s has a conformance test', (id) => {
    expect(existsSync(join(__dirname, `${id}.conformance.test.ts`))).toBe(true);
  });
});
