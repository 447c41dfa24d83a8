import type { z } from 'zod';
import { ApiError } from './api-error.filter';

/** Validates a JSON request body; a bad one answers 400 naming each offending field. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({
    field: i.path.join('.') || '(body)',
    message: i.message,
  }));
  throw new ApiError(400, 'BAD_REQUEST', `invalid body: ${details.map((d) => d.field).join(', ')}`, details);
}
