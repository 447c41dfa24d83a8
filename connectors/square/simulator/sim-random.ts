/**
 * Deterministic randomness for the Square simulator: one seeded PRNG per purpose, so that turning
 * faults on does not change the generated data, and ids shaped like Square's.
 */

import { createPrng } from '../../../src/sdk/simulator-kit';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Square ids are opaque alphanumerics; lengths follow what the API returns for each object kind. */
export const ID_SHAPES = {
  order: { length: 29, alphabet: MIXED },
  uid: { length: 22, alphabet: MIXED },
  customer: { length: 26, alphabet: UPPER },
  catalog: { length: 24, alphabet: UPPER },
  location: { length: 13, alphabet: UPPER },
  merchant: { length: 13, alphabet: UPPER },
  tender: { length: 24, alphabet: MIXED },
  inventory: { length: 26, alphabet: UPPER },
} as const;

/** Random helpers over one PRNG. */
export class SimRandom {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = createPrng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  id(kind: keyof typeof ID_SHAPES): string {
    const { length, alphabet } = ID_SHAPES[kind];
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
