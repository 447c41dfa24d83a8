import { applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  type SchemaObject,
} from '@nestjs/swagger';
import type { z } from 'zod';
import { ApiErrorBody, ERROR_DESCRIPTIONS, type DocumentedErrorStatus } from './api-error.schemas';
import { requestSchema, schemaRef } from './zod-openapi';

/**
 * Every route of the controller needs the admin or the viewer bearer token (AdminAuthGuard): the
 * operations say so, and document the 401 that answers a missing or wrong token.
 */
export function ApiProtected(): ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiResponse(errorResponse(401)));
}

/** An operation that takes no admin token (probes, signed webhooks): an explicit empty `security`. */
export function ApiPublic(operation: { summary: string; description?: string }): MethodDecorator {
  return ApiOperation({ ...operation, security: [] });
}

/**
 * The error answers an operation can give, each with the `{ error: { code, message, details } }`
 * body: a status alone takes the standard description, `[status, description]` names the codes
 * this route uses. Writes on a protected controller list 403 (the viewer is read-only).
 */
export function ApiErrors(
  ...errors: (DocumentedErrorStatus | readonly [DocumentedErrorStatus, string])[]
): MethodDecorator {
  return applyDecorators(
    ...errors.map((e) =>
      typeof e === 'number' ? ApiResponse(errorResponse(e)) : ApiResponse(errorResponse(...e)),
    ),
  );
}

/** The success answer of an operation: its status and a registered answer schema. */
export function ApiAnswer(status: 200 | 201 | 202, schema: z.ZodType, description: string): MethodDecorator {
  return ApiResponse({ status, description, schema: schemaRef(schema) });
}

/** A plain-text success answer (the Prometheus scrape). */
export function ApiTextAnswer(description: string): MethodDecorator {
  return applyDecorators(
    ApiProduces('text/plain'),
    ApiResponse({ status: 200, description, schema: { type: 'string' } }),
  );
}

/**
 * The JSON body an operation parses, from the zod schema it parses it with. Required exactly when
 * an empty body would be refused (parseBody reads a missing body as `{}`), unless `required` says.
 * Also documents the 413 (over the parser's limit) and, unless `jsonOnly` is false (webhooks, which
 * take what vendors send), the 415 a body that is not JSON gets.
 */
export function ApiJsonBody(
  schema: z.ZodType,
  options: { description?: string; required?: boolean; jsonOnly?: boolean } = {},
): MethodDecorator {
  return applyDecorators(
    ApiBody({
      schema: requestSchema(schema),
      required: options.required ?? !schema.safeParse({}).success,
      description: options.description,
    }),
    // Refused before the route runs: a body over the parser's limit, or (under /api) not JSON.
    ApiResponse(errorResponse(413)),
    ...(options.jsonOnly === false ? [] : [ApiResponse(errorResponse(415))]),
  );
}

/** Extra words for a query parameter the zod schema cannot carry. */
export type QueryNote = string | { readonly description?: string; readonly example?: unknown };

/**
 * One query parameter per field of the zod object the operation parses its query with: type,
 * enum, bounds and default come from the schema, `notes` add descriptions and examples.
 */
export function ApiZodQuery(
  schema: z.ZodObject,
  notes: Readonly<Record<string, QueryNote>> = {},
): MethodDecorator {
  const json = requestSchema(schema);
  const required = new Set(json.required ?? []);
  const properties = (json.properties ?? {}) as Record<string, SchemaObject>;
  const stray = Object.keys(notes).filter((name) => !(name in properties));
  if (stray.length > 0) throw new Error(`ApiZodQuery: notes for unknown parameters ${stray.join(', ')}`);
  return applyDecorators(
    ...Object.entries(properties).map(([name, property]) => {
      const note = notes[name];
      const { description, example } =
        typeof note === 'string' ? { description: note, example: undefined } : (note ?? {});
      return ApiQuery({
        name,
        required: required.has(name),
        schema: property,
        ...(description ? { description } : {}),
        ...(example !== undefined ? { example } : {}),
      });
    }),
  );
}

/** The 500 every operation can answer, added to each once the document is built. */
export const INTERNAL_ERROR_RESPONSE = {
  description: ERROR_DESCRIPTIONS[500],
  content: { 'application/json': { schema: schemaRef(ApiErrorBody) } },
};

function errorResponse(status: DocumentedErrorStatus, description = ERROR_DESCRIPTIONS[status]) {
  return { status, description, schema: schemaRef(ApiErrorBody) };
}
