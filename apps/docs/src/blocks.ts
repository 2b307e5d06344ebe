import { readFileSync } from 'node:fs';

/** One fenced TypeScript block of a Markdown file, ready to be compiled as a module of its own. */
export interface CodeBlock {
  /** The Markdown file, relative to the repository. */
  doc: string;
  /** The block's position among the doc's TypeScript blocks, from 0. */
  index: number;
  /** Where a `// src/index.ts` first line says the block lives in the reader's project, else `block.ts`. */
  path: string;
  /** The prelude, then the block. */
  source: string;
  /** Maps a line of `source` (from 0) to the Markdown file's line (from 1). */
  docLine(sourceLine: number): number;
}

const OPEN = /^```(ts|typescript)\s*$/;
const CLOSE = /^```\s*$/;
const PATH_LINE = /^\/\/ ([\w./-]+\.ts)\s*$/;
const PRELUDE_START = '<!-- typecheck:';
const HIDDEN_FILE = /^<!-- typecheck: ([\w./-]+\.ts)\s*$/;
const COMMENT_END = '-->';

/**
 * The TypeScript blocks of one Markdown file. A fragment that uses names it does not define is preceded by an
 * HTML comment the page does not show, which declares them for the check:
 *
 *     <!-- typecheck:
 *     declare const app: import('koa');
 *     -->
 *
 * A comment that names a path (`<!-- typecheck: src/index.ts`) is a file the reader already has, which the
 * doc's later blocks may import.
 */
export function extractBlocks(file: string, doc: string): CodeBlock[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let line = 0; line < lines.length; line += 1) {
    const hidden = HIDDEN_FILE.exec(lines[line]!);
    if (hidden) {
      const start = line + 1;
      let end = start;
      while (end < lines.length && lines[end]!.trim() !== COMMENT_END) end += 1;
      blocks.push({
        doc,
        index: blocks.length,
        path: hidden[1]!,
        source: lines.slice(start, end).join('\n'),
        docLine: (sourceLine) => start + sourceLine + 1,
      });
      line = end;
      continue;
    }
    if (!OPEN.test(lines[line]!)) continue;
    const start = line + 1;
    let end = start;
    while (end < lines.length && !CLOSE.test(lines[end]!)) end += 1;
    const code = lines.slice(start, end);
    const prelude = preludeBefore(lines, line);
    const preludeLines = prelude?.lines ?? [];
    blocks.push({
      doc,
      index: blocks.length,
      path: PATH_LINE.exec(code[0] ?? '')?.[1] ?? 'block.ts',
      source: [...preludeLines, ...code].join('\n'),
      docLine: (sourceLine) =>
        sourceLine < preludeLines.length
          ? prelude!.firstLine + sourceLine + 1
          : start + (sourceLine - preludeLines.length) + 1,
    });
    line = end;
  }
  return blocks;
}

// The `<!-- typecheck: ... -->` comment that ends on the last non-blank line before a fence, if there is one.
function preludeBefore(lines: string[], fence: number): { lines: string[]; firstLine: number } | undefined {
  let close = fence - 1;
  while (close >= 0 && lines[close]!.trim() === '') close -= 1;
  if (close < 0 || lines[close]!.trim() !== COMMENT_END) return undefined;
  let open = close - 1;
  while (open >= 0 && !lines[open]!.startsWith('<!--')) open -= 1;
  if (open < 0 || lines[open]!.trim() !== PRELUDE_START) return undefined;
  return { lines: lines.slice(open + 1, close), firstLine: open + 1 };
}
