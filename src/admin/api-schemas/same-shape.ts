import type { z } from 'zod';

/** `T` with every `readonly` dropped, deeply: only the values a type accepts matter here. */
type Writable<T> = T extends readonly (infer U)[]
  ? Writable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/** `true` when A and B accept the same values (each is assignable to the other). */
type Same<A, B> = [Writable<A>] extends [Writable<B>]
  ? [Writable<B>] extends [Writable<A>]
    ? true
    : false
  : false;

/**
 * Compile-time proof that a documented answer schema describes exactly what a route returns:
 * `documents<Awaited<ReturnType<XController['list']>>, typeof XPage>(true)` stops compiling
 * ("true is not assignable to false") as soon as the route's type and the schema drift apart.
 * Does nothing at run time.
 */
export function documents<Returned, Schema extends z.ZodType>(
  _sameShape: Same<Returned, z.output<Schema>>,
): void {}
