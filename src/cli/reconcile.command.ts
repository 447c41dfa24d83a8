import { buildHubCatalogue, defaultConnectors } from '../app/hub-catalogue';
import { loadEnv, loadPoshubConfig } from '../config';
import type { ConnectorDefinition } from '../sdk/connector';
import type { CliIo } from './cli-io';
import { formatReconciliation } from './reconcile.format';

export interface ReconcileArgs {
  /** Business day, YYYY-MM-DD. */
  readonly date: string;
  readonly timezone?: string;
  readonly location?: string;
  readonly destination?: string;
  /** Print the report as JSON (the API's answer) instead of a table. */
  readonly json?: boolean;
  /** poshub.yaml; default POSHUB_CONFIG. */
  readonly file?: string;
}

export interface ReconcileDeps {
  readonly env?: NodeJS.ProcessEnv;
  readonly connectors?: readonly ConnectorDefinition<unknown>[];
}

/**
 * `poshub reconcile --date YYYY-MM-DD`: the reconciliation report straight from the ledger at
 * DATABASE_URL (no Redis, no running hub needed). Exit 0 when everything was delivered, 1 when a
 * transaction is missing or differing (so cron can alert on it), 2 on bad input.
 */
export async function reconcileCommand(
  args: ReconcileArgs,
  io: CliIo,
  deps: ReconcileDeps = {},
): Promise<number> {
  const source = deps.env ?? process.env;
  // Loaded lazily: the ledger drivers and Nest metadata are not needed by `poshub --help`.
  const { Ledger, SecretBox } = await import('../ledger');
  const { RouteTable } = await import('../pipeline/route-table');
  const { ReconciliationInputError, ReconciliationService } =
    await import('../pipeline/reconciliation/reconciliation.service');
  let ledger: InstanceType<typeof Ledger> | undefined;
  try {
    const env = loadEnv(source);
    const hub = buildHubCatalogue(deps.connectors ?? (await defaultConnectors()));
    const config = loadPoshubConfig(args.file ?? env.POSHUB_CONFIG, {
      env: source,
      connectors: hub.connectors,
    });
    const routes = new RouteTable(config, (id) => hub.registry.require(config.connections[id].connector));
    ledger = await Ledger.open(env.DATABASE_URL, SecretBox.fromKey(env.POSHUB_SECRET_KEY), {
      migrate: false,
    });
    const service = new ReconciliationService(ledger, config, routes);
    io.err(`reconciling ${args.date}…`);
    const report = await service.report({
      date: args.date,
      timezone: args.timezone,
      location: args.location,
      destination: args.destination,
      onProgress: (done, total, label) => io.err(`  [${done}/${total}] ${label}`),
    });
    if (args.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatReconciliation(report)) io.out(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return err instanceof ReconciliationInputError ? 2 : 1;
  } finally {
    await ledger?.close();
  }
}
