import { LEAF_PLAN, type NullPlan, type NullPlanRoot } from './null-plan.js';
import { formatSchemaPath } from './schema-path.js';

type Json = Record<string, unknown>;

/** Result of `strictify()`: the strict schema and its null plan, or why strict mode is impossible. */
export type StrictifyResult =
  | { ok: true; schema: Json; plan: NullPlanRoot }
  | { ok: false; reason: string; path: string };

class NotStrictable extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
  ) {
    super(reason);
  }
}

const REFUSED_KEYWORDS = ['allOf', 'not', 'if', 'then', 'else', 'patternProperties', 'dependentSchemas'];

/**
 * Rewrites an input JSON Schema to OpenAI's strict-mode rules: every object lists all its
 * properties as required with `additionalProperties: false`; an optional property becomes
 * required-and-nullable (recorded in the plan so a `null` can be turned back into "absent");
 * `oneOf` becomes `anyOf`; `default` moves into the description. Tuples, records, `{}` (any) and
 * `allOf`/`not`/`if` cannot be strict: the result then says why and where.
 */
export function strictify(schema: Json): StrictifyResult {
  const defs = new Map<string, NullPlan>();
  try {
    if (schema.type !== 'object') throw new NotStrictable('the root must be an object schema', '(root)');
    const out = walk(schema, [], defs);
    defs.set('#', out.plan);
    return { ok: true, schema: out.schema, plan: { root: out.plan, defs } };
  } catch (error) {
    if (error instanceof NotStrictable) return { ok: false, reason: error.reason, path: error.path };
    throw error;
  }
}

function walk(
  node: Json,
  path: (string | number)[],
  defs: Map<string, NullPlan>,
): { schema: Json; plan: NullPlan } {
  const fail = (reason: string): never => {
    throw new NotStrictable(reason, formatSchemaPath(path));
  };
  for (const keyword of REFUSED_KEYWORDS)
    if (keyword in node) fail(`"${keyword}" is not allowed in strict mode`);
  const out: Json = { ...node };
  let plan: NullPlan = LEAF_PLAN;

  if (isJson(node.$defs)) {
    const walked: Json = {};
    for (const [name, def] of Object.entries(node.$defs)) {
      if (!isJson(def)) continue;
      const result = walk(def, [...path, '$defs', name], defs);
      walked[name] = result.schema;
      defs.set(`#/$defs/${name}`, result.plan);
    }
    out.$defs = walked;
  }
  if ('default' in out) {
    const text = `Default: ${JSON.stringify(out.default)}.`;
    out.description =
      typeof out.description === 'string' ? `${out.description.replace(/([^.!?])$/, '$1.')} ${text}` : text;
    delete out.default;
  }
  if (typeof out.$ref === 'string') plan = { kind: 'ref', ref: out.$ref };

  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union !== undefined) {
    const key = Array.isArray(node.anyOf) ? 'anyOf' : 'oneOf';
    const walked = union.map((variant, i) => walk(asJson(variant), [...path, key, i], defs));
    delete out.oneOf;
    out.anyOf = walked.map((w) => w.schema);
    plan = { kind: 'union', variants: walked.map((w) => w.plan) };
  }

  if (isType(node, 'object') || isJson(node.properties)) {
    const props = isJson(node.properties) ? node.properties : {};
    const extra = node.additionalProperties;
    if (isJson(extra) && Object.keys(extra).length > 0) {
      fail('a record with free-form keys cannot be strict (use an object with named properties)');
    }
    if (Object.keys(props).length === 0 && extra !== false && !isJson(node.properties)) {
      fail('an object with free-form keys cannot be strict (use an object with named properties)');
    }
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    const walkedProps: Json = {};
    const planProps = new Map<string, { dropNull: boolean; plan: NullPlan }>();
    for (const [name, child] of Object.entries(props)) {
      const walked = walk(asJson(child), [...path, 'properties', name], defs);
      const optional = !required.has(name);
      const dropNull = optional && !acceptsNull(walked.schema);
      walkedProps[name] = dropNull ? makeNullable(walked.schema) : walked.schema;
      planProps.set(name, { dropNull, plan: walked.plan });
    }
    out.properties = walkedProps;
    out.required = Object.keys(walkedProps);
    out.additionalProperties = false;
    delete out.propertyNames;
    plan = { kind: 'object', props: planProps };
  }

  if (isType(node, 'array') || 'items' in node || 'prefixItems' in node) {
    if ('prefixItems' in node || Array.isArray(node.items)) fail('tuples cannot be strict (use an object)');
    if (isJson(node.items)) {
      const walked = walk(node.items, [...path, 'items'], defs);
      out.items = walked.schema;
      plan = { kind: 'array', items: walked.plan };
    } else fail('an array needs an item schema in strict mode');
  }

  const described = ['type', 'anyOf', 'oneOf', '$ref', 'enum', 'const'].some((k) => k in node);
  if (!described) fail('a field that accepts any value cannot be strict (give it a type)');
  return { schema: out, plan };
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asJson(value: unknown): Json {
  return isJson(value) ? value : {};
}

function isType(node: Json, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

/** True when the schema already accepts `null` (then a `null` from the model means null, not absent). */
export function acceptsNull(node: Json): boolean {
  if (isType(node, 'null') || node.const === null) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : [];
  return union.some((variant) => isJson(variant) && acceptsNull(variant));
}

function makeNullable(node: Json): Json {
  if (Array.isArray(node.anyOf)) return { ...node, anyOf: [...node.anyOf, { type: 'null' }] };
  const plainType = typeof node.type === 'string' || Array.isArray(node.type);
  if (plainType && !('enum' in node) && !('const' in node) && !('$ref' in node)) {
    const types = Array.isArray(node.type) ? node.type : [node.type];
    return { ...node, type: [...types, 'null'] };
  }
  const { description, ...rest } = node;
  const wrapped: Json = { anyOf: [rest, { type: 'null' }] };
  if (description !== undefined) wrapped.description = description;
  return wrapped;
}
