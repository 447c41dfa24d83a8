import { secretPaths } from '../../src/sdk';
import { OdooConfigSchema } from './odoo.config';

describe('OdooConfigSchema', () => {
  const base = { baseUrl: 'https://acme.odoo.com/', database: 'acme', login: 'api@acme.com', apiKey: 'k' };

  it('applies defaults, leaves the transport to detection and marks the key secret', () => {
    const config = OdooConfigSchema.parse(base);
    expect(config).toMatchObject({ documentType: 'sale.order', createMissingProducts: false, pageSize: 200 });
    expect(config.transport).toBeUndefined();
    expect(secretPaths(OdooConfigSchema)).toEqual(['apiKey']);
  });

  it('refuses unknown transports and document types', () => {
    expect(OdooConfigSchema.safeParse({ ...base, transport: 'xmlrpc' }).success).toBe(false);
    expect(OdooConfigSchema.safeParse({ ...base, documentType: 'pos.order' }).success).toBe(false);
    expect(OdooConfigSchema.safeParse({ ...base, apiKey: '' }).success).toBe(false);
  });
});
