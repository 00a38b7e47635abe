import { valueKind } from '../errors/value-kind.js';
import type { ApprovalDecision } from './approval-decision.js';
import { ApprovalError } from './approval-error.js';

/**
 * The `decisions` option, checked to be an array of objects (undefined: none): anything else (from JSON,
 * a queue, an untyped caller) is refused with `ApprovalError` `approval_decision_invalid` naming the
 * field, before any decision is looked at.
 */
export function checkDecisionList(runId: string, decisions: unknown): readonly ApprovalDecision[] {
  if (decisions === undefined) return [];
  const refuse = (problem: string, fix: string): never => {
    throw new ApprovalError({ code: 'approval_decision_invalid', runId, approvalId: '(none)', problem, fix });
  };
  if (!Array.isArray(decisions))
    return refuse(
      `decisions is ${valueKind(decisions)}, not an array`,
      'pass decisions: [{ approvalId, approve: true }, …] (an array; [] or no decisions for none).',
    );
  decisions.forEach((decision: unknown, index) => {
    if (typeof decision !== 'object' || decision === null || Array.isArray(decision))
      refuse(
        `decisions[${index}] is ${valueKind(decision)}, not an object`,
        'send each decision as { approvalId, approve: true } or { approvalId, approve: false, reason }.',
      );
  });
  return decisions as ApprovalDecision[];
}
