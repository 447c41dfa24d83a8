import { CANONICAL_KINDS } from '../canonical/validate';
import { ConfigError } from '../sdk/errors';
import type { ConnectorDefinition, EntitySpec, StreamSpec } from '../sdk/connector';

/** Thrown at boot when connectors/index.ts lists broken manifests. `problems` names every one. */
export class RegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid connector registry:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

/** The validated, read-only set of connectors the hub knows. */
export interface ConnectorRegistry {
  get(id: string): ConnectorDefinition | undefined;
  /** Like `get`, but throws ConfigError naming the id and the known ids. */
  require(id: string): ConnectorDefinition;
  list(): ConnectorDefinition[];
  stream(connectorId: string, name: string): StreamSpec | undefined;
  entity(connectorId: string, name: string): EntitySpec | undefined;
}

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;
const NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const MAPPING_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
// semver 2.0.0 with optional pre-release and build metadata.
const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const KINDS: ReadonlySet<string> = new Set(CANONICAL_KINDS);

function isZodSchema(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    '_zod' in value &&
    typeof (value as { safeParse?: unknown }).safeParse === 'function'
  );
}

function isPositive(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function checkSpecs(
  label: string,
  id: string,
  specs: unknown,
  problems: string[],
  extra?: (spec: Record<string, unknown>, where: string) => void,
): void {
  if (!Array.isArray(specs)) {
    problems.push(`connector "${id}": ${label}s must be an array`);
    return;
  }
  const seen = new Set<string>();
  specs.forEach((raw: unknown, i) => {
    const spec = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = spec.name;
    const where = `connector "${id}" ${label} ${typeof name === 'string' ? `"${name}"` : `#${i}`}`;
    if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
      problems.push(`${where}: name must match ${NAME_PATTERN}`);
    } else if (seen.has(name)) {
      problems.push(`${where}: duplicate ${label} name`);
    } else {
      seen.add(name);
    }
    if (typeof spec.kind !== 'string' || !KINDS.has(spec.kind)) {
      problems.push(`${where}: kind must be one of ${[...KINDS].join(', ')}`);
    }
    const mapping = spec.defaultMapping;
    const prefix = `${id}/`;
    if (
      typeof mapping !== 'string' ||
      !mapping.startsWith(prefix) ||
      !MAPPING_NAME_PATTERN.test(mapping.slice(prefix.length))
    ) {
      problems.push(`${where}: defaultMapping must be "${id}/<name>" (got ${JSON.stringify(mapping)})`);
    }
    extra?.(spec, where);
  });
}

function validate(
  definition: ConnectorDefinition<unknown>,
  index: number,
  problems: string[],
): string | undefined {
  const manifest = (definition as { manifest?: unknown }).manifest as Record<string, unknown> | undefined;
  if (typeof manifest !== 'object' || manifest === null) {
    problems.push(`connector #${index}: manifest is missing`);
    return undefined;
  }
  const rawId = manifest.id;
  const id = typeof rawId === 'string' ? rawId : `#${index}`;
  if (typeof rawId !== 'string' || !ID_PATTERN.test(rawId)) {
    problems.push(`connector "${id}": id must be kebab-case (${ID_PATTERN})`);
  }
  if (typeof manifest.version !== 'string' || !SEMVER_PATTERN.test(manifest.version)) {
    problems.push(`connector "${id}": version must be semver (got ${JSON.stringify(manifest.version)})`);
  }
  if (typeof manifest.displayName !== 'string' || manifest.displayName.trim() === '') {
    problems.push(`connector "${id}": displayName is required`);
  }
  if (!isZodSchema(manifest.configSchema))
    problems.push(`connector "${id}": configSchema must be a zod schema`);
  if (typeof (definition as { create?: unknown }).create !== 'function') {
    problems.push(`connector "${id}": create must be a function`);
  }
  checkSpecs('stream', id, manifest.streams, problems);
  checkSpecs('entity', id, manifest.entities, problems, (spec, where) => {
    if (spec.payloadSchema !== undefined && !isZodSchema(spec.payloadSchema)) {
      problems.push(`${where}: payloadSchema must be a zod schema`);
    }
  });
  const rate = manifest.rateLimit as Record<string, unknown> | undefined;
  if (rate !== undefined) {
    if (!isPositive(rate?.requestsPerSecond)) {
      problems.push(`connector "${id}": rateLimit.requestsPerSecond must be a positive number`);
    }
    if (!isPositive(rate?.burst))
      problems.push(`connector "${id}": rateLimit.burst must be a positive number`);
  }
  const webhook = manifest.webhook as Record<string, unknown> | undefined;
  if (
    webhook !== undefined &&
    (typeof webhook?.verify !== 'function' || typeof webhook?.parse !== 'function')
  ) {
    problems.push(`connector "${id}": webhook must have verify() and parse()`);
  }
  return typeof rawId === 'string' ? rawId : undefined;
}

/**
 * Validates every connector definition (ids, versions, schemas, stream/entity names, default
 * mappings, rate limits) and returns the registry. Throws one {@link RegistryError} listing ALL
 * problems, so a broken connectors/index.ts is fixed in one pass.
 */
export function buildRegistry(definitions: readonly ConnectorDefinition<unknown>[]): ConnectorRegistry {
  const problems: string[] = [];
  const byId = new Map<string, ConnectorDefinition>();
  definitions.forEach((definition, index) => {
    const id = validate(definition, index, problems);
    if (id === undefined) return;
    if (byId.has(id)) problems.push(`connector "${id}": duplicate id`);
    else byId.set(id, definition);
  });
  if (problems.length > 0) throw new RegistryError(problems);

  const list = [...byId.values()];
  return {
    get: (id) => byId.get(id),
    require(id) {
      const found = byId.get(id);
      if (!found) {
        const known = [...byId.keys()].sort().join(', ') || '(none)';
        throw new ConfigError(`unknown connector "${id}"; known connectors: ${known}`, { connector: id });
      }
      return found;
    },
    list: () => [...list],
    stream: (connectorId, name) => byId.get(connectorId)?.manifest.streams.find((s) => s.name === name),
    entity: (connectorId, name) => byId.get(connectorId)?.manifest.entities.find((e) => e.name === name),
  };
}
