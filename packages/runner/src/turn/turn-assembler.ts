import {
  type OutputItem,
  type Response,
  type ResponseStreamEvent,
  StreamProtocolError,
} from '@mimo-agents/core';
import type { RunEvent, TurnWarningEvent } from '../events.js';
import { type AccumulatedCall, CallAccumulator, type LiveCallState } from './call-accumulator.js';
import { eventsWanted } from './events-wanted.js';
import { asOutputCall, isKnownOutputItem, rebuildItem } from './output-item-parts.js';

/** One model turn folded from its stream, after its terminal event. */
export interface AssembledTurn {
  response: Response;
  status: 'completed' | 'incomplete';
  /** Set (in the literal, `undefined` otherwise) when `status` is `incomplete`. */
  incompleteReason?: string | undefined;
  /** The known output items in the final output's order (what is replayed); cut-off calls are left out. */
  items: OutputItem[];
  /** Calls that may run: the function calls of the final output (one source), each with its `call_id`. */
  calls: AccumulatedCall[];
  /** Calls cut off before their end (status not `completed`): never executed. */
  cutCalls: AccumulatedCall[];
  /** Output items of a type the runner does not know (e.g. `web_search_call`): recorded, never replayed. */
  otherItems: Record<string, unknown>[];
}

/** A turn streamed to its terminal event, with the time it took and the resends it needed. */
export interface StreamedTurn extends AssembledTurn {
  durationMs: number;
  retries: number;
  /** Requests retried inside the client before any event arrived (each one wasted, with no usage). */
  requestRetries: number;
}

/** Above this many calls in a turn, `#compare` finds a streamed call's final version through a `Map`. */
const LINEAR_MATCH_LIMIT = 16;

/**
 * Folds the events of one attempt at one turn into output items and calls, and translates them into
 * run events (`text.delta`, `reasoning.delta`, `tool.arguments.delta`, `tool.arguments.mismatch`).
 */
export class TurnAssembler {
  readonly #turn: number;
  readonly #emit: (event: RunEvent) => void;
  // Made on the first event: a run waiting for its answer's first byte holds neither.
  #callStore: CallAccumulator | undefined;
  #itemStore: Map<number, { item: OutputItem; done: boolean; parts: string[][] }> | undefined;
  /** Events folded so far (reported as discarded if the attempt fails). */
  eventCount = 0;

  constructor(turn: number, emit: (event: RunEvent) => void) {
    this.#turn = turn;
    this.#emit = emit;
  }

  get #calls(): CallAccumulator {
    this.#callStore ??= new CallAccumulator();
    return this.#callStore;
  }

  get #items(): Map<number, { item: OutputItem; done: boolean; parts: string[][] }> {
    this.#itemStore ??= new Map();
    return this.#itemStore;
  }

  /** Folds one event. How the stream ended is core's to say: see `finish`. */
  push(event: ResponseStreamEvent): void {
    this.eventCount += 1;
    const turn = this.#turn;
    switch (event.type) {
      case 'response.output_item.added':
        this.#items.set(event.output_index, { item: event.item, done: false, parts: [] });
        if (event.item.type === 'function_call') this.#calls.added(event.output_index, event.item);
        return;
      case 'response.output_item.done':
        this.#items.set(event.output_index, { item: event.item, done: true, parts: [] });
        if (event.item.type === 'function_call') this.#calls.itemDone(event.output_index, event.item);
        return;
      case 'response.output_text.delta':
      case 'response.reasoning_text.delta': {
        this.#part(event.output_index, event.content_index).push(event.delta);
        // Nobody reads the deltas of a run consumed by `run()` / `finalResult()`: build no event for them.
        if (!eventsWanted(this.#emit)) return;
        const type = event.type === 'response.output_text.delta' ? 'text.delta' : 'reasoning.delta';
        this.#emit({ type, turn, itemId: event.item_id, delta: event.delta });
        return;
      }
      case 'response.function_call_arguments.delta': {
        const call = this.#calls.append(event);
        if (!eventsWanted(this.#emit)) return;
        this.#emit({
          type: 'tool.arguments.delta',
          turn,
          itemId: call.itemId,
          callId: call.callId,
          name: call.name,
          delta: event.delta,
          snapshot: call.snapshot,
        });
        return;
      }
      case 'response.function_call_arguments.done': {
        const calls = this.#calls;
        const overridden = calls.complete(event);
        if (overridden !== undefined)
          this.#emit({
            type: 'tool.arguments.mismatch',
            turn,
            callId: calls.liveAt(event.output_index)?.callId ?? '',
            source: 'deltas',
            used: event.arguments,
            other: overridden,
          });
        return;
      }
      // Terminal events: core's `finalResponse()` turns them into the response or a typed error.
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
      case 'error':
      case 'response.created':
      case 'response.in_progress':
      case 'response.content_part.added':
      case 'response.content_part.done':
      case 'response.output_text.done':
      case 'response.reasoning_text.done':
      case 'unknown':
        return;
      default: {
        const unhandled: never = event;
        void unhandled;
      }
    }
  }

  /**
   * The assembled turn, given the response core's stream ended with (`completed` or `incomplete`).
   * `response.output` is the source of truth for what the turn produced, matched by content, never by
   * position: a streamed call it lacks or contradicts is reported (`turn.warning`,
   * `tool.arguments.mismatch`) and never executed. Only when the terminal response carries no output
   * at all (a slim terminal event) are the streamed items used, and then only calls whose `.done` came.
   * Items of a type the runner does not know go to `otherItems`, with a `turn.warning` each.
   */
  finish(response: Response, durationMs = 0, retries = 0, requestRetries = 0): StreamedTurn {
    const status = response.status === 'incomplete' ? 'incomplete' : 'completed';
    const fromResponse = response.output.length > 0;
    const output: readonly unknown[] = fromResponse ? response.output : this.#streamedOutput();
    // One literal with every field (one object shape per turn, incomplete or not).
    const turn: StreamedTurn = {
      response,
      status,
      incompleteReason:
        status === 'incomplete' ? (response.incomplete_details?.reason ?? 'unknown') : undefined,
      items: [],
      calls: [],
      cutCalls: [],
      otherItems: [],
      durationMs,
      retries,
      requestRetries,
    };
    // An indexed loop: `entries()` would allocate an iterator and a pair per item.
    for (let index = 0; index < output.length; index++) {
      const item = output[index];
      if (!isKnownOutputItem(item)) {
        this.#unknownItem(item);
        turn.otherItems.push(item as Record<string, unknown>);
        continue;
      }
      if (item.type !== 'function_call') {
        turn.items.push(item);
        continue;
      }
      const call: AccumulatedCall = {
        itemId: item.id ?? '',
        outputIndex: index,
        callId: item.call_id,
        name: item.name,
        arguments: item.arguments,
        done: item.status === undefined || item.status === 'completed',
      };
      // Cut off before its end (an incomplete turn, a call the stream never finished): never executed.
      if (!call.done) {
        turn.cutCalls.push(call);
        continue;
      }
      if (call.callId === '') throw callWithoutId(call);
      turn.calls.push(call);
      turn.items.push(asOutputCall(call));
    }
    // The comparison only reports (events): skipped when nobody reads them (`run()`).
    if (fromResponse && this.#callStore !== undefined && eventsWanted(this.#emit))
      this.#compare(this.#callStore.live(), turn.calls);
    return turn;
  }

  /** The items as the stream built them, in `output_index` order (calls without their `.done` marked incomplete). */
  #streamedOutput(): unknown[] {
    const calls = new Map(this.#calls.calls().map((call) => [call.outputIndex, call]));
    const indices = [...new Set([...this.#items.keys(), ...calls.keys()])].sort((a, b) => a - b);
    const output: unknown[] = [];
    for (const index of indices) {
      const call = calls.get(index);
      if (call !== undefined) {
        output.push({ ...asOutputCall(call), status: call.done ? 'completed' : 'incomplete' });
        continue;
      }
      const seen = this.#items.get(index);
      if (seen === undefined) continue;
      const item = seen.done ? seen.item : rebuildItem(seen.item, seen.parts);
      if (item !== undefined) output.push(item);
    }
    return output;
  }

  /** Reports streamed calls the final output lacks or contradicts (the final output's version is the one used). */
  #compare(streamed: readonly Readonly<LiveCallState>[], calls: readonly AccumulatedCall[]): void {
    // Few calls (the rule): a scan, no map. The last call with an id wins, as a map keyed by id would.
    const byId =
      calls.length > LINEAR_MATCH_LIMIT ? new Map(calls.map((call) => [call.callId, call])) : undefined;
    for (const call of streamed) {
      const final = call.final;
      if (final === undefined) continue;
      const match = byId === undefined ? lastWithId(calls, call.callId) : byId.get(call.callId);
      if (match === undefined) {
        this.#emit({
          type: 'turn.warning',
          turn: this.#turn,
          code: 'streamed_call_not_in_output',
          itemType: 'function_call',
          itemId: call.itemId,
          message: `The stream announced call ${call.callId || '(no call_id)'} (${call.name || 'unnamed'}) at output_index ${call.outputIndex}, but response.completed.output does not hold it: it is not executed.`,
        });
      } else if (match.arguments !== final) {
        this.#emit({
          type: 'tool.arguments.mismatch',
          turn: this.#turn,
          callId: call.callId,
          source: 'completed',
          used: match.arguments,
          other: final,
        });
      }
    }
  }

  #unknownItem(item: unknown): void {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const itemType = typeof record.type === 'string' ? record.type : 'unknown';
    const event: TurnWarningEvent = {
      type: 'turn.warning',
      turn: this.#turn,
      code: 'unknown_output_item',
      itemType,
      message: `The response holds a ${itemType} item, a type the runner does not know (MiMo refuses hosted tools): it stays in the turn's record and response but is left out of the replayed history.`,
    };
    if (typeof record.id === 'string') event.itemId = record.id;
    this.#emit(event);
  }

  #part(outputIndex: number, contentIndex: number): string[] {
    let entry = this.#items.get(outputIndex);
    if (entry === undefined) {
      entry = {
        item: { type: 'message', id: '', status: 'in_progress', role: 'assistant', content: [] },
        done: false,
        parts: [],
      };
      this.#items.set(outputIndex, entry);
    }
    let part = entry.parts[contentIndex];
    if (part === undefined) {
      part = [];
      entry.parts[contentIndex] = part;
    }
    return part;
  }
}

/** The last of `calls` with `callId`, if any. */
function lastWithId(calls: readonly AccumulatedCall[], callId: string): AccumulatedCall | undefined {
  for (let i = calls.length - 1; i >= 0; i--)
    if ((calls[i] as AccumulatedCall).callId === callId) return calls[i];
  return undefined;
}

/** A streamed call that would run without a `call_id`: the turn fails before anything runs. */
function callWithoutId(call: AccumulatedCall): StreamProtocolError {
  return new StreamProtocolError(
    {
      message: `Malformed stream: function call ${call.name || '(unnamed)'} at output_index ${call.outputIndex} has no call_id, so its output could never be matched to it. Fix: the server or a proxy broke the stream protocol; nothing of this turn was executed.`,
      raw: JSON.stringify({ name: call.name, output_index: call.outputIndex }),
    },
    { retryable: false },
  );
}
