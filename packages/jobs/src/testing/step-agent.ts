// Test-only fixtures shared by the worker tests and the worker child process: a scripted "model" that
// asks for `record_step` N times and then answers, and a tool whose side effect is a line in a ledger
// file, deduplicated by `ctx.idempotencyKey` as a real side-effecting tool should be.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Agent } from '@mimo-agents/runner';
import type { ReplySpec, StreamingOptions, TestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { z } from 'zod';

/** One line of the ledger: a side effect that happened. */
export interface LedgerEntry {
  key: string;
  callId: string;
  n: number;
  pid: number;
  attempt: number;
}

/** Reads every ledger line. */
export function readLedger(path: string): LedgerEntry[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/** Options of `stepAgent`. */
export interface StepAgentOptions {
  ledger: string;
  /** Called when the tool starts, before its side effect; may never resolve (to be killed there). */
  beforeEffect?: (callId: string) => Promise<void> | void;
  /** Called right after the side effect, before the tool returns; may never resolve. */
  afterEffect?: (callId: string) => Promise<void> | void;
}

/** An agent whose single tool appends `{ key, n }` to the ledger once per idempotency key. */
export function stepAgent(options: StepAgentOptions): Agent {
  const recordStep = tool({
    name: 'record_step',
    description: 'Records that step n was done',
    parameters: z.object({ n: z.number() }),
    execute: async ({ n }, ctx) => {
      await options.beforeEffect?.(ctx.callId);
      const done = readLedger(options.ledger).find((entry) => entry.key === ctx.idempotencyKey);
      if (done !== undefined) return `step ${done.n} recorded`;
      const entry: LedgerEntry = {
        key: ctx.idempotencyKey,
        callId: ctx.callId,
        n,
        pid: process.pid,
        attempt: ctx.attempt,
      };
      appendFileSync(options.ledger, `${JSON.stringify(entry)}\n`);
      await options.afterEffect?.(ctx.callId);
      return `step ${n} recorded`;
    },
  });
  return { name: 'stepper', model: 'mimo-v2.5-pro', instructions: 'Record the steps.', tools: [recordStep] };
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
