import { z } from 'zod';

/** Output schema names: `canonical.<kind>` or `<connector>.<entity>`. */
export const OUTPUT_SCHEMA_NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9_]*$/;

/** zod schema of one mappings/<connector>/<name>.yaml file. */
export const MappingFileSchema = z.strictObject({
  /** Must equal the file's path under mappings/ without `.yaml`, e.g. `fake-pos/transaction`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9_-]*)+$/, 'expected "<connector>/<name>"'),
  description: z.string().optional(),
  /** Output schema name, resolved by the engine's `resolveSchema`. */
  to: z.string().regex(OUTPUT_SCHEMA_NAME, 'expected canonical.<kind> or <connector>.<entity>'),
  /** JSONata 2 expression evaluated on the input document. */
  expression: z.string().refine((text) => text.trim() !== '', 'must not be empty'),
});

export type MappingFile = z.output<typeof MappingFileSchema>;
