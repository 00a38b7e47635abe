import { identifierWords, normalizeKey, singular } from './tool-words.js';

/** A tool call made since the user's message, with its output once sent. */
export interface EarlierCall {
  name: string;
  output: string | undefined;
}

const maxDepth = 4;
const maxValues = 2_000;

/**
 * Values the earlier tool outputs produced, by normalized key, for filling later calls: a JSON
 * output `{"id":"F1","price":120}` of `search_flights` gives `id`, `price`, and `flightid`,
 * `flightprice` (the tool's nouns as prefixes); a plain-text output is known under the tool's
 * nouns (`write_draft` → `draft`). Within one output the first occurrence wins (the first item
 * of a list); a later call's output overrides an earlier one's.
 */
export function knownValues(calls: readonly EarlierCall[]): Map<string, unknown> {
  const known = new Map<string, unknown>();
  for (const call of calls) {
    if (call.output === undefined) continue;
    const nouns = identifierWords(call.name).map(singular);
    const own = new Map<string, unknown>();
    const put = (key: string, value: unknown): void => {
      if (own.size >= maxValues || key === '') return;
      if (!own.has(key)) own.set(key, value);
    };
    const parsed = parseJson(call.output);
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null) {
      const value = parsed === undefined ? call.output : parsed;
      for (const noun of nouns) put(noun, value);
      put(normalizeKey(call.name), value);
    } else {
      walk(parsed, 0, (key, value) => {
        put(key, value);
        for (const noun of nouns) if (!key.startsWith(noun)) put(noun + key, value);
      });
    }
    for (const [key, value] of own) known.set(key, value);
  }
  return known;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function walk(node: unknown, depth: number, visit: (key: string, value: unknown) => void): void {
  if (depth > maxDepth || typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const item of node.slice(0, 20)) walk(item, depth + 1, visit);
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    if (value === null || typeof value !== 'object') visit(normalizeKey(key), value);
    else walk(value, depth + 1, visit);
  }
}
