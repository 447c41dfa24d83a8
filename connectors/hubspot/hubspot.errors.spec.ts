import { AuthError, RateLimitedError, RejectedError, TransientError } from '../../src/sdk';
import { classifyHubSpotError, parseHubSpotError } from './hubspot.errors';

const reply = (status: number, data: unknown) => ({ status, headers: {}, data });
const NOW = new Date('2025-03-03T23:00:00.000Z');

describe('classifyHubSpotError', () => {
  it('waits per 429 policy: rolling ~1.5 s, secondly 1 s, daily until the account midnight', () => {
    const rolling = classifyHubSpotError(
      reply(429, { policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT' }),
    );
    expect(rolling).toBeInstanceOf(RateLimitedError);
    expect((rolling as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect((rolling as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(2000);
    expect((rolling as RateLimitedError).details.policyName).toBe('TEN_SECONDLY_ROLLING');
    const secondly = classifyHubSpotError(reply(429, { policyName: 'SECONDLY' })) as RateLimitedError;
    expect(secondly.retryAfterMs).toBe(1000);
    const daily = classifyHubSpotError(reply(429, { policyName: 'DAILY' }), { now: NOW }) as RateLimitedError;
    expect(daily.retryAfterMs).toBe(60 * 60 * 1000);
    // In New York it is 18:00, six hours before the reset.
    const ny = classifyHubSpotError(reply(429, { policyName: 'DAILY' }), {
      now: NOW,
      timeZone: 'America/New_York',
    }) as RateLimitedError;
    expect(ny.retryAfterMs).toBe(6 * 60 * 60 * 1000);
  });

  it('maps 401 and 403 to AuthError, naming missing scopes', () => {
    expect(
      classifyHubSpotError(reply(401, { category: 'EXPIRED_AUTHENTICATION', message: 'expired' })),
    ).toBeInstanceOf(AuthError);
    const scopes = classifyHubSpotError(
      reply(403, {
        category: 'MISSING_SCOPES',
        message: 'This app hasn\u2019t been granted all required scopes to make this call.',
        errors: [{ message: 'missing', context: { requiredGranularScopes: ['crm.schemas.deals.write'] } }],
      }),
    );
    expect(scopes).toBeInstanceOf(AuthError);
    expect(scopes.message).toContain('crm.schemas.deals.write');
  });

  it('maps 4xx to RejectedError with message, category and correlation id, 5xx to TransientError', () => {
    const conflict = classifyHubSpotError(
      reply(409, {
        status: 'error',
        message: 'Contact already exists. Existing ID: 12',
        category: 'CONFLICT',
        correlationId: 'c-1',
      }),
    ) as RejectedError;
    expect(conflict).toBeInstanceOf(RejectedError);
    expect(conflict.message).toContain('Contact already exists. Existing ID: 12');
    expect(conflict.details).toMatchObject({ status: 409, category: 'CONFLICT', correlationId: 'c-1' });
    expect(classifyHubSpotError(reply(404, {}))).toBeInstanceOf(RejectedError);
    expect(classifyHubSpotError(reply(502, '<html>bad gateway</html>'))).toBeInstanceOf(TransientError);
    expect(classifyHubSpotError(reply(500, null))).toBeInstanceOf(TransientError);
  });

  it('parses junk bodies without throwing', () => {
    for (const junk of [null, 42, 'text', [], { errors: 'no', message: 7, context: [] }]) {
      expect(() => parseHubSpotError(junk)).not.toThrow();
    }
    expect(parseHubSpotError({ errors: [null, { message: 'x' }] }).errors[1]?.message).toBe('x');
  });
});
