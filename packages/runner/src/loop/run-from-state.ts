import type { MimoClient, Response } from '@mimo-agents/core';
import type { ToolRegistry } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { buildRequest, type FinalAnswerStrategy } from '../build-request.js';
import { costOf, type ModelPrice } from '../cost.js';
import { MaxTurnsExceededError } from '../errors/max-turns-exceeded-error.js';
import { RunAbortedError } from '../errors/run-aborted-error.js';
import type { CheckpointStep, RunEvent } from '../events.js';
import { validateHistory } from '../history/validate-history.js';
import type { RunResult, RunResultStatus, TurnRecord } from '../run-result.js';
import type { RunState } from '../run-state.js';
import { type StopCondition, shouldStop } from '../stop-conditions.js';
import { CANCELLED_OUTPUT, runToolCalls } from '../tools/run-tool-calls.js';
import { streamTurn } from '../turn/stream-turn.js';
import { commitOutputs, recordTurn, settleUnoffered, settleUnrun } from './record-turn.js';
import { runCompletedEvent, toResult } from './to-result.js';

/** Everything the loop needs besides the state, with defaults already applied. */
export interface LoopOptions {
  client: MimoClient;
  agent: Agent;
  registry: ToolRegistry;
  maxTurns: number;
  onMaxTurns: 'error' | 'final-answer';
  finalAnswer: { strategy: FinalAnswerStrategy; prompt: string };
  stopWhen: StopCondition | readonly StopCondition[] | undefined;
  maxToolConcurrency: number;
  signal: AbortSignal;
  context: unknown;
  emit: (event: RunEvent) => void;
  /**
   * Called after every change worth saving (a model turn recorded, a tool about to start, a tool
   * outcome, the end), and awaited before the loop goes on and before the event that reports the
   * change (`turn.completed`, `tool.completed`, `run.completed`) is emitted. Saves of parallel tools may
   * overlap: a store behind it must order them (`checkpointSaver` does). It receives the live state:
   * serialise or clone it to keep it. If it throws, the run fails with that error (running tools of the
   * turn are cancelled and awaited first).
   */
  onStep?: (state: RunState, step: StepInfo) => void | Promise<void>;
  /** The agent's model price, when the run was given `prices`: turns and the result get a `cost`. */
  price?: ModelPrice | undefined;
}

/** Which step `onStep` is called after (and, for tool steps, which call). */
export interface StepInfo {
  step: CheckpointStep;
  callId?: string;
}

const NOT_RUN_INCOMPLETE =
  'Not executed: the response was cut off before the turn ended, so this call was not run. Call it again if it is still needed.';
const NOT_RUN_NO_TOOLS =
  'Not executed: tools were disabled for the final answer. Answer with the information you have.';

/**
 * The turn loop. Starts from any `RunState` (fresh, or restored from a checkpoint): finishes a pending
 * tool turn first (calls with a recorded outcome are never run again), then alternates model turns and
 * tool runs until a final answer, an incomplete turn, a stop condition, the turn limit or an abort.
 */
export async function runFromState(state: RunState, options: LoopOptions): Promise<RunResult> {
  const { agent, registry, signal, emit } = options;
  const responses: Response[] = [];
  const { price } = options;
  const step = async (kind: CheckpointStep = 'end'): Promise<void> => {
    await options.onStep?.(state, { step: kind });
  };
  // An event that reports a change is emitted after the step that saves it: told means durable.
  const finish = async (status: RunResultStatus, announce?: RunEvent): Promise<RunResult> => {
    state.status = status;
    await step();
    if (announce !== undefined) emit(announce);
    const result = toResult(state, responses, status, price);
    emit(runCompletedEvent(result));
    return result;
  };
  const stopsAfter = (lastTurn: TurnRecord): Promise<boolean> =>
    shouldStop(options.stopWhen, {
      turns: state.turns,
      lastTurn,
      usage: state.usage,
      ...(price === undefined ? {} : { cost: costOf(state.usage, price) }),
    });
  const stopped = (lastTurn: TurnRecord): Promise<RunResult> => {
    if (lastTurn.text !== '') state.finalOutput = lastTurn.text;
    return finish('stopped');
  };
  const resumedFrom = state.status;
  state.status = 'running';
  emit({ type: 'run.started', runId: state.runId, agent: agent.name, model: agent.model });
  try {
    // A durable run exists in its store before its first request; a resumed one records that it runs again.
    await step('start');
    if (state.pending !== undefined) await runPending(state, options);
    // Resumed after a tool turn (its tools just finished, or were committed before the crash): the stop
    // conditions were not checked yet (or not durably), so check them as the uninterrupted run would.
    const resumedTurn = toolTurnToCheck(state, resumedFrom);
    if (resumedTurn !== undefined) {
      if (signal.aborted) throw signal.reason;
      if (await stopsAfter(resumedTurn)) return await stopped(resumedTurn);
    }
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const turnNumber = state.turns.length + 1;
      // `maxTurns` tool-capable turns in both modes; 'final-answer' then allows one extra request without tools.
      const lastChance = options.onMaxTurns === 'final-answer' && turnNumber === options.maxTurns + 1;
      if (turnNumber > options.maxTurns && !lastChance) {
        state.status = 'max_turns';
        await step();
        throw new MaxTurnsExceededError(options.maxTurns, toResult(state, responses, 'max_turns', price));
      }
      validateHistory(state.history);
      const request = buildRequest({
        agent,
        history: state.history,
        registry,
        ...(lastChance ? { finalAnswer: options.finalAnswer } : {}),
      });
      const offered = new Set((request.tools ?? []).map((tool) => tool.name));
      const turn = await streamTurn({
        client: options.client,
        request,
        turn: turnNumber,
        signal,
        emit,
        toolsDisabled: lastChance,
      });
      responses.push(turn.response);
      const record = recordTurn(state, turnNumber, turn, price);
      const { responseId, status, usage, durationMs } = record;
      const completed: RunEvent = {
        type: 'turn.completed',
        turn: turnNumber,
        responseId,
        status,
        toolCalls: turn.calls.length,
        usage,
        durationMs,
      };
      if (record.incompleteReason !== undefined) completed.incompleteReason = record.incompleteReason;
      if (record.cost !== undefined) completed.cost = record.cost;
      if (turn.status === 'incomplete') {
        settleUnrun(state, NOT_RUN_INCOMPLETE, 'not_run');
        commitOutputs(state);
        if (record.incompleteReason !== undefined) state.incompleteReason = record.incompleteReason;
        return await finish('incomplete', completed);
      }
      if (turn.calls.length === 0) {
        state.finalOutput = record.text;
        return await finish('completed', completed);
      }
      if (lastChance) {
        // The model called tools although none were declared: answer the calls, then report the limit.
        settleUnrun(state, NOT_RUN_NO_TOOLS, 'not_run');
        commitOutputs(state);
        state.status = 'max_turns';
        await step();
        emit(completed);
        throw new MaxTurnsExceededError(options.maxTurns, toResult(state, responses, 'max_turns', price));
      }
      // A call to a tool this request did not declare (`tool_choice` 'none' or a named function) never runs.
      settleUnoffered(state, offered, new Set(registry.names()));
      await step('turn');
      emit(completed);
      await runPending(state, options);
      if (signal.aborted) throw signal.reason;
      if (await stopsAfter(record)) return await stopped(record);
    }
  } catch (error) {
    if (error instanceof MaxTurnsExceededError) throw error;
    if (signal.aborted) {
      settleUnrun(state, CANCELLED_OUTPUT, 'aborted');
      commitOutputs(state);
      state.status = 'aborted';
      await quietly(step);
      throw new RunAbortedError(toResult(state, responses, 'aborted', price), signal.reason ?? error);
    }
    state.status = 'failed';
    await quietly(step);
    throw error;
  }
}

/**
 * The last turn, when a resumed state ends with a tool turn whose outputs are all in the history: the
 * point where an uninterrupted run checks `stopWhen`. Not after a `max_turns` end (its last turn, if it
 * called tools, was the tool-less final-answer turn, which never checks them), nor when a call of the
 * turn was cancelled (the run ended on that abort; the model must see the cancelled output).
 */
function toolTurnToCheck(state: RunState, resumedFrom: RunState['status']): TurnRecord | undefined {
  const last = state.turns.at(-1);
  if (last === undefined || resumedFrom === 'max_turns' || state.pending !== undefined) return undefined;
  if (last.status === 'incomplete' || last.toolCalls.length === 0) return undefined;
  // A call cancelled by an abort: the uninterrupted run stopped on the abort, not on `stopWhen`.
  if (last.toolCalls.some((call) => call.errorKind === 'aborted')) return undefined;
  return last;
}

/** Runs a save while already failing: its own error must not hide the one being reported. */
async function quietly(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch {
    // The original error is rethrown by the caller.
  }
}

async function runPending(state: RunState, options: LoopOptions): Promise<void> {
  const pending = state.pending;
  if (pending === undefined) return;
  const parallel = options.agent.modelSettings?.parallel_tool_calls !== false;
  await runToolCalls({
    runId: state.runId,
    turn: pending.turn,
    calls: pending.calls,
    registry: options.registry,
    concurrency: parallel ? options.maxToolConcurrency : 1,
    signal: options.signal,
    context: options.context,
    emit: options.emit,
    onRecorded: async (call) => {
      const step = call.outcome === undefined ? 'tool.started' : 'tool.completed';
      await options.onStep?.(state, { step, callId: call.callId });
    },
  });
  commitOutputs(state);
  await options.onStep?.(state, { step: 'tools.committed' });
}
