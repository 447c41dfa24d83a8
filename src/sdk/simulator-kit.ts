/**
 * Helpers for connector simulators (the loopback HTTP servers every connector ships for its tests
 * and the demo). Deterministic data and faults make failures reproducible from a seed.
 */

/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1): small, fast and
 * identical on every platform, so the same seed yields the same orders, ids and faults anywhere.
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
