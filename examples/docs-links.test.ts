// The docs link only to files in this repository: every relative link (and every path written in
// backticks that starts with ../) in the README, docs/ and the package READMEs must name a file or
// folder inside the repository that exists, and a #fragment must name a heading of that page.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
  ...readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'README.md')))
    .map((dir) => `packages/${dir}/README.md`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      (match[1] ?? '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replaceAll(' ', '-'),
    ),
  );
}

/** Relative targets: markdown links `](x)` and backticked paths that climb out with `../`. */
function targets(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  const links = [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
  const paths = [...withoutCode.matchAll(/`(\.\.\/[^`\s]+)`/g)].map((match) => match[1] ?? '');
  return [...links, ...paths].filter((target) => !/^[a-z]+:/i.test(target));
}

it('finds pages with links, including docs/client.md', () => {
  expect(pages).toContain('docs/client.md');
  expect(pages.flatMap((page) => targets(readFileSync(join(root, page), 'utf8'))).length).toBeGreaterThan(20);
});

describe.each(pages)('%s', (page) => {
  it('links only to files inside the repository that exist', () => {
    const markdown = readFileSync(join(root, page), 'utf8');
    for (const target of targets(markdown)) {
      const [path = '', fragment] = target.split('#');
      const file = path === '' ? join(root, page) : resolve(dirname(join(root, page)), path);
      expect(relative(root, file).startsWith('..'), `${target}: outside the repository`).toBe(false);
      expect(existsSync(file), `${target}: no such file`).toBe(true);
      if (fragment !== undefined && fragment !== '' && statSync(file).isFile() && file.endsWith('.md')) {
        expect([...anchors(readFileSync(file, 'utf8'))], `${target}: no such heading`).toContain(fragment);
      }
    }
  });
});
