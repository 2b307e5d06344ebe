import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './blocks.js';

/** A type error in a doc, where a reader of the Markdown finds it. */
export interface BlockError {
  doc: string;
  line: number;
  message: string;
}

/**
 * Type-checks every block as a module of one program, with the workspace's compiler options, resolving imports
 * from `projectDir` (a package that depends on what the docs import). The blocks exist only in memory, each in a
 * folder of its own; a block sees the doc's earlier blocks that name their path (`// src/index.ts`), so a doc's
 * test can import the plugin it wrote above it.
 */
export function typecheckBlocks(blocks: CodeBlock[], projectDir: string): BlockError[] {
  const files = new Map<string, string>();
  const owners = new Map<string, CodeBlock>();
  const named = new Map<string, Map<string, CodeBlock>>();
  for (const block of blocks) {
    const folder = join(projectDir, '.blocks', block.doc, String(block.index));
    const earlier = named.get(block.doc) ?? new Map<string, CodeBlock>();
    for (const [path, other] of earlier) files.set(join(folder, path), other.source);
    const file = join(folder, block.path);
    files.set(file, block.source);
    owners.set(file, block);
    if (block.path !== 'block.ts') earlier.set(block.path, block);
    named.set(block.doc, earlier);
  }

  const config = ts.getParsedCommandLineOfConfigFile(
    join(projectDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  const options: ts.CompilerOptions = {
    ...config!.options,
    noEmit: true,
    declaration: false,
    sourceMap: false,
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, ...rest) => {
    const source = files.get(name);
    return source === undefined ? getSourceFile(name, language, ...rest) : ts.createSourceFile(name, source, language);
  };
  const directoryExists = host.directoryExists?.bind(host);
  const virtualFolders = new Set([...files.keys()].flatMap((file) => ancestors(file, projectDir)));
  host.directoryExists = (name) => virtualFolders.has(name) || (directoryExists?.(name) ?? true);

  const program = ts.createProgram([...owners.keys()], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && owners.has(diagnostic.file.fileName))
    .map((diagnostic) => {
      const block = owners.get(diagnostic.file!.fileName)!;
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      return {
        doc: block.doc,
        line: block.docLine(line),
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
      };
    });
}

// The folders between a virtual file and the project folder, which the resolver must find to look inside.
function ancestors(file: string, stop: string): string[] {
  const folders: string[] = [];
  for (let folder = dirname(file); folder.startsWith(stop) && folder !== stop; folder = dirname(folder)) {
    folders.push(folder);
  }
  return folders;
}
