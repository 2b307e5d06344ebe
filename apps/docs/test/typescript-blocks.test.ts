import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, extractBlocks } from '../src/blocks.js';
import { type BlockError, typecheckBlocks } from '../src/typecheck.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const projectDir = fileURLToPath(new URL('../', import.meta.url));

// docs/*.md, the root README and every package's README.
function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name));
  const readmes = ['packages', 'plugins', 'apps'].flatMap((folder) =>
    readdirSync(join(root, folder))
      .map((name) => join(root, folder, name, 'README.md'))
      .filter((file) => existsSync(file)),
  );
  return [...docs, join(root, 'README.md'), ...readmes];
}

function format(errors: BlockError[]): string[] {
  return errors.map((error) => `${error.doc}:${error.line}: ${error.message}`);
}

const fixture = fileURLToPath(new URL('./fixtures/broken.md', import.meta.url));
const blocks: CodeBlock[] = [
  ...markdownFiles().flatMap((file) => extractBlocks(file, relative(root, file))),
  ...extractBlocks(fixture, 'fixtures/broken.md'),
];
// One program for every block: the workspace's types load once.
const errors = typecheckBlocks(blocks, projectDir);
const docsWithBlocks = [...new Set(blocks.map((block) => block.doc))].filter((doc) => doc !== 'fixtures/broken.md');

describe('every TypeScript block in docs/ and the READMEs type-checks', () => {
  it('finds the blocks of the plugin guide, the embedding guide and the package READMEs', () => {
    expect(docsWithBlocks).toEqual(
      expect.arrayContaining(['docs/plugin-authoring.md', 'docs/embedding.md', 'packages/plugin-kit/README.md']),
    );
  });

  it.each(docsWithBlocks)('%s', (doc) => {
    expect(format(errors.filter((error) => error.doc === doc))).toEqual([]);
  });

  it('reports a rotted example at its line in the Markdown: an option the plugin does not have', () => {
    expect(format(errors.filter((error) => error.doc === 'fixtures/broken.md'))).toEqual([
      expect.stringMatching(
        /^fixtures\/broken\.md:24: Object literal may only specify known properties, and 'baseUrl'/,
      ),
    ]);
  });
});
