import { valueKind } from '../errors/value-kind.js';
import { ResumeMismatchError } from './resume-mismatch-error.js';

const STATUSES: ReadonlySet<unknown> = new Set([
  'running',
  'completed',
  'incomplete',
  'stopped',
  'interrupted',
  'max_turns',
  'aborted',
  'output_invalid',
  'failed',
]);
const OUTCOMES: ReadonlySet<unknown> = new Set([undefined, 'ok', 'error']);
const DECISIONS: ReadonlySet<unknown> = new Set([undefined, 'approved', 'rejected']);
const USAGE_FIELDS = [
  'requests',
  'inputTokens',
  'cachedTokens',
  'outputTokens',
  'reasoningTokens',
  'totalTokens',
] as const;
const COST_FIELDS = ['input', 'cachedInput', 'output', 'total'] as const;

/** A checker bound to one run: each method throws `ResumeMismatchError` (field `state`) naming the path. */
function checker(runId: string) {
  const fail = (path: string, expected: string, value: unknown): never => {
    throw new ResumeMismatchError({
      runId,
      field: 'state',
      path,
      problem: `its run state has ${path} = ${valueKind(value)}, expected ${expected} (damaged, or written by other code)`,
      fix: 'restore the checkpoint from a backup, or delete it to start over.',
    });
  };
  return {
    fail,
    record(value: unknown, path: string): Record<string, unknown> {
      return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : fail(path, 'an object', value);
    },
    array(value: unknown, path: string): unknown[] {
      return Array.isArray(value) ? value : fail(path, 'an array', value);
    },
    string(value: unknown, path: string, optional = false): void {
      if (!(typeof value === 'string' || (optional && value === undefined)))
        fail(path, optional ? 'a string or nothing' : 'a string', value);
    },
    count(value: unknown, path: string, optional = false): void {
      const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0;
      if (!(ok || (optional && value === undefined)))
        fail(path, optional ? 'a number >= 0 or nothing' : 'a number >= 0', value);
    },
  };
}

type Checker = ReturnType<typeof checker>;

function checkUsage(check: Checker, value: unknown, path: string): void {
  const usage = check.record(value, path);
  for (const field of USAGE_FIELDS) check.count(usage[field], `${path}.${field}`);
}

function checkCall(check: Checker, value: unknown, path: string): void {
  const call = check.record(value, path);
  check.string(call.callId, `${path}.callId`);
  check.string(call.name, `${path}.name`);
  // Absent in a compact checkpoint: the arguments are kept once, in the history's function_call.
  check.string(call.arguments, `${path}.arguments`, true);
  check.count(call.attempts, `${path}.attempts`, true);
  if (!OUTCOMES.has(call.outcome)) check.fail(`${path}.outcome`, "'ok', 'error' or nothing", call.outcome);
  check.string(call.errorKind, `${path}.errorKind`, true);
  check.string(call.output, `${path}.output`, true);
  check.count(call.durationMs, `${path}.durationMs`, true);
  if (call.approval !== undefined) checkApproval(check, call.approval, `${path}.approval`);
  if (call.subRun !== undefined) checkSubRun(check, call.subRun, `${path}.subRun`);
}

/** An agent tool call's record of its sub-run's approval pause (and the parent's answer, once given). */
function checkSubRun(check: Checker, value: unknown, path: string): void {
  const held = check.record(value, path);
  check.string(held.runId, `${path}.runId`);
  check.count(held.seq, `${path}.seq`, true);
  check.array(held.interruptions, `${path}.interruptions`).forEach((request, index) => {
    const item = check.record(request, `${path}.interruptions[${index}]`);
    check.string(item.approvalId, `${path}.interruptions[${index}].approvalId`);
  });
  checkUsage(check, held.usage, `${path}.usage`);
  if (held.answer !== undefined) {
    const answer = check.record(held.answer, `${path}.answer`);
    check.array(answer.decisions, `${path}.answer.decisions`).forEach((decision, index) => {
      check.record(decision, `${path}.answer.decisions[${index}]`);
    });
  }
}

/** A call's approval record: what a decision binds to, and the decision once given. */
function checkApproval(check: Checker, value: unknown, path: string): void {
  const approval = check.record(value, path);
  check.string(approval.id, `${path}.id`);
  check.string(approval.argumentsHash, `${path}.argumentsHash`);
  if (!DECISIONS.has(approval.decision))
    check.fail(`${path}.decision`, "'approved', 'rejected' or nothing", approval.decision);
  check.string(approval.reason, `${path}.reason`, true);
}

/** Structured output's saved part: repairs sent, the last answer checked, the object (any JSON). */
function checkOutput(check: Checker, value: unknown, path: string): void {
  const output = check.record(value, path);
  check.count(output.repairs, `${path}.repairs`);
  if (!Number.isInteger(output.repairs)) check.fail(`${path}.repairs`, 'a whole number >= 0', output.repairs);
  check.count(output.checkedTurn, `${path}.checkedTurn`, true);
}

function checkTurn(check: Checker, value: unknown, path: string): void {
  const turn = check.record(value, path);
  check.count(turn.turn, `${path}.turn`);
  check.string(turn.responseId, `${path}.responseId`);
  if (turn.status !== 'completed' && turn.status !== 'incomplete')
    check.fail(`${path}.status`, "'completed' or 'incomplete'", turn.status);
  check.string(turn.text, `${path}.text`);
  check.string(turn.incompleteReason, `${path}.incompleteReason`, true);
  check.array(turn.toolCalls, `${path}.toolCalls`).forEach((call, index) => {
    checkCall(check, call, `${path}.toolCalls[${index}]`);
  });
  checkUsage(check, turn.usage, `${path}.usage`);
  if (turn.cost !== undefined) {
    const cost = check.record(turn.cost, `${path}.cost`);
    for (const field of COST_FIELDS) check.count(cost[field], `${path}.cost.${field}`);
  }
  check.count(turn.durationMs, `${path}.durationMs`);
  check.count(turn.retries, `${path}.retries`);
  check.count(turn.requestRetries, `${path}.requestRetries`, true);
}

/**
 * Checks the field types of a loaded run state (a checkpoint can carry a valid checksum and still be
 * wrong: written by other code, or edited), so that `resume()` fails with a `ResumeMismatchError`
 * naming the path (e.g. `pending.calls`) before any request, never with a raw `TypeError` later.
 * History items are checked by the history validator before each request.
 */
export function checkRunStateShape(state: Record<string, unknown>, runId: string): void {
  const check = checker(runId);
  const agent = check.record(state.agent, 'agent');
  check.string(agent.name, 'agent.name');
  check.string(agent.model, 'agent.model');
  if (!STATUSES.has(state.status)) check.fail('status', 'a run status', state.status);
  const history = check.array(state.history, 'history');
  history.forEach((item, index) => {
    check.record(item, `history[${index}]`);
  });
  check.count(state.inputLength, 'inputLength');
  if (!Number.isInteger(state.inputLength) || (state.inputLength as number) > history.length)
    check.fail('inputLength', `an integer <= history.length (${history.length})`, state.inputLength);
  check.array(state.turns, 'turns').forEach((turn, index) => {
    checkTurn(check, turn, `turns[${index}]`);
  });
  checkUsage(check, state.usage, 'usage');
  if (state.pending !== undefined) {
    const pending = check.record(state.pending, 'pending');
    check.count(pending.turn, 'pending.turn');
    check.array(pending.calls, 'pending.calls').forEach((call, index) => {
      checkCall(check, call, `pending.calls[${index}]`);
    });
  }
  if (state.output !== undefined) checkOutput(check, state.output, 'output');
  check.string(state.finalOutput, 'finalOutput', true);
  check.string(state.incompleteReason, 'incompleteReason', true);
  check.count(state.checkpointSeq, 'checkpointSeq', true);
  check.count(state.subRuns, 'subRuns', true);
  if (state.subRuns !== undefined && !Number.isInteger(state.subRuns))
    check.fail('subRuns', 'a whole number >= 0 or nothing', state.subRuns);
  check.string(state.startedAt, 'startedAt', true);
  if (state.handoffs !== undefined)
    check.array(state.handoffs, 'handoffs').forEach((entry, index) => {
      const handoff = check.record(entry, `handoffs[${index}]`);
      check.count(handoff.turn, `handoffs[${index}].turn`);
      for (const field of ['callId', 'from', 'to'] as const)
        check.string(handoff[field], `handoffs[${index}].${field}`);
    });
  if (state.error !== undefined) {
    const error = check.record(state.error, 'error');
    for (const field of ['code', 'message'] as const) check.string(error[field], `error.${field}`);
    check.string(error.fix, 'error.fix', true);
  }
}
