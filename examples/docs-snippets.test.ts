// The code in the docs comes from the examples: each ```ts block of these pages must appear, line for
// line (indentation aside), in one example file, so the docs only show code that type-checks and runs.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = ['docs/getting-started.md'];

const lines = (text: string): string[] => text.split('\n').map((line) => line.trim());
const examples = readdirSync(fileURLToPath(new URL('.', import.meta.url)))
  .filter((file) => file.endsWith('.ts'))
  .map((file) => ({ file, lines: lines(readFileSync(new URL(file, import.meta.url), 'utf8')) }));

/** Whether `block` occurs as consecutive lines of `source`. */
function contains(source: readonly string[], block: readonly string[]): boolean {
  for (let start = 0; start + block.length <= source.length; start++) {
    if (block.every((line, i) => source[start + i] === line)) return true;
  }
  return false;
}

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
      expect(source?.file, `not found in examples/*.ts:\n${block}`).toBeDefined();
    },
  );
});
