import { Command, CommanderError, Option } from 'commander';
import { ROLES } from '../config';
import { processIo, type CliIo } from './cli-io';
import { configCheckCommand } from './config-check.command';
import { connectorNewCommand, type ConnectorKind } from './connector-new.command';
import {
  deliveriesListCommand,
  deliveriesRetryCommand,
  deliveriesSkipCommand,
  type DeliveriesListArgs,
  type DeliveriesRetryArgs,
} from './deliveries.command';
import {
  connectionsCheckCommand,
  connectionsListCommand,
  connectionsSetupCommand,
} from './connections.command';
import { mappingsPreviewCommand } from './mappings-preview.command';
import { mappingsTestCommand } from './mappings-test.command';
import { migrateCommand } from './migrate.command';
import { reconcileCommand } from './reconcile.command';
import { startCommand } from './start.command';
import { syncCommand } from './sync.command';

/** Builds the `poshub` program; each action stores its exit code in `result`. */
function buildProgram(io: CliIo, result: { code: number }): Command {
  const program = new Command('poshub')
    .description('poshub connector hub: POS sales, customers and stock into ERP and CRM systems')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, '')),
      writeErr: (text) => io.err(text.replace(/\n$/, '')),
    });

  program
    .command('start')
    .description('start the hub (API, workers and/or scheduler)')
    .addOption(new Option('--role <role>', 'which parts to run; default POSHUB_ROLE').choices(ROLES))
    .action(async (options: { role?: string }) => {
      result.code = await startCommand({ role: options.role }, io);
    });

  program
    .command('migrate')
    .description('apply pending ledger migrations to DATABASE_URL')
    .action(async () => {
      result.code = await migrateCommand({}, io);
    });

  const config = program.command('config').description('configuration tools');
  config
    .command('check')
    .description('validate the environment, poshub.yaml, connectors and mappings')
    .option('--file <path>', 'poshub.yaml to check; default POSHUB_CONFIG')
    .action(async (options: { file?: string }) => {
      result.code = await configCheckCommand({ file: options.file }, io);
    });

  const connections = program.command('connections').description('the connections of poshub.yaml');
  connections
    .command('list')
    .description('list the configured connections')
    .option('--file <path>', 'poshub.yaml; default POSHUB_CONFIG')
    .action(async (options: { file?: string }) => {
      result.code = await connectionsListCommand({ file: options.file }, io);
    });
  connections
    .command('check <id>')
    .description("check a connection's credentials and set-up against the live system")
    .option('--file <path>', 'poshub.yaml; default POSHUB_CONFIG')
    .action(async (id: string, options: { file?: string }) => {
      result.code = await connectionsCheckCommand({ id, file: options.file }, io);
    });
  connections
    .command('setup <id>')
    .description('create what the target needs before poshub writes to it (idempotent)')
    .option('--file <path>', 'poshub.yaml; default POSHUB_CONFIG')
    .action(async (id: string, options: { file?: string }) => {
      result.code = await connectionsSetupCommand({ id, file: options.file }, io);
    });

  const deliveries = program
    .command('deliveries')
    .description('deliveries in the ledger (DATABASE_URL, REDIS_URL; no hub needed)');
  const filters = (command: Command) =>
    command
      .option('--status <status>', 'pending, done, dead or skipped')
      .option('--destination <connection>', 'destination connection id')
      .option('--route <route>', 'route id')
      .option('--error <text>', 'substring of the last error')
      .option('--error-code <code>', 'error code (TRANSIENT, REJECTED, MAPPING, ...)')
      .option('--since <date>', 'created at or after')
      .option('--until <date>', 'created before');
  filters(deliveries.command('list').description('list deliveries, newest first'))
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'one JSON object per line')
    .action(async (options: DeliveriesListArgs) => {
      result.code = await deliveriesListCommand(options, io);
    });
  filters(deliveries.command('retry [ids...]').description('retry deliveries by id, or --all matching'))
    .option('--all', 'every delivery matching the filters (default --status dead)')
    .action(async (ids: string[], options: Omit<DeliveriesRetryArgs, 'ids'>) => {
      result.code = await deliveriesRetryCommand({ ...options, ids }, io);
    });
  deliveries
    .command('skip <ids...>')
    .description('give up on pending or dead deliveries')
    .option('--reason <text>', 'why (kept in the audit log)')
    .action(async (ids: string[], options: { reason?: string }) => {
      result.code = await deliveriesSkipCommand({ ids, reason: options.reason }, io);
    });

  const mappings = program.command('mappings').description('mapping tools');
  mappings
    .command('test')
    .description('run the golden fixtures of every mapping')
    .option('--dir <path>', 'mappings folder; default POSHUB_MAPPINGS_DIR')
    .action(async (options: { dir?: string }) => {
      result.code = await mappingsTestCommand({ dir: options.dir }, io);
    });
  mappings
    .command('preview <mapping> <input>')
    .description('print the payload a mapping makes of a JSON document, validated, without sending it')
    .option('--context <file>', 'JSON like a fixture context.json: connectionId, lookups, context, overrides')
    .option('--dir <path>', 'mappings folder; default POSHUB_MAPPINGS_DIR')
    .action(async (mapping: string, input: string, options: { context?: string; dir?: string }) => {
      result.code = await mappingsPreviewCommand({ mapping, input, ...options }, io);
    });

  program
    .command('connector')
    .description('connector tools')
    .command('new <id>')
    .description('scaffold a connector that passes the conformance suite, registered in connectors/index.ts')
    .addOption(new Option('--kind <kind>', 'what it does').choices(['source', 'sink']).makeOptionMandatory())
    .option('--dir <path>', 'project root; default the poshub checkout this command runs from')
    .action(async (id: string, options: { kind: ConnectorKind; dir?: string }) => {
      result.code = await connectorNewCommand({ id, kind: options.kind, dir: options.dir }, io);
    });

  program
    .command('sync <connection>')
    .description("pull a connection's streams now, in this process (deliveries go to the hub's queues)")
    .option('--stream <stream>', 'only this stream; default every stream the connector reads')
    .option('--since <iso>', 'first move the checkpoint to this instant (square, hubspot, odoo)')
    .option('--file <path>', 'poshub.yaml; default POSHUB_CONFIG')
    .action(async (connection: string, options: { stream?: string; since?: string; file?: string }) => {
      result.code = await syncCommand({ connection, ...options }, io);
    });

  program
    .command('reconcile')
    .description('POS totals of a business day per location against what each ERP/CRM received')
    .requiredOption('--date <day>', 'business day, YYYY-MM-DD')
    .option('--timezone <zone>', "IANA zone of the day; default the route's posting zone, else UTC")
    .option('--location <id>', 'only this POS location')
    .option('--destination <connection>', 'only this destination connection')
    .option('--json', 'print the report as JSON (as the API answers)')
    .option('--file <path>', 'poshub.yaml; default POSHUB_CONFIG')
    .action(async (options: ReconcileOptions) => {
      result.code = await reconcileCommand(options, io);
    });

  return program;
}

interface ReconcileOptions {
  date: string;
  timezone?: string;
  location?: string;
  destination?: string;
  json?: boolean;
  file?: string;
}

/**
 * Runs the CLI with `argv` as in process.argv (node, script, ...args) and resolves to the exit code.
 * Never calls process.exit, so `start` keeps running on its open handles.
 */
export async function runCli(argv: readonly string[] = process.argv, io: CliIo = processIo): Promise<number> {
  const result = { code: 0 };
  try {
    await buildProgram(io, result).parseAsync([...argv]);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  }
  return result.code;
}

if (require.main === module) {
  void runCli().then((code) => {
    process.exitCode = code;
  });
}
