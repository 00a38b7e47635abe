const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf']);

/**
 * Turns a JSON Schema location (`['properties', 'a', 'items', 'properties', 'b']`) into the
 * field path a user recognises (`a[].b`); `(root)` for the schema itself.
 */
export function formatSchemaPath(path: readonly (string | number)[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const next = path[i + 1];
    if (part === '#') continue;
    if (part === 'properties' && next !== undefined) {
      out += out === '' ? String(next) : `.${String(next)}`;
      i++;
    } else if (part === 'items' || part === 'additionalItems') {
      if (typeof next === 'number') {
        out += `[${next}]`;
        i++;
      } else out += '[]';
    } else if (part === 'prefixItems' && next !== undefined) {
      out += `[${String(next)}]`;
      i++;
    } else if (part === 'additionalProperties') {
      out += out === '' ? '*' : '.*';
    } else if ((part === '$defs' || part === 'definitions') && next !== undefined) {
      out = String(next);
      i++;
    } else if (typeof part === 'string' && COMBINATORS.has(part)) {
      if (typeof next === 'number') i++;
    }
  }
  return out === '' ? '(root)' : out;
}

/** Formats a value path (`['items', 0, 'name']`) as `items[0].name`; `(root)` when empty. */
export function formatValuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}
