/**
 * Where a strict schema turned optional fields into required-and-nullable ones, so that a `null`
 * from the model can be turned back into "absent" before validation.
 */
export type NullPlan =
  | { kind: 'leaf' }
  | { kind: 'object'; props: Map<string, { dropNull: boolean; plan: NullPlan }> }
  | { kind: 'array'; items: NullPlan }
  | { kind: 'union'; variants: NullPlan[] }
  | { kind: 'ref'; ref: string };

/** A plan with its `$defs` (keyed by `$ref` string, `#` for the root). */
export interface NullPlanRoot {
  root: NullPlan;
  defs: Map<string, NullPlan>;
}

/** The plan that changes nothing. */
export const LEAF_PLAN: NullPlan = { kind: 'leaf' };
