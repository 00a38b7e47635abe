import type {
  FunctionCallArgumentsDeltaEvent,
  FunctionCallArgumentsDoneEvent,
  OutputFunctionCall,
} from '@mimo-agents/core';

/** A function call as the accumulator knows it; `done` only after its `function_call_arguments.done`. */
export interface AccumulatedCall {
  itemId: string;
  outputIndex: number;
  callId: string;
  name: string;
  /** The final arguments once `done`; before that, the deltas joined so far. */
  arguments: string;
  done: boolean;
}

/** The result of folding one argument delta: the call and everything received for it so far. */
export interface ArgumentsDeltaResult {
  call: AccumulatedCall;
  snapshot: string;
}

/** The result of folding a `.done`: the final call and, if they differ, the joined deltas it overrode. */
export interface ArgumentsDoneResult {
  call: AccumulatedCall;
  mismatch?: { deltas: string; done: string };
}

/** A call's state while its deltas arrive: ids, name and the arguments joined so far. */
export interface LiveCall {
  itemId: string;
  callId: string;
  name: string;
  /** The deltas joined so far. */
  snapshot: string;
}

/** A call's state as {@link CallAccumulator.live} shows it: `final` is set once its `.done` came. */
export interface LiveCallState extends LiveCall {
  outputIndex: number;
  final: string | undefined;
}

interface Entry extends LiveCallState {
  outputIndex: number;
  /**
   * The deltas joined so far, built by `+=`: V8 appends to a rope in O(1) and flattens it once, when
   * a consumer reads the characters (at the latest, the `.done` comparison).
   */
  snapshot: string;
  final: string | undefined;
}

/**
 * Folds one turn's `output_item.added`, `function_call_arguments.delta` and `.done` events into complete
 * calls, keyed by `output_index` (validated by core; `item_id` may rotate) so that interleaved calls never mix. Deltas are appended
 * to a rope that is flattened once, so the work is linear in the argument size.
 */
export class CallAccumulator {
  readonly #byIndex = new Map<number, Entry>();

  /** Registers a call announced by `response.output_item.added`. */
  added(outputIndex: number, item: OutputFunctionCall): AccumulatedCall {
    const entry = this.#entry(item.id ?? '', outputIndex);
    entry.callId = item.call_id;
    entry.name = item.name;
    return view(entry);
  }

  /** Folds a `function_call_arguments.delta`. */
  delta(event: FunctionCallArgumentsDeltaEvent): ArgumentsDeltaResult {
    const entry = this.#entry(event.item_id, event.output_index);
    entry.snapshot += event.delta;
    return { call: view(entry), snapshot: entry.snapshot };
  }

  /**
   * Folds a `function_call_arguments.delta` and returns the call's live state (read it at once, do not
   * keep it: later events change it). The per-delta path: no copy of the call per event.
   */
  append(event: FunctionCallArgumentsDeltaEvent): Readonly<LiveCall> {
    const entry = this.#entry(event.item_id, event.output_index);
    entry.snapshot += event.delta;
    return entry;
  }

  /** Folds a `function_call_arguments.done`: its string wins over the joined deltas. */
  done(event: FunctionCallArgumentsDoneEvent): ArgumentsDoneResult {
    const overridden = this.complete(event);
    const result: ArgumentsDoneResult = {
      call: view(this.#entry(event.item_id, event.output_index)),
    };
    if (overridden !== undefined) result.mismatch = { deltas: overridden, done: event.arguments };
    return result;
  }

  /**
   * Folds a `function_call_arguments.done` as `done` does, building nothing (the per-call path): returns
   * the joined deltas it overrode when they differ from its string, else `undefined`. The call's state
   * is then `liveAt(event.output_index)`.
   */
  complete(event: FunctionCallArgumentsDoneEvent): string | undefined {
    const entry = this.#entry(event.item_id, event.output_index);
    if (event.name !== '' && event.name !== undefined) entry.name = event.name;
    const joined = entry.snapshot;
    entry.final = event.arguments;
    entry.snapshot = event.arguments;
    // No deltas at all is not a mismatch: some servers send the arguments only in `.done`.
    return joined !== '' && joined !== event.arguments ? joined : undefined;
  }

  /** The live state of the call at `outputIndex` (read it at once), if one was seen. */
  liveAt(outputIndex: number): Readonly<LiveCallState> | undefined {
    return this.#byIndex.get(outputIndex);
  }

  /** Completes what `output_item.done` tells (call id, name) without finalising the arguments. */
  itemDone(outputIndex: number, item: OutputFunctionCall): void {
    const entry = this.#entry(item.id ?? '', outputIndex);
    if (entry.callId === '') entry.callId = item.call_id;
    if (entry.name === '') entry.name = item.name;
  }

  /** Every call seen, in `output_index` order. */
  calls(): AccumulatedCall[] {
    return this.live().map(view);
  }

  /**
   * Every call's live state, in `output_index` order, without a copy of each (read it at once: later
   * events change it). `arguments` is the final string once `done`.
   */
  live(): Readonly<LiveCallState>[] {
    const entries = [...this.#byIndex.values()];
    // Added in `output_index` order as a rule: sorted only when they were not.
    for (let i = 1; i < entries.length; i++)
      if ((entries[i] as Entry).outputIndex < (entries[i - 1] as Entry).outputIndex)
        return entries.sort((a, b) => a.outputIndex - b.outputIndex);
    return entries;
  }

  /** The calls whose `.done` arrived (the only ones that may ever run), in `output_index` order. */
  finalCalls(): AccumulatedCall[] {
    return this.calls().filter((call) => call.done);
  }

  #entry(itemId: string, outputIndex: number): Entry {
    // By `output_index` alone (core checked it is there): a proxy was seen rotating `item_id` on every
    // event, and ids reused across items would mix calls. The first non-empty `item_id` names the call.
    let entry = this.#byIndex.get(outputIndex);
    if (entry === undefined) {
      entry = { itemId, outputIndex, callId: '', name: '', snapshot: '', final: undefined };
      this.#byIndex.set(outputIndex, entry);
    }
    if (entry.itemId === '') entry.itemId = itemId;
    return entry;
  }
}

function view(entry: Entry): AccumulatedCall {
  const done = entry.final !== undefined;
  return {
    itemId: entry.itemId,
    outputIndex: entry.outputIndex,
    callId: entry.callId,
    name: entry.name,
    arguments: entry.final ?? entry.snapshot,
    done,
  };
}
