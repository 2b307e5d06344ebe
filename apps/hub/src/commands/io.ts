/** Where a command writes: results to `out` (JSON stays pipeable), notices and problems to `err`. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The process's stdout and stderr. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
