import {
  createClient,
  isMimoError,
  type MimoClient,
  type Response,
  validateHistory,
} from '@mimo-agents/core';
import { startTestServer, type TestServer } from '@mimo-agents/testing';
import { type ToolContext, tool } from '@mimo-agents/tools';
import { z } from 'zod';
import { run } from '../run.js';
import { mutatedFrames, SeededRandom, toFrames } from './frame-mutations.js';

/** Settings of one fuzz campaign: seeded, bounded in count and per-case time. */
export interface StreamFuzzOptions {
  seed: number;
  /** Mutated streams read through `client.stream()`. */
  streamCases: number;
  /** Mutated tool turns driven through `run()`. */
  runCases: number;
  /** A case that has not settled after this long counts as a hang (and is aborted). */
  caseTimeoutMs: number;
}

/** What a campaign saw; `violations` must be empty. */
export interface StreamFuzzReport {
  cases: number;
  /** `finalResponse()` / `run()` that resolved (each checked valid). */
  resolved: number;
  /** Rejections by error code (every one a `MimoError`). */
  rejections: Record<string, number>;
  /** Tool executions in the `run()` cases (each call id at most once). */
  executions: number;
  violations: string[];
}

type Json = Record<string, unknown>;

function responseObject(id: string, status: string, output: unknown[]): Json {
  return {
    id,
    object: 'response',
    created_at: 1,
    status,
    error: null,
    incomplete_details: null,
    model: 'mimo-v2.6-pro',
    output,
    usage: {
      input_tokens: 20,
      output_tokens: 10,
      total_tokens: 30,
      output_tokens_details: { reasoning_tokens: 4 },
    },
  };
}

/** The events of a well-formed tool turn: reasoning, then two calls with interleaved argument deltas. */
export function toolTurnEvents(id: string, callIds: readonly [string, string]): Json[] {
  const reasoning = {
    type: 'reasoning',
    id: 'rs_1',
    summary: [],
    content: [{ type: 'reasoning_text', text: 'Weather and time.' }],
  };
  const args = ['{"city":"Paris"}', '{"city":"Rome"}'];
  const calls = callIds.map((callId, i) => ({
    type: 'function_call',
    id: `fc_${i + 1}`,
    status: 'completed',
    call_id: callId,
    name: i === 0 ? 'get_weather' : 'local_time',
    arguments: args[i],
  }));
  const events: Json[] = [
    { type: 'response.created', response: responseObject(id, 'in_progress', []) },
    { type: 'response.output_item.added', output_index: 0, item: { ...reasoning, content: [] } },
    {
      type: 'response.reasoning_text.delta',
      item_id: 'rs_1',
      output_index: 0,
      content_index: 0,
      delta: 'Weather ',
    },
    {
      type: 'response.reasoning_text.delta',
      item_id: 'rs_1',
      output_index: 0,
      content_index: 0,
      delta: 'and time.',
    },
    { type: 'response.output_item.done', output_index: 0, item: reasoning },
  ];
  calls.forEach((call, i) => {
    events.push({
      type: 'response.output_item.added',
      output_index: i + 1,
      item: { ...call, status: 'in_progress', arguments: '' },
    });
  });

  for (let at = 0; at < 16; at += 4)
    calls.forEach((call, i) => {
      const delta = (call.arguments as string).slice(at, at + 4);
      if (delta !== '')
        events.push({
          type: 'response.function_call_arguments.delta',
          item_id: call.id,
          output_index: i + 1,
          delta,
        });
    });
  calls.forEach((call, i) => {
    events.push({
      type: 'response.function_call_arguments.done',
      item_id: call.id,
      output_index: i + 1,
      arguments: call.arguments,
      name: call.name,
    });
    events.push({ type: 'response.output_item.done', output_index: i + 1, item: call });
  });
  events.push({
    type: 'response.completed',
    response: responseObject(id, 'completed', [reasoning, ...calls]),
  });
  return events;
}

/** The events of a well-formed answer turn. */
export function answerTurnEvents(id: string, text: string): Json[] {
  const message = {
    type: 'message',
    id: 'msg_1',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
  return [
    { type: 'response.created', response: responseObject(id, 'in_progress', []) },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...message, status: 'in_progress', content: [] },
    },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: text },
    { type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text },
    { type: 'response.output_item.done', output_index: 0, item: message },
    { type: 'response.completed', response: responseObject(id, 'completed', [message]) },
  ];
}

/** Why a resolved final response is not a valid `Response`, or `undefined`. */
export function responseProblem(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null)
    return `finalResponse() resolved to ${String(response)}`;
  const r = response as Response;
  if (typeof r.id !== 'string') return 'response.id is not a string';
  if (r.status !== 'completed' && r.status !== 'incomplete') return `response.status is ${String(r.status)}`;
  if (!Array.isArray(r.output)) return 'response.output is not an array';
  const ids: string[] = [];
  for (const item of r.output as unknown[]) {
    if (typeof item !== 'object' || item === null) return 'an output item is not an object';
    const typed = item as { type?: unknown; call_id?: unknown };
    if (typeof typed.type !== 'string') return 'an output item has no type';
    if (typed.type === 'function_call') {
      if (typeof typed.call_id !== 'string' || typed.call_id === '') return 'a function call has no call_id';
      if (ids.includes(typed.call_id)) return `call_id ${typed.call_id} appears twice`;
      ids.push(typed.call_id);
    }
  }
  return undefined;
}

/** How many tool turns an input already holds answers for (runs of consecutive `function_call_output` items). */
function answeredTurns(input: unknown): number {
  if (!Array.isArray(input)) return 0;
  let turns = 0;
  let inRun = false;
  for (const item of input as { type?: unknown }[]) {
    const isOutput = item?.type === 'function_call_output';
    if (isOutput && !inRun) turns += 1;
    inRun = isOutput;
  }
  return turns;
}

/** Races `work` against the case's time budget; on timeout aborts it and reports a hang. */
async function bounded(ms: number, controller: AbortController, work: Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    const result = await Promise.race([work.then(() => false), hung]);
    if (result) controller.abort();
    return result;
  } finally {
    clearTimeout(timer);
  }
}

function noteRejection(report: StreamFuzzReport, error: unknown, label: string): void {
  if (!isMimoError(error)) {
    report.violations.push(
      `${label}: untyped ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return;
  }
  report.rejections[error.code] = (report.rejections[error.code] ?? 0) + 1;
}

async function withServer(work: (server: TestServer, client: MimoClient) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const client = createClient({
    baseURL: server.url,
    apiKey: server.apiKey,
    maxRetries: 1,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    timeouts: { idleMs: 2_000, firstByteMs: 2_000 },
  });
  try {
    await work(server, client);
  } finally {
    await client.close();
    await server.close();
  }
}

async function streamCase(
  report: StreamFuzzReport,
  random: SeededRandom,
  n: number,
  options: StreamFuzzOptions,
): Promise<void> {
  const base =
    random.int(2) === 0
      ? toolTurnEvents('resp_s', ['call_a', 'call_b'])
      : answerTurnEvents('resp_s', 'Hello.');
  const { frames, changes } = mutatedFrames(random, base);
  const label = `stream case ${n} (seed ${options.seed}; ${changes.join(', ')})`;
  await withServer(async (server, client) => {
    server.reply.frames(frames).frames(frames);
    const controller = new AbortController();
    const work = (async () => {
      const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Hi' }, { signal: controller.signal });
      try {
        for await (const _event of stream) {
          // Events are the parser's; the final response is what is checked.
        }
      } catch (error) {
        if (!isMimoError(error)) report.violations.push(`${label}: the loop threw untyped ${String(error)}`);
      }
      try {
        const response = await stream.finalResponse();
        const problem = responseProblem(response);
        if (problem !== undefined) report.violations.push(`${label}: ${problem}`);
        else report.resolved += 1;
      } catch (error) {
        noteRejection(report, error, label);
      }
    })();
    if (await bounded(options.caseTimeoutMs, controller, work)) report.violations.push(`${label}: hung`);
  });
}

async function runCase(
  report: StreamFuzzReport,
  random: SeededRandom,
  n: number,
  options: StreamFuzzOptions,
): Promise<void> {
  const first = mutatedFrames(random, toolTurnEvents('resp_1', ['call_a', 'call_b']));
  // The second turn may reuse the first turn's call ids (a server that repeats them).
  const reuse = random.int(5) === 0;
  const second = mutatedFrames(
    random,
    toolTurnEvents('resp_2', reuse ? ['call_a', 'call_b'] : ['call_c', 'call_d']),
  );
  const label = `run case ${n} (seed ${options.seed}; turn 1: ${first.changes.join(', ')}; turn 2: ${second.changes.join(', ')})`;
  const executions = new Map<string, number>();
  const count = (ctx: ToolContext): void => {
    if (typeof ctx.callId !== 'string' || ctx.callId === '')
      report.violations.push(`${label}: a tool ran without a call id`);
    executions.set(ctx.callId, (executions.get(ctx.callId) ?? 0) + 1);
  };
  const tools = [
    tool({
      name: 'get_weather',
      description: 'Weather',
      parameters: z.object({ city: z.string() }),
      execute: (_a, ctx) => {
        count(ctx);
        return 'sunny';
      },
    }),
    tool({
      name: 'local_time',
      description: 'Time',
      parameters: z.object({ city: z.string() }),
      execute: (_a, ctx) => {
        count(ctx);
        return 'noon';
      },
    }),
  ];
  await withServer(async (server, client) => {
    const answer = toFrames(answerTurnEvents('resp_3', 'Done.'));
    // Which turn a request is for: the tool turns already answered in its input (a resend gets the same frames).
    const byTurn = [first.frames, second.frames, answer];
    for (let i = 0; i < 8; i++)
      server.reply.with((request) => ({
        type: 'frames',
        frames: byTurn[Math.min(answeredTurns(request.input), 2)] as string[],
      }));
    const controller = new AbortController();
    const work = (async () => {
      try {
        const result = await run({
          client,
          agent: { name: 'fuzz', model: 'mimo-v2.6-pro', tools },
          input: 'Weather and time in Paris?',
          maxTurns: 4,
          signal: controller.signal,
        });
        validateHistory(result.history);
        report.resolved += 1;
      } catch (error) {
        noteRejection(report, error, label);
      }
    })();
    if (await bounded(options.caseTimeoutMs, controller, work)) report.violations.push(`${label}: hung`);
  });
  for (const [callId, times] of executions) {
    report.executions += times;
    if (times > 1) report.violations.push(`${label}: call ${callId} ran ${times} times`);
  }
}

/**
 * Mutated frames (dropped, repeated, swapped, retyped, re-indexed events; deleted or odd-valued fields;
 * truncated JSON, garbage frames, regrouped writes) through `client.stream()` and `run()` against the
 * local test server over real HTTP. Every rejection must be a `MimoError`, nothing may hang, no call id
 * may run twice, and every `finalResponse()` that resolves must be a valid `Response`.
 */
export async function fuzzStreams(options: StreamFuzzOptions): Promise<StreamFuzzReport> {
  const random = new SeededRandom(options.seed);
  const report: StreamFuzzReport = { cases: 0, resolved: 0, rejections: {}, executions: 0, violations: [] };
  for (let n = 0; n < options.streamCases; n++, report.cases++) await streamCase(report, random, n, options);
  for (let n = 0; n < options.runCases; n++, report.cases++) await runCase(report, random, n, options);
  return report;
}
