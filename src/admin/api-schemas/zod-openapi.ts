import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** Where every named answer schema lives in the OpenAPI document. */
const COMPONENTS = '#/components/schemas/';

/**
 * The answer schemas published under `components.schemas`, by name. Kept apart from zod's global
 * registry so only what is registered here becomes a component (descriptions still come from
 * `.describe()`, which zod keeps in its global registry).
 */
const components = z.registry<{ id: string }>();

/** Registers `schema` as the component `id` and returns it, for use as a field or an answer. */
export function component<T extends z.ZodType>(id: string, schema: T): T {
  components.add(schema, { id });
  return schema;
}

/** A `$ref` to a registered component; throws at start-up for a schema never registered. */
export function schemaRef(schema: z.ZodType): ReferenceObject {
  const id = components.get(schema)?.id;
  if (!id) throw new Error('schemaRef: the schema is not a registered component (use component())');
  return { $ref: `${COMPONENTS}${id}` };
}

/** Every registered component as OpenAPI 3.0 schemas; references between them stay `$ref`s. */
export function componentSchemas(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(components, {
    target: 'openapi-3.0',
    // Answers are documented open (no additionalProperties: false): adding a field is not breaking.
    io: 'input',
    uri: (id) => `${COMPONENTS}${id}`,
    override: tidy,
  });
  const out: Record<string, SchemaObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // The registry conversion stamps each schema with an `$id`, which OpenAPI 3.0 does not have.
    const { $id: _id, ...rest } = schema as Record<string, unknown>;
    out[id] = rest as SchemaObject;
  }
  return out;
}

/**
 * A request body or query schema as OpenAPI 3.0, in its input form: fields with a default are
 * optional, and strict objects say `additionalProperties: false` as they refuse unknown keys.
 */
export function requestSchema(schema: z.ZodType): SchemaObject {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', override: tidy }) as Record<
    string,
    unknown
  >;
  // A request schema is self-contained; a shared definition here would point nowhere in the document.
  if ('definitions' in json || '$defs' in json)
    throw new Error('requestSchema: unexpected shared definitions');
  return json as SchemaObject;
}

/** Drops noise zod adds that says nothing to an integrator. */
function tidy(ctx: { jsonSchema: Record<string, unknown> }): void {
  const json = ctx.jsonSchema;
  // `.int()` adds the safe-integer range to every integer.
  if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
  if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  // ISO dates and times come with a long regular expression; the `format` already says it.
  if (json.format === 'date' || json.format === 'date-time') delete json.pattern;
}
