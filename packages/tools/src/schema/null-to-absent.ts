import type { NullPlan, NullPlanRoot } from './null-plan.js';

/**
 * Removes the `null`s a strict schema made the model send for optional fields, so zod sees them
 * as absent (and applies defaults). Works in place on freshly parsed JSON and returns it.
 */
export function nullToAbsent(value: unknown, plan: NullPlanRoot): unknown {
  apply(value, plan.root, plan, 0);
  return value;
}

function apply(value: unknown, plan: NullPlan, root: NullPlanRoot, depth: number): void {
  if (depth > 256 || value === null || typeof value !== 'object') return;
  switch (plan.kind) {
    case 'leaf':
      return;
    case 'ref': {
      const target = root.defs.get(plan.ref);
      if (target !== undefined) apply(value, target, root, depth + 1);
      return;
    }
    case 'array':
      if (Array.isArray(value)) for (const item of value) apply(item, plan.items, root, depth + 1);
      return;
    case 'union': {
      const variant = plan.variants.find((v) => fits(value, v, root));
      if (variant !== undefined) apply(value, variant, root, depth + 1);
      return;
    }
    case 'object': {
      if (Array.isArray(value)) return;
      const record = value as Record<string, unknown>;
      for (const [key, prop] of plan.props) {
        if (!(key in record)) continue;
        if (record[key] === null && prop.dropNull) delete record[key];
        else apply(record[key], prop.plan, root, depth + 1);
      }
      return;
    }
    default: {
      const never: never = plan;
      throw new Error(`unhandled null plan ${String(never)}`);
    }
  }
}

/** Picks a union member for a value: arrays go to array plans, objects to an object plan owning all their keys. */
function fits(value: object, plan: NullPlan, root: NullPlanRoot): boolean {
  const resolved = plan.kind === 'ref' ? root.defs.get(plan.ref) : plan;
  if (resolved === undefined) return false;
  if (Array.isArray(value)) return resolved.kind === 'array';
  if (resolved.kind !== 'object') return false;
  return Object.keys(value).every((key) => resolved.props.has(key));
}
