/*
 * Templates of `poshub connector new`: the conformance test, the mapping with its golden fixture,
 * and the README. Tokens as in connector-new.client.template.ts.
 */

const CONFORMANCE_HEAD = `import { __name__ } from '../../connectors/__id__/__id__.connector';
import { __Name__Simulator } from '../../connectors/__id__/simulator/__id__-simulator';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let sim: __Name__Simulator;

describeConnectorConformance('__id__', {
  definition: __name__,
  invalidConfig: { baseUrl: 'not a url', apiKey: '' },
  async start(): Promise<ConformanceEnvironment> {
    sim = await __Name__Simulator.start({ seed: 11 });
    return {
      goodConfig: { baseUrl: sim.url, apiKey: sim.apiKey, pageSize: 50 },
      badConfig: { baseUrl: sim.url, apiKey: 'refused-key' },
      rateLimit: (seconds) => sim.rateLimit(seconds),
      teardown: () => sim.close(),
    };
  },
`;

export const SOURCE_CONFORMANCE_TEMPLATE = `${CONFORMANCE_HEAD}  source: {
    stream: 'customers',
    seed: (_env, count) => void sim.seed(count),
  },
});
`;

export const SINK_CONFORMANCE_TEMPLATE = `${CONFORMANCE_HEAD}  sink: {
    entity: 'customer',
    payload: (reference) => ({ reference, external_id: 'C-1', first_name: 'Conformance' }),
    count: (_env, reference) => sim.customers().filter((c) => c.reference === reference).length,
  },
});
`;

export const SOURCE_MAPPING_TEMPLATE = `id: __id__/customer
description: __DISPLAY__ customer to canonical.customer. Blank strings are treated as absent.
to: canonical.customer
expression: |
  (
    $text := function($v) { ($t := $trim($v); $t != '' ? $t) };
    {
      "externalId": id,
      "sourceVersion": $string(version),
      "updatedAt": updated_at,
      "givenName": $text(first_name),
      "familyName": $text(last_name),
      "email": $text(email)
    }
  )
`;

export const SINK_MAPPING_TEMPLATE = `id: __id__/customer
description: >
  canonical.customer to a __DISPLAY__ customer; the pipeline passes poshub's stable reference in
  $context.reference, which the connector searches before creating.
to: __id__.customer
expression: |
  {
    "reference": $context.reference,
    "external_id": externalId,
    "first_name": givenName ? givenName : '',
    "last_name": familyName,
    "email": email
  }
`;

/** Golden fixture files of the mapping, by file name under `<name>.fixtures/`. */
export const SOURCE_FIXTURES: Readonly<Record<string, unknown>> = {
  'basic.input.json': {
    id: 'C1',
    seq: 1,
    version: 2,
    first_name: 'Lan',
    last_name: ' ',
    email: 'lan.1@example.com',
    updated_at: '2025-01-01T00:01:00.000Z',
  },
  'basic.expected.json': {
    externalId: 'C1',
    sourceVersion: '2',
    updatedAt: '2025-01-01T00:01:00.000Z',
    givenName: 'Lan',
    email: 'lan.1@example.com',
  },
};

export const SINK_FIXTURES: Readonly<Record<string, unknown>> = {
  'basic.input.json': { externalId: 'C1', givenName: 'Lan', familyName: 'Tran', email: 'lan@example.com' },
  'basic.context.json': { connectionId: '__id__', context: { reference: 'poshub:cus-1' } },
  'basic.expected.json': {
    reference: 'poshub:cus-1',
    external_id: 'C1',
    first_name: 'Lan',
    last_name: 'Tran',
    email: 'lan@example.com',
  },
};

export const README_TEMPLATE = `# __DISPLAY__ connector (\`__id__\`)

Scaffolded by \`poshub connector new __id__ --kind __KIND__\`. It talks to a made-up REST API that its
simulator (\`simulator/__id__-simulator.ts\`) implements, and passes the conformance suite
(\`test/conformance/__id__.conformance.test.ts\`) as generated. Replace the API calls in
\`__id__.client.ts\` with the vendor's, keeping the simulator in step, and run:

\`\`\`bash
npx jest connectors/__id__ test/conformance/__id__.conformance.test.ts test/integration/mapping-fixtures.test.ts
\`\`\`

| file | job |
|---|---|
| \`__id__.config.ts\` | connection config (zod); \`apiKey\` is marked \`secret()\`: sealed at rest, redacted |
| \`__id__.client.ts\` | the vendor's API calls, payloads parsed with zod at the edge |
| \`__id__.connector.ts\` | manifest (streams / entities, rate limit) and behaviour (\`check\`, __BEHAVIOUR__) |
| \`simulator/\` | loopback server for tests and the demo: auth, paging, Idempotency-Key, 429 + Retry-After |
| \`../../mappings/__id__/\` | the mapping and its golden fixtures |

The connector is registered by one line in \`connectors/index.ts\`.
`;
