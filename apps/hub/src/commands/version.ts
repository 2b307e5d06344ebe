import { version } from '../version.js';
import type { Io } from './io.js';
import { type JsonOption, printJson } from './output.js';

/** `plugboard version`: the hub's version and Node's, as a line or `{ version, node }`. */
export async function versionCommand(options: JsonOption, io: Io): Promise<number> {
  if (options.json) printJson({ version: version(), node: process.version }, io);
  else io.out(`plugboard ${version()} (node ${process.version})`);
  return 0;
}
