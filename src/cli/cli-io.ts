/** Where a command writes; tests pass a recording fake, the binary passes {@link processIo}. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Writes to the process's stdout / stderr, one line per call. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A command: parsed arguments and an io in, exit code out. */
export type CliCommand<A> = (args: A, io: CliIo) => Promise<number>;
