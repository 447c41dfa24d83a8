import 'reflect-metadata';
import { createHub, type Hub } from './app/create-hub';
import { buildHubCatalogue, defaultConnectors } from './app/hub-catalogue';
import type { Role } from './app/role';
import { loadEnv, loadPoshubConfig } from './config';
import { listMappingFiles, mappingIdOf } from './mapping';

/**
 * Process entry: reads the environment and poshub.yaml (every bad key is reported at once), then
 * starts the hub in the requested role. Throws on any start-up problem; the CLI prints it and exits 1.
 */
export async function bootstrap(options: { role?: Role } = {}): Promise<Hub> {
  const env = loadEnv(process.env);
  const connectors = await defaultConnectors();
  const catalogue = buildHubCatalogue(connectors);
  const mappingIds = new Set(listMappingFiles(env.POSHUB_MAPPINGS_DIR).map((file) => mappingIdOf(file)));
  const config = loadPoshubConfig(env.POSHUB_CONFIG, {
    env: process.env,
    connectors: catalogue.connectors,
    mappingIds,
  });
  const hub = await createHub({ env, config, role: options.role ?? env.POSHUB_ROLE, connectors });
  if (hub.url) console.log(`poshub ${hub.role} listening on ${hub.url}`);
  return hub;
}
