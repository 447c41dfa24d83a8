/** Command-line options of `npm run demo`. */
export interface DemoArgs {
  /** POS transactions to generate (sales and refunds together). */
  readonly transactions: number;
  /** Run to completion, print one JSON line and exit. */
  readonly exit: boolean;
  /** Where the SQLite ledger and the generated poshub.yaml go (emptied first). */
  readonly dataDir?: string;
  /** Seconds `--exit` waits for every transaction to reach Odoo and HubSpot. */
  readonly timeoutSeconds: number;
}

const USAGE = `usage: npm run demo -- [--transactions N] [--exit] [--data-dir DIR] [--timeout SECONDS]
  --transactions N   POS transactions to generate, refunds included (default 500)
  --exit             wait until all are in Odoo and HubSpot, print one JSON line, exit (1 on dead/duplicates/timeout)
  --data-dir DIR     SQLite ledger and poshub.yaml (default ./data/demo, emptied first)
  --timeout SECONDS  how long --exit waits (default 300)`;

function positiveInteger(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number`);
  return n;
}

/** A bad command line; the message is printed with the usage. */
export class UsageError extends Error {}

export { USAGE };

/** Parses the demo's options; throws UsageError on anything it does not know. */
export function parseArgs(argv: readonly string[]): DemoArgs | 'help' {
  let transactions = 500;
  let exit = false;
  let dataDir: string | undefined;
  let timeoutSeconds = 300;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--exit') exit = true;
    else if (arg === '--transactions') transactions = positiveInteger(arg, argv[++i]);
    else if (arg === '--timeout') timeoutSeconds = positiveInteger(arg, argv[++i]);
    else if (arg === '--data-dir') {
      dataDir = argv[++i];
      if (!dataDir) throw new UsageError('--data-dir needs a folder');
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return { transactions, exit, dataDir, timeoutSeconds };
}
