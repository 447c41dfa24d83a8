import { ConfigError } from '../../src/sdk';
import { afterCheckpoint, encodeCheckpoint, parseCheckpoint, resumeFrom } from './odoo.cursor';
import { fromOdooDatetime, toOdooDatetime } from './odoo.resolver';

describe('odoo cursor and datetimes', () => {
  it('round-trips a checkpoint and refuses foreign cursors', () => {
    const cursor = encodeCheckpoint({ writeDate: '2025-03-01 10:00:00', id: 7 });
    expect(parseCheckpoint(cursor)).toEqual({ writeDate: '2025-03-01 10:00:00', id: 7 });
    expect(parseCheckpoint(null)).toBeNull();
    expect(() => parseCheckpoint('{"updatedAfter":"x"}')).toThrow(ConfigError);
    expect(() => parseCheckpoint('garbage')).toThrow(ConfigError);
  });

  it('builds the keyset and the overlapping resume domains', () => {
    const at = { writeDate: '2025-03-01 00:00:02', id: 7 };
    expect(afterCheckpoint(at)).toEqual([
      '|',
      ['write_date', '>', '2025-03-01 00:00:02'],
      '&',
      ['write_date', '=', '2025-03-01 00:00:02'],
      ['id', '>', 7],
    ]);
    expect(resumeFrom(at, 5)).toEqual([['write_date', '>=', '2025-02-28 23:59:57']]);
    expect(resumeFrom(null, 5)).toEqual([]);
  });

  it('converts between ISO with offset and Odoo naive UTC', () => {
    expect(toOdooDatetime('2025-03-01T23:30:00+07:00')).toBe('2025-03-01 16:30:00');
    expect(fromOdooDatetime('2025-03-01 16:30:00')).toBe('2025-03-01T16:30:00Z');
  });
});
