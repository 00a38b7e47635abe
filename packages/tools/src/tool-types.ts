import type * as z3 from 'zod/v3';
import type * as z4 from 'zod/v4/core';
import type { FunctionDefinition } from './function-definition.js';

/** What a tool's `execute` receives besides its arguments; `TContext` is the type of the run's `context`. */
export interface ToolContext<TContext = unknown> {
  /** The model's `call_id` for this call. */
  callId: string;
  /** Aborted when the run is cancelled or the tool's timeout fires. */
  signal: AbortSignal;
  /** Stable across retries and resumes of the same call (`runId:callId` under the runner). */
  idempotencyKey: string;
  /** 1 on the first execution of this call, higher when it is executed again. */
  attempt: number;
  /** The run's user context (`run({ context })`), passed through untouched. */
  context: TContext;
  /**
   * Reports progress of long work; the runner emits it as a `tool.progress` event. Bounded: updates
   * closer than `progressIntervalMs` (default 100) to the last one sent are dropped, `message` is cut to
   * `maxProgressChars` (default 1 000) and `data` is sent only if its JSON fits in that many characters.
   * Calls after the tool has finished (or timed out) are ignored.
   */
  progress(message: string, data?: Record<string, unknown>): void;
}

/** What a tool's `needsApproval` predicate receives besides the parsed arguments. */
export interface ToolApprovalContext {
  /** The model's `call_id` for this call. */
  callId: string;
  /** The run's id (under the runner). */
  runId: string;
  /** The run's user context, passed through untouched. */
  context: unknown;
}

/**
 * Whether a call must wait for a person's decision before it runs: always (`true`), or decided per
 * call from its parsed arguments. A predicate that throws counts as `true` (fail closed).
 */
export type NeedsApproval<Args> =
  | boolean
  // A method's parameters are bivariant, so a `Tool<{ id: string }>` is still an `AnyTool`.
  | { check(args: Args, ctx: ToolApprovalContext): boolean | Promise<boolean> }['check'];

/** A zod object schema, zod 4 (`zod`, `zod/mini`) or zod 3 (`zod/v3`). */
export type ToolParameters = z4.$ZodObject | z3.AnyZodObject;

/** The parsed argument type of a zod schema (its output type, after defaults and transforms). */
export type InferToolArgs<S> = S extends z4.$ZodType
  ? z4.output<S>
  : S extends z3.ZodTypeAny
    ? z3.output<S>
    : never;

/** A tool the model can call: its wire definition, an argument parser and the function itself. */
export interface Tool<Args, TContext = unknown> {
  /** Tag telling tools apart from other values. */
  readonly kind: 'tool';
  /** Name the model calls the tool by. */
  readonly name: string;
  /** What the tool does, for the model. */
  readonly description: string;
  /** Time limit for one execution, in milliseconds (`Infinity`: none); unset means the agent's, run's or default limit. */
  readonly timeoutMs?: number;
  /** Longest output the model reads, in characters (`Infinity`: no cap); unset means the agent's, run's or default cap. */
  readonly maxOutputChars?: number;
  /** Whether the definition is sent in strict mode. */
  readonly strict: boolean;
  /** Why the tool is not strict, when strict mode was not possible. */
  readonly nonStrictReason?: string;
  /** The function definition sent to the model, computed once. */
  readonly definition: FunctionDefinition;
  /** Set when calls must be approved by a person before they run (see the runner's `resume({ decisions })`). */
  readonly needsApproval?: NeedsApproval<Args>;
  /** Parses the model's JSON arguments; throws `ToolArgumentsError`. */
  parse(json: string): Args;
  /** Runs the tool. */
  execute(args: Args, ctx: ToolContext<TContext>): unknown;
}

/** Any tool, whatever its argument type (and, given `TContext`, one that takes that run context). */
export type AnyTool<TContext = unknown> = Tool<unknown, TContext>;
