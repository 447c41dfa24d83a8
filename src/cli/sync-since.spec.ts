import { checkpointSince } from './sync-since';

describe('checkpointSince', () => {
  const at = new Date('2025-03-01T02:03:04.005Z');

  it("writes each time-based connector's own checkpoint format", () => {
    expect(checkpointSince('square', 'orders', at)).toBe('{"updatedAfter":"2025-03-01T02:03:04.005Z"}');
    expect(checkpointSince('square', 'catalog', at)).toBe('{"beginTime":"2025-03-01T02:03:04.005Z"}');
    expect(checkpointSince('hubspot', 'customers', at)).toBe(`{"since":${at.getTime()}}`);
    expect(checkpointSince('odoo', 'stock', at)).toBe('{"writeDate":"2025-03-01 02:03:04","id":0}');
  });

  it('has none for paging cursors', () => {
    expect(checkpointSince('fake-pos', 'transactions', at)).toBeUndefined();
  });
});
