import type { OutputItem, Response, ResponseStreamEvent } from '@mimo-agents/core';
import type { RunEvent } from '../events.js';
import { type AccumulatedCall, CallAccumulator } from './call-accumulator.js';
import { asOutputCall, rebuildItem } from './output-item-parts.js';

/** One model turn folded from its stream, after its terminal event. */
export interface AssembledTurn {
  response: Response;
  status: 'completed' | 'incomplete';
  incompleteReason?: string;
  /** Complete output items in `output_index` order; calls carry their final arguments; cut-off calls are left out. */
  items: OutputItem[];
  /** Calls that may run: their `.done` arrived (or the completed response holds them whole). */
  calls: AccumulatedCall[];
  /** Calls cut off before their `.done` (only in an incomplete turn): never executed. */
  cutCalls: AccumulatedCall[];
}

/**
 * Folds the events of one attempt at one turn into output items and calls, and translates them into
 * run events (`text.delta`, `reasoning.delta`, `tool.arguments.delta`, `tool.arguments.mismatch`).
 */
export class TurnAssembler {
  readonly #turn: number;
  readonly #emit: (event: RunEvent) => void;
  readonly #calls = new CallAccumulator();
  readonly #items = new Map<number, { item: OutputItem; done: boolean; parts: string[][] }>();
  /** Events folded so far (reported as discarded if the attempt fails). */
  eventCount = 0;

  constructor(turn: number, emit: (event: RunEvent) => void) {
    this.#turn = turn;
    this.#emit = emit;
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
        const type = event.type === 'response.output_text.delta' ? 'text.delta' : 'reasoning.delta';
        this.#emit({ type, turn, itemId: event.item_id, delta: event.delta });
        return;
      }
      case 'response.function_call_arguments.delta': {
        const { call, snapshot } = this.#calls.delta(event);
        const { itemId, callId, name } = call;
        this.#emit({
          type: 'tool.arguments.delta',
          turn,
          itemId,
          callId,
          name,
          delta: event.delta,
          snapshot,
        });
        return;
      }
      case 'response.function_call_arguments.done': {
        const { call, mismatch } = this.#calls.done(event);
        if (mismatch !== undefined)
          this.#emit({
            type: 'tool.arguments.mismatch',
            turn,
            callId: call.callId,
            source: 'deltas',
            used: mismatch.done,
            other: mismatch.deltas,
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

  /** The assembled turn, given the response core's stream ended with (`completed` or `incomplete`). */
  finish(response: Response): AssembledTurn {
    const status = response.status === 'incomplete' ? 'incomplete' : 'completed';
    const calls = new Map(this.#calls.calls().map((call) => [call.outputIndex, call]));
    const fromResponse = new Map(response.output.map((item, index) => [index, item]));
    const indices = [...new Set([...this.#items.keys(), ...fromResponse.keys()])].sort((a, b) => a - b);
    const items: OutputItem[] = [];
    const runnable: AccumulatedCall[] = [];
    const cutCalls: AccumulatedCall[] = [];
    for (const index of indices) {
      const seen = this.#items.get(index);
      const whole = fromResponse.get(index);
      const call = calls.get(index);
      if (call !== undefined || seen?.item.type === 'function_call' || whole?.type === 'function_call') {
        const final = this.#finalCall(call, whole, status);
        if (final === undefined) {
          if (call !== undefined) cutCalls.push(call);
          continue;
        }
        runnable.push(final);
        items.push(asOutputCall(final));
        continue;
      }
      const item =
        seen?.done === true
          ? seen.item
          : (whole ?? (seen === undefined ? undefined : rebuildItem(seen.item, seen.parts)));
      if (item !== undefined) items.push(item);
    }
    const turn: AssembledTurn = { response, status, items, calls: runnable, cutCalls };
    const reason = response.incomplete_details?.reason;
    if (status === 'incomplete') turn.incompleteReason = reason ?? 'unknown';
    return turn;
  }

  #finalCall(
    call: AccumulatedCall | undefined,
    whole: OutputItem | undefined,
    status: 'completed' | 'incomplete',
  ): AccumulatedCall | undefined {
    const wholeCall = whole?.type === 'function_call' && whole.status !== 'incomplete' ? whole : undefined;
    if (call?.done === true) {
      if (wholeCall !== undefined && wholeCall.arguments !== call.arguments)
        this.#emit({
          type: 'tool.arguments.mismatch',
          turn: this.#turn,
          callId: call.callId,
          source: 'completed',
          used: call.arguments,
          other: wholeCall.arguments,
        });
      return call;
    }
    // A call without its `.done` is trusted only from a response that says it completed.
    if (status !== 'completed' || wholeCall === undefined) return undefined;
    const { id, call_id, name, arguments: args } = wholeCall;
    return {
      itemId: id,
      outputIndex: call?.outputIndex ?? -1,
      callId: call_id,
      name,
      arguments: args,
      done: true,
    };
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
