import { RejectedError } from '../../src/sdk';
import { nextPosition } from './hubspot.window';

describe('nextPosition (keyset planner for CRM search)', () => {
  it('ends when HubSpot offers no next page', () => {
    expect(nextPosition({ since: 0, skip: 0 }, [1, 2], false, 2)).toBeUndefined();
  });

  it('starts the next search at the greatest timestamp, skipping the ties already read', () => {
    expect(nextPosition({ since: 0, skip: 0 }, [5, 7, 9, 9], true, 4)).toEqual({ since: 9, skip: 2 });
    // A whole page at the current timestamp: skip grows.
    expect(nextPosition({ since: 9, skip: 2 }, [9, 9, 9, 9], true, 4)).toEqual({ since: 9, skip: 6 });
    expect(nextPosition({ since: 9, skip: 6 }, [9, 10, 11, 12], true, 4)).toEqual({ since: 12, skip: 1 });
  });

  it('never passes the search cap: fails clearly when a cap of records share one timestamp', () => {
    expect(nextPosition({ since: 9, skip: 90 }, [9, 9, 9, 9, 9], true, 5, 100)).toEqual({
      since: 9,
      skip: 95,
    });
    expect(() => nextPosition({ since: 9, skip: 95 }, [9, 9, 9, 9, 9], true, 5, 100)).toThrow(RejectedError);
    expect(() => nextPosition({ since: 9, skip: 95 }, [9, 9, 9, 9, 9], true, 5, 100)).toThrow(
      /share lastmodifieddate/,
    );
  });

  it('refuses to loop when a page brings nothing readable', () => {
    expect(() => nextPosition({ since: 3, skip: 0 }, [Number.NaN], true, 1)).toThrow(/no progress/);
  });
});
