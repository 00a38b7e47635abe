// The code in the docs comes from the examples: each ```ts block of these pages must appear, line for
// line (indentation aside), in one example file (examples/*.ts or examples/docs/**/*.ts), so the docs
// only show code that type-checks. The one exception is fenced ```ts-untested (docs/jobs.md: the
// Postgres store, which needs `pg`); the page says so.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const docPages = [
  'getting-started',
  'client',
  'tools',
  'runner',
  'multi-agent',
  'streaming',
  'structured-output',
  'jobs',
  'mcp',
  'approvals',
  'errors',
  'testing',
  'sessions-and-context',
  'observability',
  'inspector',
];
const pages = ['README.md', 'packages/mimo-agents/README.md', ...docPages.map((page) => `docs/${page}.md`)];

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim());
const files = [
  ...readdirSync(`${root}/examples`).filter((file) => file.endsWith('.ts')),
  ...readdirSync(`${root}/examples/docs`, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `docs/${file}`),
];
const examples = files.map((file) => ({
  file,
  lines: lines(readFileSync(`${root}/examples/${file}`, 'utf8')),
}));

/** Whether `block` occurs as consecutive lines of `source`. */
function contains(source: readonly string[], block: readonly string[]): boolean {
  for (let start = 0; start + block.length <= source.length; start++) {
    if (block.every((line, i) => source[start + i] === line)) return true;
  }
  return false;
}

it('finds the example files, the docs ones included', () => {
  expect(files).toContain('quickstart.ts');
  expect(files).toContain('docs/client/options.ts');
});

it('has exactly one block that is not type-checked: the Postgres store in docs/jobs.md', () => {
  const untested = ['README.md', ...docPages.map((page) => `docs/${page}.md`), 'docs/performance.md'].flatMap(
    (page) =>
      [...readFileSync(`${root}/${page}`, 'utf8').matchAll(/```ts-untested\n([\s\S]*?)```/g)].map(
        (match) => [page, match[1] ?? ''] as const,
      ),
  );
  expect(untested.map(([page]) => page)).toEqual(['docs/jobs.md']);
  expect(untested[0]?.[1]).toContain('export function createPostgresCheckpointStore(');
});

describe.each(pages)('%s', (page) => {
  const blocks = [...readFileSync(`${root}/${page}`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
    (match) => match[1] ?? '',
  );

  it('has code blocks', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block, index) => [index + 1, block] as const))(
    'block %i comes from an example',
    (_, block) => {
      const wanted = lines(block.trimEnd());
      const source = examples.find((example) => contains(example.lines, wanted));
      expect(source?.file, `not found in examples/*.ts or examples/docs/**/*.ts:\n${block}`).toBeDefined();
    },
  );
});
