/**
 * The best value readable from the start of a JSON text that may be cut anywhere (a streamed
 * answer). Tolerant and monotone: a later, longer prefix of the same text never loses what an
 * earlier one gave. Objects keep only keys whose value has begun, strings are returned as far as
 * they go (an unfinished escape is left out), and numbers, `true`, `false` and `null` appear only
 * once they are complete (a trailing `1` may still become `12`). `undefined` before any value.
 * Leading prose or a ```json fence before the first `{` or `[` is skipped.
 */
export function parsePartialJson(text: string): unknown {
  const start = firstValueStart(text);
  if (start < 0) return undefined;
  const reader = { text, at: start };
  return readValue(reader)?.value;
}

interface Reader {
  text: string;
  at: number;
}

/** A value read, and whether it ended (a closed string, object or array, or a delimited literal). */
type Read = { value: unknown; done: boolean } | undefined;

function firstValueStart(text: string): number {
  for (let i = 0; i < text.length; i++) if (text[i] === '{' || text[i] === '[') return i;
  return -1;
}

function skipSpace(reader: Reader): void {
  while (reader.at < reader.text.length && /\s/.test(reader.text[reader.at] ?? '')) reader.at += 1;
}

function readValue(reader: Reader): Read {
  skipSpace(reader);
  const char = reader.text[reader.at];
  if (char === undefined) return undefined;
  if (char === '{') return readObject(reader);
  if (char === '[') return readArray(reader);
  if (char === '"') return readString(reader);
  return readLiteral(reader);
}

function readObject(reader: Reader): Read {
  reader.at += 1;
  const object: Record<string, unknown> = {};
  for (;;) {
    skipSpace(reader);
    const char = reader.text[reader.at];
    if (char === undefined) return { value: object, done: false };
    if (char === '}') {
      reader.at += 1;
      return { value: object, done: true };
    }
    if (char === ',') {
      reader.at += 1;
      continue;
    }
    if (char !== '"') return { value: object, done: false };
    const key = readString(reader);
    if (key === undefined || !key.done) return { value: object, done: false };
    skipSpace(reader);
    if (reader.text[reader.at] !== ':') return { value: object, done: false };
    reader.at += 1;
    const value = readValue(reader);
    if (value === undefined) return { value: object, done: false };
    object[key.value as string] = value.value;
    if (!value.done) return { value: object, done: false };
  }
}

function readArray(reader: Reader): Read {
  reader.at += 1;
  const array: unknown[] = [];
  for (;;) {
    skipSpace(reader);
    const char = reader.text[reader.at];
    if (char === undefined) return { value: array, done: false };
    if (char === ']') {
      reader.at += 1;
      return { value: array, done: true };
    }
    if (char === ',') {
      reader.at += 1;
      continue;
    }
    const value = readValue(reader);
    if (value === undefined) return { value: array, done: false };
    array.push(value.value);
    if (!value.done) return { value: array, done: false };
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

function readString(reader: Reader): Read {
  const { text } = reader;
  reader.at += 1;
  const parts: string[] = [];
  let runStart = reader.at;
  while (reader.at < text.length) {
    const char = text[reader.at];
    if (char === '"') {
      parts.push(text.slice(runStart, reader.at));
      reader.at += 1;
      return { value: parts.join(''), done: true };
    }
    if (char !== '\\') {
      reader.at += 1;
      continue;
    }
    parts.push(text.slice(runStart, reader.at));
    runStart = text.length;
    const code = text[reader.at + 1];
    // An escape cut by the end of the text is left out until it is whole.
    if (code === undefined) break;
    if (code === 'u') {
      const hex = text.slice(reader.at + 2, reader.at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      parts.push(String.fromCharCode(Number.parseInt(hex, 16)));
      reader.at += 6;
    } else {
      parts.push(ESCAPES[code] ?? code);
      reader.at += 2;
    }
    runStart = reader.at;
  }
  reader.at = text.length;
  if (runStart < reader.at) parts.push(text.slice(runStart, reader.at));
  // A lone high surrogate may be the first half of a pair still to come: leave it out.
  const value = parts.join('').replace(/[\uD800-\uDBFF]$/, '');
  return { value, done: false };
}

function readLiteral(reader: Reader): Read {
  const match = /^-?[0-9.eE+-]+|^true|^false|^null/.exec(reader.text.slice(reader.at, reader.at + 64));
  if (match === null) return undefined;
  const token = match[0];
  const end = reader.at + token.length;
  // Complete only once something follows it: at the end of the text a number may still grow.
  if (end >= reader.text.length) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(token);
  } catch {
    return undefined;
  }
  reader.at = end;
  return { value, done: true };
}
