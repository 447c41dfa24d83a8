import { Command, CommanderError, Option } from 'commander';
import { ROLES } from '../config';
import { processIo, type CliIo } from './cli-io';
import { configCheckCommand } from './config-check.command';
import {
  connectionsCheckCommand,
  connectionsListCommand,
  connectionsSetupCommand,
} from './connections.command';
import { mappingsTestCommand } from './mappings-test.command';
import { migrateCommand } from './migrate.command';
import { startCommand } from './start.command';

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

  const mappings = program.command('mappings').description('mapping tools');
  mappings
    .command('test')
    .description('run the golden fixtures of every mapping')
    .option('--dir <path>', 'mappings folder; default POSHUB_MAPPINGS_DIR')
    .action(async (options: { dir?: string }) => {
      result.code = await mappingsTestCommand({ dir: options.dir }, io);
    });

  return program;
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
