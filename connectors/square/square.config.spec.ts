import { secretPaths } from '../../src/sdk';
import { SquareConfigSchema, squareBaseUrl } from './square.config';

describe('SquareConfigSchema', () => {
  it('applies defaults and marks the token and webhook key secret', () => {
    const config = SquareConfigSchema.parse({ accessToken: 'EAAA', locationIds: ['L1'] });
    expect(config).toMatchObject({
      environment: 'production',
      squareVersion: '2025-08-20',
      overlapMinutes: 5,
    });
    expect(config.rateLimitBackoffMs).toBe(1000);
    expect(secretPaths(SquareConfigSchema).sort()).toEqual(['accessToken', 'webhookSignatureKey']);
  });

  it('picks the host from the environment unless baseUrl is given', () => {
    const base = { accessToken: 't', locationIds: ['L1'] };
    expect(squareBaseUrl(SquareConfigSchema.parse(base))).toBe('https://connect.squareup.com');
    expect(squareBaseUrl(SquareConfigSchema.parse({ ...base, environment: 'sandbox' }))).toBe(
      'https://connect.squareupsandbox.com',
    );
    expect(
      squareBaseUrl(
        SquareConfigSchema.parse({ ...base, environment: 'sandbox', baseUrl: 'http://127.0.0.1:9/' }),
      ),
    ).toBe('http://127.0.0.1:9');
  });

  it('refuses no locations, a bad version and a signature key without its notification URL', () => {
    const base = { accessToken: 't', locationIds: ['L1'] };
    expect(SquareConfigSchema.safeParse({ ...base, locationIds: [] }).success).toBe(false);
    expect(SquareConfigSchema.safeParse({ ...base, squareVersion: 'latest' }).success).toBe(false);
    const noUrl = SquareConfigSchema.safeParse({ ...base, webhookSignatureKey: 'k' });
    expect(noUrl.success).toBe(false);
    expect(noUrl.error?.issues[0].path).toEqual(['webhookNotificationUrl']);
  });
});
