import { createHash } from 'node:crypto';
import { deliveryId, recordId, sha256Hex } from './ids';

describe('ledger ids', () => {
  it('derives record ids from sha256 of the NUL-joined key', () => {
    const expected =
      'r' + createHash('sha256').update('transaction\u0000pos-1\u0000S:1').digest('hex').slice(0, 24);
    expect(recordId('transaction', 'pos-1', 'S:1')).toBe(expected);
    expect(recordId('transaction', 'pos-1', 'S:1')).toMatch(/^r[0-9a-f]{24}$/);
  });

  it('derives delivery ids from record id, version and route', () => {
    const expected =
      'd' + createHash('sha256').update('rabc\u00002\u0000sales-to-erp').digest('hex').slice(0, 24);
    expect(deliveryId('rabc', 2, 'sales-to-erp')).toBe(expected);
  });

  it('never contains ":" (BullMQ job ids) even when inputs do', () => {
    expect(recordId('a:b', 'c:d', 'e:f')).not.toContain(':');
    expect(deliveryId('r:1', 1, 'route:x')).not.toContain(':');
  });

  it('separates key parts, so shifting text between parts changes the id', () => {
    expect(recordId('ab', 'c', 'd')).not.toBe(recordId('a', 'bc', 'd'));
    expect(deliveryId('r1', 1, 'x')).not.toBe(deliveryId('r1', 2, 'x'));
    expect(deliveryId('r1', 1, 'x')).not.toBe(deliveryId('r1', 1, 'y'));
  });

  it('hashes text as hex sha256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
