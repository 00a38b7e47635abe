import { describe, expect, it } from 'vitest';
import { parsePartialJson } from './partial-json.js';

/** True when `later` keeps everything `earlier` had: keys stay, strings extend, arrays append. */
function extends_(earlier: unknown, later: unknown): boolean {
  if (typeof earlier === 'string') return typeof later === 'string' && later.startsWith(earlier);
  if (Array.isArray(earlier))
    return (
      Array.isArray(later) &&
      later.length >= earlier.length &&
      earlier.every((item, i) => extends_(item, later[i]))
    );
  if (typeof earlier === 'object' && earlier !== null)
    return (
      typeof later === 'object' &&
      later !== null &&
      Object.entries(earlier).every(
        ([key, value]) => key in later && extends_(value, (later as Record<string, unknown>)[key]),
      )
    );
  return Object.is(earlier, later);
}

const document = JSON.stringify({
  title: 'Caf\u00e9 "Z\u00fcrich" \ud83d\ude00 \\ line\nbreak',
  count: 1234.5e-1,
  ok: true,
  none: null,
  tags: ['a', 'bc', { deep: [1, 22, -333] }],
  nested: { empty: {}, list: [] },
});

describe('parsePartialJson', () => {
  it('reads every prefix of a document to a value that only grows and ends equal to JSON.parse', () => {
    let previous: unknown;
    for (let end = 0; end <= document.length; end += 1) {
      const partial = parsePartialJson(document.slice(0, end));
      if (previous !== undefined) expect(extends_(previous, partial), `prefix ${end}`).toBe(true);
      if (partial !== undefined) previous = partial;
    }
    expect(parsePartialJson(document)).toEqual(JSON.parse(document));
  });

  it('leaves out numbers and literals that may still grow, cut escapes and half surrogate pairs', () => {
    expect(parsePartialJson('{"n": 12')).toEqual({});
    expect(parsePartialJson('{"n": 12,')).toEqual({ n: 12 });
    expect(parsePartialJson('{"b": tru')).toEqual({});
    expect(parsePartialJson('{"s": "a\\')).toEqual({ s: 'a' });
    expect(parsePartialJson('{"s": "a\\u00')).toEqual({ s: 'a' });
    expect(parsePartialJson('{"s": "\ud83d')).toEqual({ s: '' });
    expect(parsePartialJson('{"ke')).toEqual({});
    expect(parsePartialJson('{"key"')).toEqual({});
  });

  it('skips prose or a fence before the object, and gives undefined before any value', () => {
    expect(parsePartialJson('Here you go:\n```json\n{"a": [1, 2')).toEqual({ a: [1] });
    expect(parsePartialJson('no json here')).toBeUndefined();
    expect(parsePartialJson('')).toBeUndefined();
  });
});
