import {
  createConnectorContext,
  type ConnectorDefinition,
  type ConnectorInstance,
  type ConnectorRuntime,
  type SourcePage,
} from '../../src/sdk';

/**
 * Builds a connector instance for one test connection, parsing the config with the manifest's
 * schema exactly as the hub does.
 */
export function connect<C>(
  definition: ConnectorDefinition<C>,
  rawConfig: unknown,
  runtime: ConnectorRuntime = {},
  connectionId = 'test-conn',
): ConnectorInstance {
  const config = definition.manifest.configSchema.parse(rawConfig);
  return definition.create(createConnectorContext(definition.manifest, { connectionId, config }, runtime));
}

/** Drains a stream read into its pages. */
export async function readAll(
  instance: ConnectorInstance,
  stream: string,
  cursor: string | null,
): Promise<SourcePage[]> {
  if (!instance.read) throw new Error('connector has no read()');
  const pages: SourcePage[] = [];
  for await (const page of instance.read(stream, cursor)) pages.push(page);
  return pages;
}
