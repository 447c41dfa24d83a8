import { CANONICAL_SCHEMAS } from '../canonical';
import type { ConnectorCatalogue } from '../config';
import { createSchemaResolver, type SchemaResolver } from '../mapping';
import { buildRegistry, derivedStreams, type ConnectorRegistry } from '../registry';
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
    connectors: {
      // Routes may start from the streams poshub derives (buying behaviour) as well as the vendor's.
      get: (id) => {
        const manifest = manifestOf(id);
        return manifest && { ...manifest, streams: [...manifest.streams, ...derivedStreams(manifest)] };
      },
      ids: () => registry.list().map((definition) => definition.manifest.id),
    },
    resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: manifestOf }),
  };
}
