import { createHash } from 'node:crypto';

/** MiMo's rule for function names. */
const VALID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX = 64;

/** Options of `mapToolNames()`. */
export interface MapToolNamesOptions {
  /** The MCP tools' names, as the server lists them. */
  names: readonly string[];
  /** Put before every name with a `_` (e.g. the server's name); `''` for none. */
  prefix: string;
}

/** A two-way table between MCP tool names and the function names MiMo accepts. */
export interface ToolNameMap {
  /** MCP name → function name. */
  readonly toFunction: ReadonlyMap<string, string>;
  /** Function name → MCP name. */
  readonly toMcp: ReadonlyMap<string, string>;
}

/**
 * Maps every MCP tool name to a valid, unique function name: `prefix_name`, characters other
 * than letters, digits, `_` and `-` replaced by `_`, cut to 64. Names that collide after that
 * all get a short hash of their original name, so the result does not depend on list order
 * (a resumed run sees the same names as long as the server lists the same tools).
 * @example
 * mapToolNames({ names: ['crm.search'], prefix: 'crm' }).toFunction.get('crm.search'); // 'crm_crm_search'
 */
export function mapToolNames(options: MapToolNamesOptions): ToolNameMap {
  const prefix = sanitize(options.prefix);
  const unique = [...new Set(options.names)];
  const base = new Map(
    unique.map((name) => [name, fit(prefix === '' ? sanitize(name) : `${prefix}_${sanitize(name)}`)]),
  );
  const counts = new Map<string, number>();
  for (const mapped of base.values()) counts.set(mapped, (counts.get(mapped) ?? 0) + 1);
  const toFunction = new Map<string, string>();
  const toMcp = new Map<string, string>();
  for (const [name, mapped] of base) {
    let fn = (counts.get(mapped) ?? 0) > 1 ? withHash(mapped, name, 6) : mapped;
    // A hashed name could still meet another name by chance: lengthen the hash until it is free.
    for (let length = 8; toMcp.has(fn); length += 2) fn = withHash(mapped, name, length);
    toFunction.set(name, fn);
    toMcp.set(fn, name);
  }
  return { toFunction, toMcp };
}

/** True when `name` is a function name MiMo accepts. */
export function isValidFunctionName(name: string): boolean {
  return VALID.test(name);
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** Cuts long names and keeps them apart with a hash of the full name. */
function fit(name: string): string {
  if (name === '') return 'tool';
  return name.length <= MAX ? name : withHash(name, name, 8);
}

function withHash(mapped: string, original: string, length: number): string {
  const hash = createHash('sha256').update(original).digest('hex').slice(0, length);
  return `${mapped.slice(0, MAX - length - 1)}_${hash}`;
}
