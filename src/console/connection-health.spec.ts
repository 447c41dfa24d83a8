import { connectionHealth } from './connection-health';

const base = { status: 'ok', statusMessage: null, paused: false, dead: 0, sourceLagSeconds: null };

describe('connectionHealth', () => {
  it('is ok when nothing is wrong', () => {
    expect(connectionHealth(base)).toEqual({ health: 'ok', reason: null });
  });

  it('reports refused credentials first: they explain dead deliveries and lag', () => {
    expect(
      connectionHealth({ ...base, status: 'auth_failed', statusMessage: '401', paused: true, dead: 3 }),
    ).toEqual({ health: 'auth_failed', reason: '401' });
  });

  it('reports a pause before dead deliveries, and dead deliveries before lag', () => {
    expect(connectionHealth({ ...base, paused: true, dead: 2 }).health).toBe('paused');
    expect(connectionHealth({ ...base, dead: 1 })).toEqual({ health: 'failing', reason: '1 dead delivery' });
    expect(
      connectionHealth({ ...base, dead: 1, sourceLagSeconds: 10_000, expectedEveryMs: 60_000 }).health,
    ).toBe('failing');
  });

  it('calls a source lagging after three schedule periods, but never under five minutes', () => {
    const every = { expectedEveryMs: 1000 };
    expect(connectionHealth({ ...base, ...every, sourceLagSeconds: 299 }).health).toBe('ok');
    expect(connectionHealth({ ...base, ...every, sourceLagSeconds: 301 }).health).toBe('lagging');
    const hourly = { expectedEveryMs: 3_600_000 };
    expect(connectionHealth({ ...base, ...hourly, sourceLagSeconds: 3 * 3600 }).health).toBe('ok');
    expect(connectionHealth({ ...base, ...hourly, sourceLagSeconds: 3 * 3600 + 1 }).health).toBe('lagging');
    // Cron schedules have no period to compare with.
    expect(connectionHealth({ ...base, sourceLagSeconds: 1e6 }).health).toBe('ok');
  });
});
