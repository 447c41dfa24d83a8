import { CANONICAL_SCHEMAS } from '../canonical';
import type { ConnectorCatalogue } from '../config';
import { createSchemaResolver, type SchemaResolver } from '../mapping';
import { buildRegistry, type ConnectorRegistry } from '../registry';
import type { ConnectorDefinition } from '../sdk/connector';

/** What the CLI derives from the connector list: the registry and the views config and mappings need. */
export interface HubCatalogue {
  readonly registry: ConnectorRegistry;
  readonly connectors: ConnectorCatalogue;
  readonly resolveSchema: SchemaResolver;
}

/** The connectors of connectors/index.ts, loaded on first use so `poshub --help` stays fast. */
export async function defaultConnectors(): Promise<readonly ConnectorDefinition<unknown>[]> {
  return (await import('../../connectors')).CONNECTORS;
}

/** Builds the registry (throws RegistryError on broken manifests) and its catalogue views. */
export function buildHubCatalogue(definitions: readonly ConnectorDefinition<unknown>[]): HubCatalogue {
  const registry = buildRegistry(definitions);
  const manifestOf = (id: string) => registry.get(id)?.manifest;
  return {
    registry,
    connectors: { get: manifestOf, ids: () => registry.list().map((definition) => definition.manifest.id) },
    resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: manifestOf }),
  };
}
