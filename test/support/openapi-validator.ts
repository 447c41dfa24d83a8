import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates HTTP traffic against an OpenAPI 3.0 description with ajv. Used to prove that a
 * simulator answers, and a connector asks, exactly in the vendor's official shapes.
 */
export interface OpenApiValidator {
  /**
   * Checks a response body. `path` may be a template (`/v2/orders/{order_id}`) or a concrete path
   * (`/v2/orders/ABC`, query string ignored). 2xx bodies are checked against the operation's schema
   * for that status (or `default`); other statuses against the vendor error envelope when the
   * operation declares none (`{ errors: Error[] }` with at least one error). Returns one message per
   * problem; empty means valid.
   */
  validateResponse(method: string, path: string, status: number, body: unknown): string[];
  /** Checks a request body against the operation's `requestBody` schema (no body expected → must be empty). */
  validateRequest(method: string, path: string, body: unknown): string[];
  /** Checks a value against `#/components/schemas/<name>`. */
  validateSchema(name: string, value: unknown): string[];
  /** The path template an operation is declared under, or undefined for an unknown path. */
  matchPath(method: string, path: string): string | undefined;
}

type Json = Record<string, unknown>;

interface Operation {
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
  readonly spec: Json;
}

const DOC_ID = 'openapi-document';

/** Dangling refs in a trimmed spec, stubbed so the schemas referring to them still compile. */
const STUBS: Record<string, Json> = {
  // Square's subset refers to it without shipping it; the enum is the one Square documents.
  CatalogModifierToggleOverrideType: { type: 'string', enum: ['NO', 'YES', 'NOT_SET'] },
};

/**
 * Rewrites OpenAPI 3.0 `nullable: true` into JSON Schema: ajv only accepts `nullable` next to a
 * `type`, and the spec also puts it beside `$ref`, where OpenAPI means "this ref, or null".
 */
function convertNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convertNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'example' || key === 'examples') out[key] = value;
    else out[key] = convertNullable(value);
  }
  if (out.nullable !== true) {
    if (out.nullable === false) delete out.nullable;
    return out;
  }
  delete out.nullable;
  if (typeof out.$ref === 'string') {
    const { $ref, ...rest } = out;
    return { ...rest, anyOf: [{ $ref }, { type: 'null' }] };
  }
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function formatErrors(prefix: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${prefix}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

const ERROR_ENVELOPE = (schemaRef: string): Json => ({
  type: 'object',
  required: ['errors'],
  properties: { errors: { type: 'array', minItems: 1, items: { $ref: schemaRef } } },
});

/** Loads an OpenAPI 3.0 JSON document and returns a validator over it. */
export function loadOpenApi(path: string): OpenApiValidator {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Json;
  const components = (raw.components ?? {}) as Json;
  const schemas = { ...STUBS, ...((components.schemas ?? {}) as Json) };
  const doc = convertNullable({ ...raw, components: { ...components, schemas } }) as Json;

  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  // The whole document is one schema resource so every `#/components/schemas/...` resolves in it.
  ajv.addSchema({ ...doc, $id: DOC_ID });

  const cache = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: Json): ValidateFunction => {
    let fn = cache.get(key);
    if (!fn) {
      fn = ajv.compile(schema);
      cache.set(key, fn);
    }
    return fn;
  };
  const refTo = (pointer: string): string => `${DOC_ID}#${pointer}`;
  const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

  const operations: Operation[] = Object.entries((doc.paths ?? {}) as Json)
    .map(([template, spec]) => {
      const source = template
        .split('/')
        .map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      return {
        template,
        pattern: new RegExp(`^${source}$`),
        params: (template.match(/\{/g) ?? []).length,
        spec: spec as Json,
      };
    })
    // Literal segments win over parameters: /v2/orders/search before /v2/orders/{order_id}.
    .sort((a, b) => a.params - b.params);

  const find = (method: string, path: string): { op: Operation; spec: Json } | undefined => {
    const clean = path.split('?')[0]!;
    const m = method.toLowerCase();
    for (const op of operations) {
      if ((op.template === clean || op.pattern.test(clean)) && op.spec[m]) {
        return { op, spec: op.spec[m] as Json };
      }
    }
    return undefined;
  };

  const jsonSchemaPointer = (content: unknown): boolean =>
    typeof content === 'object' &&
    content !== null &&
    typeof (content as Json)['application/json'] === 'object' &&
    (content as { 'application/json': Json })['application/json'].schema !== undefined;

  return {
    matchPath(method, path) {
      return find(method, path)?.op.template;
    },

    validateSchema(name, value) {
      if (!(name in schemas)) return [`no schema named ${name}`];
      const fn = compile(`schema:${name}`, { $ref: refTo(`/components/schemas/${escape(name)}`) });
      return fn(value) ? [] : formatErrors(name, fn.errors);
    },

    validateResponse(method, path, status, body) {
      const found = find(method, path);
      const label = `${method.toUpperCase()} ${path} ${status}`;
      if (!found) return [`${label}: no such operation in the description`];
      const { op, spec } = found;
      const responses = (spec.responses ?? {}) as Json;
      const declared = responses[String(status)] ? String(status) : undefined;
      const key = declared ?? (status >= 200 && status < 300 ? 'default' : undefined);
      const response = key ? (responses[key] as Json | undefined) : undefined;
      const base = `/paths/${escape(op.template)}/${method.toLowerCase()}/responses`;
      if (response && jsonSchemaPointer(response.content)) {
        const pointer = `${base}/${key}/content/application~1json/schema`;
        const fn = compile(pointer, { $ref: refTo(pointer) });
        return fn(body) ? [] : formatErrors(label, fn.errors);
      }
      if (status >= 200 && status < 300) return [`${label}: status not declared by the operation`];
      const fn = compile('error-envelope', ERROR_ENVELOPE(refTo('/components/schemas/Error')));
      return fn(body) ? [] : formatErrors(label, fn.errors);
    },

    validateRequest(method, path, body) {
      const found = find(method, path);
      const label = `${method.toUpperCase()} ${path} request`;
      if (!found) return [`${label}: no such operation in the description`];
      const { op, spec } = found;
      const requestBody = spec.requestBody as Json | undefined;
      if (!requestBody || !jsonSchemaPointer(requestBody.content)) {
        return body === undefined ? [] : [`${label}: the operation takes no JSON body`];
      }
      if (body === undefined) return requestBody.required ? [`${label}: body is required`] : [];
      const pointer = `/paths/${escape(op.template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
      const fn = compile(pointer, { $ref: refTo(pointer) });
      return fn(body) ? [] : formatErrors(label, fn.errors);
    },
  };
}

/** One recorded HTTP exchange (the shape of `SquareSimulator.requestLog()`). */
export interface RecordedExchange {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly status: number;
  readonly response: unknown;
}

/**
 * Validates recorded traffic: every response against its operation (errors against the error
 * envelope), and every request the server accepted (2xx) against the operation's request body.
 * Requests that were refused are left out: tests send invalid ones on purpose.
 */
export function validateTraffic(
  validator: OpenApiValidator,
  exchanges: readonly RecordedExchange[],
): string[] {
  const problems: string[] = [];
  for (const e of exchanges) {
    problems.push(...validator.validateResponse(e.method, e.path, e.status, e.response));
    if (e.status >= 200 && e.status < 300)
      problems.push(...validator.validateRequest(e.method, e.path, e.body));
  }
  return problems;
}
