// The V2.5 names live only in the retired-model tables, their tests and their docs: nothing else
// still sends or documents a retired model.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const allowed = new Set([
  'packages/core/src/models/built-in-models.ts',
  'packages/core/src/models/model-table.test.ts',
  'packages/core/src/models/retired-names.test.ts',
  'packages/core/src/http/classify-api-error.test.ts',
  'packages/core/src/client/client.models.test.ts',
  'packages/testing/src/server/server-models.ts',
  'packages/testing/src/server/server-models.test.ts',
  'packages/testing/src/server/test-server-options.ts',
  'examples/docs/client/models.ts',
  'docs/client.md',
  'docs/errors.md',
  'docs/testing.md',
]);

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'packs', 'coverage']);

// Walks the tree without descending into installed or built folders (reading them took ~30 s under load).
function files(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...files(path));
    } else if (/\.(ts|md|json)$/.test(entry.name)) found.push(path);
  }
  return found;
}

it('finds mimo-v2.5 names only in the retired-model tables, their tests and docs', () => {
  const all = [...files('packages'), ...files('docs'), ...files('examples'), ...files('bench'), 'README.md'];
  expect(all).toContain('packages/core/src/models/built-in-models.ts');
  const found = all.filter((file) => readFileSync(`${root}${file}`, 'utf8').includes('v2.5'));
  expect(found).toContain('packages/core/src/models/built-in-models.ts');
  expect(found.filter((file) => !allowed.has(file))).toEqual([]);
});
