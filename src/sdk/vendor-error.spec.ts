import { AuthError, RateLimitedError, RejectedError, TransientError } from './errors';
import { defaultClassifyError, extractVendorMessage } from './vendor-error';

describe('extractVendorMessage', () => {
  it('tries the documented shapes in order', () => {
    expect(extractVendorMessage({ error: { message: 'a' }, message: 'b' })).toBe('a');
    expect(extractVendorMessage({ message: 'b', detail: 'd' })).toBe('b');
    expect(extractVendorMessage({ errors: [{ detail: 'c1', message: 'c2' }] })).toBe('c1');
    expect(extractVendorMessage({ errors: [{ message: 'c2' }] })).toBe('c2');
    expect(extractVendorMessage({ detail: 'd' })).toBe('d');
    expect(extractVendorMessage('plain text failure')).toBe('plain text failure');
    expect(extractVendorMessage({ other: 1 })).toBeUndefined();
  });
});

describe('defaultClassifyError', () => {
  const req = { method: 'POST', path: '/x' };
  const resp = (status: number, data: unknown = {}, headers: Record<string, string> = {}) => ({
    status,
    headers,
    data,
  });

  it('maps statuses to connector errors', () => {
    expect(defaultClassifyError(resp(401), req)).toBeInstanceOf(AuthError);
    expect(defaultClassifyError(resp(403), req)).toBeInstanceOf(AuthError);
    expect(defaultClassifyError(resp(408), req)).toBeInstanceOf(TransientError);
    expect(defaultClassifyError(resp(503), req)).toBeInstanceOf(TransientError);
    expect(defaultClassifyError(resp(404), req)).toBeInstanceOf(RejectedError);
  });

  it('puts the vendor message, status and body in a RejectedError', () => {
    const err = defaultClassifyError(resp(422, { error: { message: 'total is required' } }), req);
    expect(err).toBeInstanceOf(RejectedError);
    expect(err.message).toContain('total is required');
    expect((err as RejectedError).details).toEqual({
      status: 422,
      body: '{"error":{"message":"total is required"}}',
    });
  });

  it('reads Retry-After on 429, defaulting to 1 s', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    const a = defaultClassifyError(resp(429, {}, { 'retry-after': '7' }), req, now) as RateLimitedError;
    expect(a).toBeInstanceOf(RateLimitedError);
    expect(a.retryAfterMs).toBe(7000);
    const b = defaultClassifyError(resp(429), req, now) as RateLimitedError;
    expect(b.retryAfterMs).toBe(1000);
  });
});
