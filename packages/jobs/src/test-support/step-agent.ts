// Test-only fixtures shared by the worker tests and the worker child process: a scripted "model" that
// asks for `record_step` N times and then answers, and a tool whose side effect is a line in a ledger
// file, deduplicated by `ctx.idempotencyKey` as a real side-effecting tool should be.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Agent } from '@mimo-agents/runner';
import type { ReplySpec, StreamingOptions, TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** One line of the start log: an execution of the tool began (a repeat after a crash included). */
export interface StartEntry {
  key: string;
  callId: string;
  pid: number;
  attempt: number;
}

/** One line of the ledger: a side effect that happened, and the execution that did it. */
export interface LedgerEntry extends StartEntry {
  n: number;
}

/** Reads every line of a JSON-lines file (the ledger, or the start log). */
export function readLedger<Entry = LedgerEntry>(path: string): Entry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Entry);
}

function appendLine(path: string, entry: StartEntry | LedgerEntry): void {
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** Options of `stepAgent`. */
export interface StepAgentOptions {
  ledger: string;
  /** Where to append a `StartEntry` each time the tool starts, before anything else (default: nowhere). */
  startLog?: string;
  /** Called when the tool starts, before its side effect; may never resolve (to be killed there). */
  beforeEffect?: (callId: string) => Promise<void> | void;
  /** Called right after the side effect, before the tool returns; may never resolve. */
  afterEffect?: (callId: string) => Promise<void> | void;
  /** Every call waits for a person's approval (default false). */
  needsApproval?: boolean;
}

/** An agent whose single tool appends `{ key, n }` to the ledger once per idempotency key. */
export function stepAgent(options: StepAgentOptions): Agent {
  const recordStep = tool({
    name: 'record_step',
    description: 'Records that step n was done',
    parameters: z.object({ n: z.number() }),
    needsApproval: options.needsApproval ?? false,
    execute: async ({ n }, ctx) => {
      const start: StartEntry = {
        key: ctx.idempotencyKey,
        callId: ctx.callId,
        pid: process.pid,
        attempt: ctx.attempt,
      };
      if (options.startLog !== undefined) appendLine(options.startLog, start);
      await options.beforeEffect?.(ctx.callId);
      const done = readLedger<LedgerEntry>(options.ledger).find((entry) => entry.key === start.key);
      if (done !== undefined) return `step ${done.n} recorded`;
      appendLine(options.ledger, { ...start, n });
      await options.afterEffect?.(ctx.callId);
      return `step ${n} recorded`;
    },
  });
  return { name: 'stepper', model: 'mimo-v2.6-pro', instructions: 'Record the steps.', tools: [recordStep] };
}

/** Options of `scriptSteps`. */
export interface ScriptStepsOptions {
  /** Tool turns before the answer. */
  steps: number;
  /** Replies to queue (resent turns take one each). Default 40. */
  count?: number;
  /** Told about each request as it arrives: its position and how many tool outputs its history holds. */
  onRequest?: (index: number, done: number) => void;
  /** Streaming settings for the reply to request number `index` (e.g. slow, to be killed mid-stream). */
  streamingFor?: (index: number) => StreamingOptions | undefined;
}

/**
 * Scripts replies on the server, each computed from the request: with k tool outputs in the history
 * it calls `record_step` for step k+1 (call id `call_<k+1>`), and after `steps` outputs it answers.
 */
export function scriptSteps(server: TestServer, options: ScriptStepsOptions): void {
  for (let i = 0; i < (options.count ?? 40); i++) {
    server.reply.with((request, call): ReplySpec => {
      const input = typeof request.input === 'string' ? [] : request.input;
      const done = input.filter((item) => item.type === 'function_call_output').length;
      options.onRequest?.(call.index, done);
      const streaming = options.streamingFor?.(call.index);
      const common = streaming === undefined ? {} : { streaming };
      if (done >= options.steps) {
        return {
          ...common,
          type: 'output',
          items: [{ type: 'message', text: `finished after ${done} steps` }],
        };
      }
      const n = done + 1;
      return {
        ...common,
        type: 'output',
        items: [
          { type: 'reasoning', text: `Step ${n} next, after a long think.` },
          {
            type: 'function_call',
            name: 'record_step',
            arguments: JSON.stringify({ n }),
            callId: `call_${n}`,
          },
        ],
      };
    });
  }
}
