import type { z } from 'zod';
import { ApiError } from './api-error.filter';

/** Validates query parameters; a bad one answers 400 naming each offending parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message }));
  throw new ApiError(
    400,
    'BAD_REQUEST',
    `invalid query: ${details.map((d) => d.parameter).join(', ')}`,
    details,
  );
}
