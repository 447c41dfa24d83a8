import type { Lookups } from './odoo-setup';

/** Where the three simulators listen and the Square facts the config names. */
export interface DemoEndpoints {
  readonly squareUrl: string;
  readonly squareLocationIds: readonly string[];
  readonly odooUrl: string;
  readonly odooDb: string;
  readonly odooLogin: string;
  readonly hubspotUrl: string;
}

/** HubSpot Professional: 190 requests per rolling 10 s; poshub keeps burst + 10 × rate ≤ 190. */
export const HUBSPOT_TEN_SECOND_LIMIT = 190;
const HUBSPOT_RATE = '{ requestsPerSecond: 17, burst: 20 }';
/** A self-hosted Odoo worker pool takes far more than the manifest's cautious 20/s. */
const ODOO_RATE = '{ requestsPerSecond: 200, burst: 50 }';

/** Square lines carry the variation id; Odoo finds products by SKU, which the lookup gives back. */
const LINES_WITH_SKUS =
  "[$map($output.lines, function($l) { $merge([$l, { 'product': $merge([$l.product, " +
  "$lookupKey('squareVariationsBySku', $l.product.externalId, null) " +
  "? { 'sku': $lookupKey('squareVariationsBySku', $l.product.externalId, null) } : {}]) }]) })]";

const route = (id: string, from: string, stream: string, to: string, entity: string) => [
  `  - id: ${id}`,
  `    source: { connection: ${from}, stream: ${stream} }`,
  `    destination: { connection: ${to}, entity: ${entity} }`,
];

/**
 * The demo's poshub.yaml: Square sales → Odoo sale orders (one per sale) and HubSpot deals; Square
 * customers → Odoo partners and HubSpot contacts as golden customers (`identity:`); buying
 * behaviour → HubSpot contacts; Odoo-owned stock → Square counts. Secrets stay `${VAR}` references.
 */
export function demoConfigYaml(at: DemoEndpoints, lookups: Lookups): string {
  return [
    '# Written by `npm run demo`: Square, Odoo and HubSpot simulators on loopback.',
    'connections:',
    '  square:',
    '    connector: square',
    '    config:',
    '      accessToken: "${DEMO_SQUARE_TOKEN}"',
    `      baseUrl: "${at.squareUrl}"`,
    `      locationIds: ${JSON.stringify(at.squareLocationIds)}`,
    '      pageSize: 200',
    '    overrides:',
    `      transactions: { lines: ${JSON.stringify(LINES_WITH_SKUS)} }`,
    '  odoo:',
    '    connector: odoo',
    '    config:',
    `      baseUrl: "${at.odooUrl}"`,
    `      database: "${at.odooDb}"`,
    `      login: "${at.odooLogin}"`,
    '      apiKey: "${DEMO_ODOO_KEY}"',
    '      documentType: sale.order',
    `    rateLimit: ${ODOO_RATE}`,
    '  hubspot:',
    '    connector: hubspot',
    '    config:',
    `      baseUrl: "${at.hubspotUrl}"`,
    '      accessToken: "${DEMO_HUBSPOT_TOKEN}"',
    '      defaultCountry: US',
    // Refunds show as negative line items on their sale's deal (the connector's default policy).
    '      refundPolicy: negative-line-items',
    '      overlapSeconds: 5',
    `    rateLimit: ${HUBSPOT_RATE}`,
    'routes:',
    ...route('sales-to-odoo', 'square', 'transactions', 'odoo', 'transaction'),
    ...route('sales-to-hubspot', 'square', 'transactions', 'hubspot', 'deal'),
    ...route('customers-to-odoo', 'square', 'customers', 'odoo', 'customer'),
    ...route('customers-to-hubspot', 'square', 'customers', 'hubspot', 'contact'),
    ...route('behaviour-to-hubspot', 'square', 'customer-behaviour', 'hubspot', 'contact_behaviour'),
    ...route('stock-to-square', 'odoo', 'stock-sync', 'square', 'stock'),
    'identity:',
    '  defaultCountry: US',
    '  owners:',
    ...['givenName', 'familyName', 'phone', 'email', 'referenceId'].map((f) => `    ${f}: square`),
    '    marketingConsent: hubspot',
    '    taxId: odoo',
    'stock:',
    '  owner: erp',
    '  erp: odoo',
    '  pos: square',
    '  locations: odoo-locations',
    '  products: squareVariationsBySku',
    '  lowStock: { default: 20 }',
    'schedules:',
    '  - { connection: square, stream: customers, every: 1s }',
    '  - { connection: square, stream: transactions, every: 5s }',
    '  - { connection: square, stream: stock, every: 5s }',
    '  - { connection: odoo, stream: stock, every: 2s }',
    '  - { connection: odoo, stream: customers, every: 5s }',
    '  - { connection: hubspot, stream: customers, every: 5s }',
    'delivery: { attempts: 15, backoffMs: 200, maxBackoffMs: 5000 }',
    ...lookupsYaml(lookups),
    '',
  ].join('\n');
}

/** poshub.yaml's `lookups:` section for `lookups` (names and keys quoted, so any text is safe). */
export function lookupsYaml(lookups: Lookups): string[] {
  return [
    'lookups:',
    ...Object.entries(lookups).flatMap(([name, table]) => [
      `  ${JSON.stringify(name)}:`,
      ...Object.entries(table).map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`),
    ]),
  ];
}
