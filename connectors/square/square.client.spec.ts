import { AuthError, RateLimitedError, RejectedError, TransientError } from '../../src/sdk';
import { classifySquareError, rateLimitBackoff } from './square.client';
import { ListLocationsResponseSchema } from './square.schemas';
import { squareError, startStub, stubClient, type StubServer } from './square.spec-helper';

describe('classifySquareError', () => {
  const res = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    status,
    data,
    headers,
  });
  const backoff = () => 1234;

  it('maps 401 and token codes to AuthError', () => {
    expect(
      classifySquareError(res(401, squareError('AUTHENTICATION_ERROR', 'UNAUTHORIZED')), backoff),
    ).toBeInstanceOf(AuthError);
    const expired = classifySquareError(
      res(400, squareError('AUTHENTICATION_ERROR', 'ACCESS_TOKEN_EXPIRED')),
      backoff,
    );
    expect(expired).toBeInstanceOf(AuthError);
  });

  it('maps 429 to RateLimitedError with the backoff, or a Retry-After header when present', () => {
    const err = classifySquareError(res(429, squareError('RATE_LIMIT_ERROR', 'RATE_LIMITED')), backoff);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(1234);
    const withHeader = classifySquareError(res(429, {}, { 'retry-after': '2' }), backoff) as RateLimitedError;
    expect(withHeader.retryAfterMs).toBe(2000);
  });

  it('maps 5xx to TransientError and other 4xx to RejectedError carrying code and detail', () => {
    expect(
      classifySquareError(res(503, squareError('API_ERROR', 'SERVICE_UNAVAILABLE')), backoff),
    ).toBeInstanceOf(TransientError);
    const reused = classifySquareError(
      res(400, squareError('INVALID_REQUEST_ERROR', 'IDEMPOTENCY_KEY_REUSED', 'key used with another body')),
      backoff,
    );
    expect(reused).toBeInstanceOf(RejectedError);
    expect(reused.message).toContain('IDEMPOTENCY_KEY_REUSED: key used with another body');
    expect((reused as RejectedError).details).toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

describe('rateLimitBackoff', () => {
  it('doubles per consecutive 429 from the base, adds up to 25% jitter and caps at 5 minutes', () => {
    expect(rateLimitBackoff(1000, 1, () => 0)).toBe(1000);
    expect(rateLimitBackoff(1000, 3, () => 0)).toBe(4000);
    expect(rateLimitBackoff(1000, 3, () => 0.999)).toBe(4999);
    expect(rateLimitBackoff(1000, 30, () => 0.5)).toBe(300_000);
  });
});

describe('SquareClient', () => {
  let stub: StubServer;
  afterEach(() => stub.close());

  it('sends the bearer token and Square-Version and parses the body', async () => {
    stub = await startStub(() => ({ body: { locations: [{ id: 'L1' }] } }));
    const client = stubClient(stub.url, { squareVersion: '2024-12-18' });
    const res = await client.get('/v2/locations', ListLocationsResponseSchema);
    expect(res.locations).toEqual([{ id: 'L1' }]);
    expect(stub.calls[0].headers.authorization).toBe('Bearer tok-123');
    expect(stub.calls[0].headers['square-version']).toBe('2024-12-18');
  });

  it('backs off exponentially over consecutive 429s and resets after a success', async () => {
    const statuses = [429, 429, 200, 429];
    stub = await startStub((_c, i) =>
      statuses[i] === 429
        ? { status: 429, body: squareError('RATE_LIMIT_ERROR', 'RATE_LIMITED') }
        : { body: {} },
    );
    const client = stubClient(stub.url, { rateLimitBackoffMs: 500 });
    const waits: number[] = [];
    for (let i = 0; i < statuses.length; i += 1) {
      await client.get('/v2/locations', ListLocationsResponseSchema).catch((e: unknown) => {
        waits.push((e as RateLimitedError).retryAfterMs);
      });
    }
    expect(waits).toEqual([500, 1000, 500]);
  });
});
