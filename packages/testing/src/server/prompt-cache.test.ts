import { describe, expect, it } from 'vitest';
import { commonPrefix, PromptCache } from './prompt-cache.js';

/** The plain character loop commonPrefix replaced, as the reference. */
function slowPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

describe('commonPrefix', () => {
  it('agrees with a character loop on edge cases and on seeded random pairs', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['', 'abc'],
      ['abc', ''],
      ['abc', 'abc'],
      ['abc', 'abd'],
      ['xbc', 'abc'],
      ['abcdef', 'abc'],
      ['abc', 'abcdef'],
      ['héllo wörld', 'héllo world'],
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const base = Array.from({ length: random(300) }, () => 'ab'[random(2)]).join('');
      const cut = random(base.length + 1);
      const other = base.slice(0, cut) + Array.from({ length: random(40) }, () => 'ab'[random(2)]).join('');
      cases.push([base, other]);
    }
    for (const [a, b] of cases) expect(commonPrefix(a, b), `${a} | ${b}`).toBe(slowPrefix(a, b));
  });
});

describe('PromptCache', () => {
  it('reports the longest shared prefix with an earlier prompt of the same scope, in characters / 4', () => {
    const cache = new PromptCache();
    const request = (input: string, key?: string) => ({
      model: 'mimo-v2.6-pro',
      input,
      ...(key === undefined ? {} : { prompt_cache_key: key }),
    });
    expect(cache.lookup(request('a'.repeat(400)), 1_000)).toBe(0);
    // `["",[]]` (7 characters) + the quoted input: the first 400 + 8 characters are shared.
    expect(cache.lookup(request(`${'a'.repeat(400)}b`), 1_000)).toBe(Math.floor((7 + 1 + 400) / 4));
    expect(cache.lookup(request('a'.repeat(400), 'other'), 1_000)).toBe(0);
    expect(cache.lookup(request('a'.repeat(400)), 50)).toBe(50);
  });
});
