import type { Io } from './io.js';

/** The `--json` switch of the commands that print records. */
export interface JsonOption {
  /** Print JSON for scripts (stable shapes) instead of a table for people. */
  json?: boolean | undefined;
}

/** Prints `value` as indented JSON on stdout. */
export function printJson(value: unknown, io: Io): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Prints rows under their headers in aligned columns; `empty` (on stderr) when there are none. */
export function printTable(headers: string[], rows: string[][], io: Io, empty: string): void {
  if (rows.length === 0) {
    io.err(empty);
    return;
  }
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  io.out(line(headers));
  for (const row of rows) io.out(line(row));
}
