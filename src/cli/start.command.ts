import { ROLES, type Role } from '../config';
import type { CliIo } from './cli-io';

export interface StartArgs {
  /** Overrides POSHUB_ROLE for this process. */
  readonly role?: string;
}

/** Seam for tests: what actually starts the hub (src/main.ts `bootstrap`). */
export interface StartDeps {
  readonly bootstrap?: (options: { role?: Role }) => Promise<unknown>;
}

/**
 * `poshub start`: boots the hub in the given role and returns once it is running; the open servers and
 * workers keep the process alive. Start-up errors (bad config included) are printed, exit code 1.
 */
export async function startCommand(args: StartArgs, io: CliIo, deps: StartDeps = {}): Promise<number> {
  if (args.role !== undefined && !isRole(args.role)) {
    io.err(`--role must be one of ${ROLES.join(', ')} (got "${args.role}")`);
    return 1;
  }
  try {
    const bootstrap = deps.bootstrap ?? (await import('../main')).bootstrap;
    await bootstrap({ role: args.role });
    return 0;
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
