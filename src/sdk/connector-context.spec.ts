import { localExclusive } from './connector-context';

describe('localExclusive', () => {
  it('runs sections with one key one at a time, in order, and others alongside', async () => {
    const exclusive = localExclusive();
    const log: string[] = [];
    let inside = 0;
    let maxInside = 0;
    const section = (key: string, n: number) =>
      exclusive(key, async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        log.push(`${key}${n}`);
        await new Promise((r) => setTimeout(r, 5));
        inside -= 1;
        return n;
      });
    const results = await Promise.all([section('a', 1), section('a', 2), section('a', 3)]);
    expect(results).toEqual([1, 2, 3]);
    expect(log).toEqual(['a1', 'a2', 'a3']);
    expect(maxInside).toBe(1);

    maxInside = 0;
    await Promise.all([section('a', 4), section('b', 1)]);
    expect(maxInside).toBe(2);
  });

  it('keeps going after a section throws', async () => {
    const exclusive = localExclusive();
    await expect(exclusive('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(exclusive('k', async () => 'next')).resolves.toBe('next');
  });
});
