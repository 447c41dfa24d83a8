import { errorReason } from './error-reason';

describe('errorReason', () => {
  it('folds per-record parts of one failure into one reason', () => {
    const a = errorReason(
      'gave up after 2 attempts: Internal server error (HTTP 500 from GET http://127.0.0.1:45333/api/invoices?reference=poshub:rbd9dcd0d3b06cd20af545373)',
    );
    const b = errorReason(
      'gave up after 2 attempts: Internal server error (HTTP 500 from GET http://127.0.0.1:45333/api/invoices?reference=poshub:r91b88858994bbde25071d71e)',
    );
    expect(a).toBe(b);
    expect(a).toContain('HTTP 500');
    expect(a).toContain('gave up after 2 attempts');
  });

  it('keeps messages that differ in substance apart', () => {
    expect(errorReason('422 store: Required')).not.toBe(errorReason('422 currency: Required'));
    expect(errorReason('order 4f1c2a7e-0c1b-4b8a-9d1e-2f3a4b5c6d7e refused')).toBe('order … refused');
    expect(errorReason('sale SALE-00012345 refused')).toBe('sale … refused');
    expect(errorReason(null)).toBeNull();
  });
});
