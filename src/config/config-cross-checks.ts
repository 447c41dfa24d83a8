import jsonata from 'jsonata';
import type { z } from 'zod';
import { joinPath, type ConfigIssue } from './config-validation.error';
import { crossCheckStock } from './stock-cross-checks';

/** What the config loader needs to know about one connector (a subset of its manifest). */
export interface ConnectorCatalogueEntry {
  readonly configSchema: z.ZodType;
  /** `derived` streams are computed by poshub: routes may read them, schedules may not. */
  readonly streams: readonly {
    readonly name: string;
    readonly defaultMapping?: string;
    readonly derived?: boolean;
  }[];
  readonly entities: readonly { readonly name: string; readonly defaultMapping?: string }[];
}

/** Connector lookup used to validate connections; the registry's manifests fit it. */
export interface ConnectorCatalogue {
  get(id: string): ConnectorCatalogueEntry | undefined;
  /** Known connector ids, quoted in "unknown connector" messages when available. */
  ids?(): readonly string[];
}

/** Inputs of the cross-checks; `raw` is the env-substituted YAML tree, valid or not. */
export interface CrossCheckInput {
  readonly raw: unknown;
  readonly connectors?: ConnectorCatalogue;
  readonly mappingIds?: ReadonlySet<string>;
  /** Called with each connection's config issues so secret values can be scrubbed from messages. */
  readonly scrub?: (connectionId: string, entry: ConnectorCatalogueEntry, message: string) => string;
}

type Loose = Record<string, unknown>;
const record = (value: unknown): Loose =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const names = (items: readonly { name: string }[]) => items.map((item) => item.name).join(', ') || 'none';

/**
 * Checks that need more than one key at a time: references between sections, unique route ids, and
 * (with a catalogue) connectors, their config schemas, streams, entities and mapping ids. Works on the
 * raw tree so it still reports when the zod pass found other problems.
 */
export function crossCheckConfig({ raw, connectors, mappingIds, scrub }: CrossCheckInput): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  const connections = record(record(raw).connections);
  const connectorOf = (connectionId: string | undefined): ConnectorCatalogueEntry | undefined => {
    const id = connectionId === undefined ? undefined : text(record(connections[connectionId]).connector);
    return id === undefined ? undefined : connectors?.get(id);
  };
  const checkMapping = (path: string, id: string | undefined, what = 'mapping') => {
    if (id !== undefined && mappingIds && !mappingIds.has(id)) add(path, `${what} "${id}" does not exist`);
  };
  const checkExpression = (path: string, expression: unknown) => {
    const source = text(expression);
    if (source === undefined) return;
    try {
      jsonata(source);
    } catch (err) {
      const { position, message } = err as { position?: number; message?: string };
      add(path, `JSONata syntax error at position ${position ?? '?'}: ${message ?? String(err)}`);
    }
  };

  for (const [connectionId, value] of Object.entries(connections)) {
    const connection = record(value);
    const base = `connections.${connectionId}`;
    const connectorId = text(connection.connector);
    const entry = connectorId === undefined ? undefined : connectors?.get(connectorId);
    if (connectors && connectorId !== undefined && !entry) {
      const known = connectors.ids?.();
      add(
        `${base}.connector`,
        `unknown connector "${connectorId}"${known ? ` (known: ${known.join(', ')})` : ''}`,
      );
    }
    if (entry) {
      const parsed = entry.configSchema.safeParse(connection.config ?? {});
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const message = scrub ? scrub(connectionId, entry, issue.message) : issue.message;
          add(joinPath([base, 'config', ...issue.path]), message);
        }
      }
    }
    const streamOrEntity = new Set(
      [...(entry?.streams ?? []), ...(entry?.entities ?? [])].map((s) => s.name),
    );
    for (const [key, mappingId] of Object.entries(record(connection.mappings))) {
      if (entry && !streamOrEntity.has(key))
        add(`${base}.mappings.${key}`, `connector has no stream or entity "${key}"`);
      checkMapping(`${base}.mappings.${key}`, text(mappingId));
    }
    for (const [key, overrides] of Object.entries(record(connection.overrides))) {
      if (entry && !streamOrEntity.has(key))
        add(`${base}.overrides.${key}`, `connector has no stream or entity "${key}"`);
      for (const [outputPath, expression] of Object.entries(record(overrides))) {
        checkExpression(`${base}.overrides.${key}.${outputPath}`, expression);
      }
    }
  }

  const seenRoutes = new Map<string, number>();
  list(record(raw).routes).forEach((value, index) => {
    const route = record(value);
    const base = `routes.${index}`;
    const id = text(route.id);
    if (id !== undefined) {
      const first = seenRoutes.get(id);
      if (first === undefined) seenRoutes.set(id, index);
      else add(`${base}.id`, `duplicate route id "${id}" (also routes.${first}.id)`);
    }
    const source = record(route.source);
    const destination = record(route.destination);
    const sourceId = text(source.connection);
    const destinationId = text(destination.connection);
    if (sourceId !== undefined && !(sourceId in connections)) {
      add(`${base}.source.connection`, `unknown connection "${sourceId}"`);
    }
    if (destinationId !== undefined && !(destinationId in connections)) {
      add(`${base}.destination.connection`, `unknown connection "${destinationId}"`);
    }
    const streamName = text(source.stream);
    const sourceConnector = connectorOf(sourceId);
    const stream = sourceConnector?.streams.find((s) => s.name === streamName);
    if (sourceConnector && streamName !== undefined && !stream) {
      add(`${base}.source.stream`, `no stream "${streamName}" (streams: ${names(sourceConnector.streams)})`);
    }
    if (stream && sourceId !== undefined) {
      const configured = text(record(record(connections[sourceId]).mappings)[stream.name]);
      checkMapping(`${base}.source.stream`, configured ?? stream.defaultMapping, 'source mapping');
    }
    const entityName = text(destination.entity);
    const destinationConnector = connectorOf(destinationId);
    const entity = destinationConnector?.entities.find((e) => e.name === entityName);
    if (destinationConnector && entityName !== undefined && !entity) {
      add(
        `${base}.destination.entity`,
        `no entity "${entityName}" (entities: ${names(destinationConnector.entities)})`,
      );
    }
    const mapping = text(route.mapping);
    if (mapping !== undefined) checkMapping(`${base}.mapping`, mapping);
    else if (entity && destinationId !== undefined) {
      const configured = text(record(record(connections[destinationId]).mappings)[entity.name]);
      checkMapping(`${base}.mapping`, configured ?? entity.defaultMapping, 'default mapping');
    }
    checkExpression(`${base}.filter`, route.filter);
  });

  const identity = record(record(raw).identity);
  for (const [field, owner] of Object.entries(record(identity.owners))) {
    const id = text(owner);
    if (id !== undefined && !(id in connections))
      add(`identity.owners.${field}`, `unknown connection "${id}"`);
  }
  for (const id of Object.keys(record(identity.countries))) {
    if (!(id in connections)) add(`identity.countries.${id}`, `unknown connection "${id}"`);
  }

  issues.push(...crossCheckStock(raw));

  list(record(raw).schedules).forEach((value, index) => {
    const schedule = record(value);
    const connectionId = text(schedule.connection);
    if (connectionId !== undefined && !(connectionId in connections)) {
      add(`schedules.${index}.connection`, `unknown connection "${connectionId}"`);
    }
    const stream = text(schedule.stream);
    const connector = connectorOf(connectionId);
    const readable = connector?.streams.filter((s) => !s.derived) ?? [];
    if (connector && stream !== undefined && !readable.some((s) => s.name === stream)) {
      add(`schedules.${index}.stream`, `no stream "${stream}" (streams: ${names(readable)})`);
    }
  });
  return issues;
}
