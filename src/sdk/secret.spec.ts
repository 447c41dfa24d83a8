import { z } from 'zod';
import { collectSecretValues, isSecretSchema, redactSecrets, secret, secretPaths } from './secret';

describe('secret()', () => {
  const schema = z.object({
    baseUrl: z.url(),
    apiKey: secret(z.string().min(1)),
    refined: secret(z.string()).min(8),
    optionalAfter: secret(z.string()).optional(),
    optionalBefore: secret(z.string().optional()),
    defaulted: secret(z.string()).default('dflt-secret'),
    nested: z
      .object({
        clientId: z.string(),
        clientSecret: secret(z.string()).nullable(),
      })
      .optional(),
    piped: z.string().pipe(secret(z.string())),
    transformed: secret(z.string()).transform((s) => s.trim()),
    plain: z.string().optional(),
  });

  it('marks the schema itself and keeps the mark through later refinements', () => {
    expect(isSecretSchema(z.string())).toBe(false);
    const s = secret(z.string());
    expect(isSecretSchema(s)).toBe(true);
    expect(isSecretSchema(s.min(3))).toBe(true);
  });

  it('finds every secret path through wrappers and nested objects', () => {
    expect(secretPaths(schema).sort()).toEqual(
      [
        'apiKey',
        'defaulted',
        'nested.clientSecret',
        'optionalAfter',
        'optionalBefore',
        'piped',
        'refined',
        'transformed',
      ].sort(),
    );
  });

  it('finds secrets inside a schema that is itself wrapped', () => {
    expect(secretPaths(schema.optional().default({} as never))).toContain('nested.clientSecret');
    expect(secretPaths(z.string())).toEqual([]);
  });

  const config = {
    baseUrl: 'https://x.test',
    apiKey: 'key-123456',
    refined: 'refined-secret',
    optionalBefore: undefined,
    nested: { clientId: 'visible-id', clientSecret: 'nested-secret' },
    plain: 'hello',
  };

  it('redacts present secret values in a copy and leaves the input untouched', () => {
    const redacted = redactSecrets(config, schema) as Record<string, unknown>;
    expect(redacted).toEqual({
      baseUrl: 'https://x.test',
      apiKey: '[redacted]',
      refined: '[redacted]',
      optionalBefore: undefined,
      nested: { clientId: 'visible-id', clientSecret: '[redacted]' },
      plain: 'hello',
    });
    expect(config.apiKey).toBe('key-123456');
  });

  it('tolerates values that do not match the schema shape', () => {
    expect(redactSecrets('text', schema)).toBe('text');
    expect(redactSecrets({ nested: 'x' }, schema)).toEqual({ nested: 'x' });
  });

  it('collects the secret strings, longest first', () => {
    expect(collectSecretValues(config, schema)).toEqual(['refined-secret', 'nested-secret', 'key-123456']);
    expect(collectSecretValues(undefined, schema)).toEqual([]);
  });
});
