import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The repository root (where bin/, mappings/ and connectors/ are). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** What a `poshub` child process did. */
export interface PoshubRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `poshub` binary in a child process, as an operator would: cwd the repository root,
 * an environment of PATH plus `env` only (nothing leaks in from the test process).
 */
export function runPoshub(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<PoshubRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'poshub.js'), ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
