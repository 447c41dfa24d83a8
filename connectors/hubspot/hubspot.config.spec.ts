import { secretPaths } from '../../src/sdk';
import { HubSpotConfigSchema, hubspotBaseUrl } from './hubspot.config';

describe('HubSpotConfigSchema', () => {
  it('applies the documented defaults and marks the token and client secret secret', () => {
    const config = HubSpotConfigSchema.parse({ accessToken: 'pat-na1-x' });
    expect(config).toMatchObject({
      baseUrl: 'https://api.hubapi.com',
      pipeline: 'default',
      dealStage: 'closedwon',
      refundPolicy: 'negative-line-items',
      refundDealStage: 'closedwon',
      properties: {
        group: 'poshub',
        customerId: 'poshub_customer_id',
        transactionId: 'poshub_transaction_id',
      },
      pageSize: 100,
      overlapSeconds: 60,
      autoSetup: true,
      rateLimitReserve: 5,
    });
    expect(secretPaths(HubSpotConfigSchema).sort()).toEqual(['accessToken', 'clientSecret']);
    expect(hubspotBaseUrl({ baseUrl: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9');
  });

  it('keeps an explicit refund stage and refuses bad page sizes, countries and property names', () => {
    const base = { accessToken: 't' };
    expect(HubSpotConfigSchema.parse({ ...base, refundDealStage: 'closedlost' }).refundDealStage).toBe(
      'closedlost',
    );
    expect(HubSpotConfigSchema.safeParse({ ...base, pageSize: 201 }).success).toBe(false);
    expect(HubSpotConfigSchema.safeParse({ ...base, defaultCountry: 'usa' }).success).toBe(false);
    expect(HubSpotConfigSchema.safeParse({ ...base, properties: { customerId: 'Bad-Name' } }).success).toBe(
      false,
    );
    expect(HubSpotConfigSchema.safeParse({ accessToken: '' }).success).toBe(false);
  });
});
