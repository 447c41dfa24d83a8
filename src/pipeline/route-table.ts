import type { CanonicalKindName, ConnectorDefinition } from '../sdk/connector';
import type { PoshubConfig } from '../config';
import { derivedStreams } from '../registry/derived-streams';

/** A route with its mapping and kinds resolved against the connector manifests. */
export interface ResolvedRoute {
  readonly id: string;
  readonly sourceConnectionId: string;
  readonly stream: string;
  readonly destinationConnectionId: string;
  readonly entity: string;
  readonly kind: CanonicalKindName;
  /** Mapping from canonical to the destination payload. */
  readonly mappingId: string;
  /** JSONata predicate on the canonical record; absent = every record. */
  readonly filter?: string;
  /** Per-field overrides of the destination connection for this entity. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Daily-summary posting, when the route asks for it (absent = one document per record). */
  readonly dailySummary?: DailySummaryPolicy;
}

/** Daily-summary settings of a route, resolved. */
export interface DailySummaryPolicy {
  readonly timezone: string;
  /** Lookup table mapping POS locations to IANA zones. */
  readonly timezones?: string;
  readonly closeAfterMs: number;
  /** Quiet time a due day needs before it closes. */
  readonly settleAfterMs: number;
}

/** How one source stream of one connection is read and mapped. */
export interface ResolvedStream {
  readonly connectionId: string;
  readonly stream: string;
  readonly kind: CanonicalKindName;
  readonly mappingId: string;
  readonly overrides?: Readonly<Record<string, string>>;
  /** Computed by poshub (buying behaviour), never read from the vendor; `mappingId` is empty. */
  readonly derived?: boolean;
}

/**
 * The routes of poshub.yaml resolved once at start-up, indexed for the hot paths: by source
 * stream (pull) and by id (deliver).
 */
export class RouteTable {
  private readonly byId = new Map<string, ResolvedRoute>();
  private readonly bySource = new Map<string, ResolvedRoute[]>();
  private readonly streams = new Map<string, ResolvedStream>();

  constructor(config: PoshubConfig, connectorOf: (connectionId: string) => ConnectorDefinition<unknown>) {
    for (const [connectionId, connection] of Object.entries(config.connections)) {
      const manifest = connectorOf(connectionId).manifest;
      for (const spec of manifest.streams) {
        this.streams.set(key(connectionId, spec.name), {
          connectionId,
          stream: spec.name,
          kind: spec.kind,
          mappingId: connection.mappings?.[spec.name] ?? spec.defaultMapping,
          overrides: connection.overrides?.[spec.name],
        });
      }
      for (const spec of derivedStreams(manifest)) {
        this.streams.set(key(connectionId, spec.name), {
          connectionId,
          stream: spec.name,
          kind: spec.kind,
          mappingId: '',
          derived: true,
        });
      }
    }
    for (const route of config.routes) {
      const destination = config.connections[route.destination.connection];
      const entity = connectorOf(route.destination.connection).manifest.entities.find(
        (e) => e.name === route.destination.entity,
      );
      if (!entity || !destination) {
        throw new Error(`route ${route.id}: unknown destination entity ${route.destination.entity}`);
      }
      const resolved: ResolvedRoute = {
        id: route.id,
        sourceConnectionId: route.source.connection,
        stream: route.source.stream,
        destinationConnectionId: route.destination.connection,
        entity: entity.name,
        kind: entity.kind,
        mappingId: route.mapping ?? destination.mappings?.[entity.name] ?? entity.defaultMapping,
        filter: route.filter,
        overrides: destination.overrides?.[entity.name],
        dailySummary:
          route.posting?.policy === 'daily-summary'
            ? {
                timezone: route.posting.timezone,
                timezones: route.posting.timezones,
                closeAfterMs: route.posting.closeAfterMs,
                settleAfterMs: route.posting.settleAfterMs,
              }
            : undefined,
      };
      this.byId.set(resolved.id, resolved);
      const list = this.bySource.get(key(resolved.sourceConnectionId, resolved.stream)) ?? [];
      list.push(resolved);
      this.bySource.set(key(resolved.sourceConnectionId, resolved.stream), list);
    }
  }

  route(id: string): ResolvedRoute | undefined {
    return this.byId.get(id);
  }

  routes(): ResolvedRoute[] {
    return [...this.byId.values()];
  }

  /** Routes fed by a source stream. */
  fromSource(connectionId: string, stream: string): readonly ResolvedRoute[] {
    return this.bySource.get(key(connectionId, stream)) ?? [];
  }

  stream(connectionId: string, stream: string): ResolvedStream | undefined {
    return this.streams.get(key(connectionId, stream));
  }

  /** Destination connection ids that receive at least one route. */
  destinations(): string[] {
    return [...new Set(this.routes().map((r) => r.destinationConnectionId))];
  }

  /**
   * The route that delivers records of `kind` from `sourceConnectionId` to `destinationConnectionId`,
   * used to deliver what a record references (a sale's customer) before the record itself.
   */
  dependencyRoute(
    sourceConnectionId: string,
    destinationConnectionId: string,
    kind: CanonicalKindName,
  ): ResolvedRoute | undefined {
    return this.routes().find(
      (r) =>
        r.sourceConnectionId === sourceConnectionId &&
        r.destinationConnectionId === destinationConnectionId &&
        r.kind === kind,
    );
  }
}

function key(connectionId: string, stream: string): string {
  return `${connectionId}\u0000${stream}`;
}
