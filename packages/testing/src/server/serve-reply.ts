import type { ServerResponse } from 'node:http';
import { demoModel } from '../demo/demo-model.js';
import { type Fault, faultList } from '../reply/fault.js';
import type { ReplyScript } from '../reply/reply-script.js';
import type { ReplySpec, StreamingOptions } from '../reply/reply-spec.js';
import { buildResponse } from '../stream/build-response.js';
import type { IdSource } from '../stream/id-source.js';
import { pause } from '../stream/pause.js';
import { responseEvents } from '../stream/response-events.js';
import { droppedByServer, writeEventStream } from '../stream/write-event-stream.js';
import type { WireRequest } from '../wire/request.js';
import type { WireResponse } from '../wire/response.js';
import { terminalEventTypes } from '../wire/stream-event.js';
import { answerError } from './answer-error.js';
import type { EmittedTurns } from './emitted-turns.js';
import { defaultErrorBody } from './error-bodies.js';
import type { PromptCache } from './prompt-cache.js';
import type { RecordedCall } from './recorded-call.js';

/** Inputs of `serveReply()`. */
export interface ServeReplyOptions {
  res: ServerResponse;
  call: RecordedCall;
  request: WireRequest;
  script: ReplyScript;
  demoModel: boolean;
  thinkingDefault: boolean;
  streaming: StreamingOptions;
  ids: IdSource;
  emitted: EmittedTurns;
  /** The server's prompt cache: the response's `cached_tokens` come from it. */
  promptCache: PromptCache;
  signal: AbortSignal;
}

/** Takes the next scripted reply (or the demo model) and answers with it, injecting its faults. */
export async function serveReply(options: ServeReplyOptions): Promise<void> {
  const { res, call, request, signal } = options;
  const next = options.script.next() ?? (options.demoModel ? ({ type: 'demo' } as const) : undefined);
  if (next === undefined) {
    const param = 'The reply script ran out: queue another reply (server.reply.text(…)) or enable demoModel.';
    return answerError({
      res,
      call,
      status: 500,
      body: { error: { code: '500', message: 'Script exhausted', param, type: '' } },
    });
  }
  const spec: ReplySpec = typeof next === 'function' ? await next(request, call) : next;
  if (spec.type === 'raw') {
    await spec.serve(res, signal);
    return;
  }
  const faults = faultList(spec.fault);
  const fire = (fault: Fault): void => {
    call.faults.push({ ...fault, eventsWritten: 0 });
  };
  for (const fault of faults) {
    if (fault.type === 'delay-headers') {
      await pause(fault.ms, signal);
      fire(fault);
    }
  }
  const status = faults.find((fault) => fault.type === 'status');
  if (spec.type === 'error' || status !== undefined) {
    const code = status?.status ?? (spec.type === 'error' ? spec.status : 500);
    const retryAfter = status?.retryAfter ?? (spec.type === 'error' ? spec.retryAfter : undefined);
    const retryAfterMs = status?.retryAfterMs ?? (spec.type === 'error' ? spec.retryAfterMs : undefined);
    const body = status?.body ?? (spec.type === 'error' ? spec.body : undefined) ?? defaultErrorBody(code);
    const fired: Fault = { type: 'status', status: code };
    const headers: Record<string, string> = {};
    if (retryAfter !== undefined) {
      fired.retryAfter = retryAfter;
      headers['retry-after'] = retryAfter;
    }
    if (retryAfterMs !== undefined) {
      fired.retryAfterMs = retryAfterMs;
      headers['retry-after-ms'] = String(retryAfterMs);
    }
    fire(fired);
    const asSse = spec.type === 'error' && spec.asSse === true;
    return answerError({ res, call, status: code, body, headers, asSse });
  }
  if (spec.type === 'frames') return writeFrames(res, call, spec.frames);
  const streaming = { ...options.streaming, ...spec.streaming };
  const { response, events } = render(spec, options, faults, streaming, fire);
  remember(response, options.emitted);
  call.response = response;
  call.status = 200;
  if (call.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    await writeEventStream({
      res,
      events,
      faults,
      eventDelayMs: streaming.eventDelayMs ?? 0,
      splitAt: streaming.splitAt ?? [],
      signal,
      onFault: (fired) => call.faults.push(fired),
    });
    return;
  }
  await answerJson(res, response, faults, (fault) => fire(fault), signal);
}

/** Writes raw SSE text as it is (a broken server's stream), then ends the body. */
async function writeFrames(
  res: ServerResponse,
  call: RecordedCall,
  frames: readonly string[],
): Promise<void> {
  call.status = 200;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const frame of frames) {
    if (res.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        res.off('close', done);
        resolve();
      };
      res.once('close', done);
      res.write(frame, done);
    });
  }
  res.end();
}

function render(
  spec: Exclude<ReplySpec, { type: 'error' | 'frames' | 'raw' }>,
  options: ServeReplyOptions,
  faults: readonly Fault[],
  streaming: StreamingOptions,
  fire: (fault: Fault) => void,
): { response: WireResponse; events: ReturnType<typeof responseEvents> } {
  if (spec.type === 'recording') {
    const terminal = [...spec.events].reverse().find((event) => terminalEventTypes.has(event.type));
    if (terminal === undefined || !('response' in terminal)) {
      throw new Error(
        'Invalid recording: it has no terminal response event. Fix: record up to response.completed.',
      );
    }
    return { response: terminal.response, events: spec.events };
  }
  const items =
    spec.type === 'demo'
      ? demoModel(options.request, { thinkingDefault: options.thinkingDefault })
      : spec.items;
  let status = spec.type === 'output' ? (spec.status ?? 'completed') : 'completed';
  let incompleteReason = spec.type === 'output' ? spec.incompleteReason : undefined;
  let error: { code: string; message: string } | undefined;
  for (const fault of faults) {
    if (fault.type === 'incomplete') {
      status = 'incomplete';
      incompleteReason = fault.reason ?? 'max_output_tokens';
      fire(fault);
    } else if (fault.type === 'failed') {
      status = 'failed';
      error = {
        code: fault.code ?? 'server_error',
        message: fault.message ?? 'The model failed (injected fault).',
      };
      fire(fault);
    }
  }
  const response = buildResponse({
    ids: options.ids,
    request: options.request,
    items,
    status,
    createdAt: Math.floor(Date.now() / 1000),
    promptCache: options.promptCache,
    ...(incompleteReason === undefined ? {} : { incompleteReason }),
    ...(error === undefined ? {} : { error }),
  });
  const eventOptions = {
    deltaSize: streaming.deltaSize ?? 8,
    interleaveCalls: streaming.interleaveCalls ?? false,
  };
  return { response, events: responseEvents(response, eventOptions) };
}

/** Remembers which tool-call turns carried reasoning, for the pass-back check. */
function remember(response: WireResponse, emitted: EmittedTurns): void {
  const reasoning = response.output.find((item) => item.type === 'reasoning');
  const callIds = response.output.flatMap((item) => (item.type === 'function_call' ? [item.call_id] : []));
  emitted.record(callIds, reasoning?.id);
}

async function answerJson(
  res: ServerResponse,
  response: WireResponse,
  faults: readonly Fault[],
  fire: (fault: Fault) => void,
  signal: AbortSignal,
): Promise<void> {
  for (const fault of faults) {
    switch (fault.type) {
      case 'drop-after-events':
        fire(fault);
        droppedByServer.add(res);
        res.socket?.destroy();
        return;
      case 'stall-after-events':
        fire(fault);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        await new Promise<void>((resolve) => {
          res.once('close', () => resolve());
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
        return;
      case 'malformed-frame':
        fire(fault);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(response).slice(0, 40));
        return;
      case 'status':
      case 'delay-headers':
      case 'no-terminal-event':
      // A JSON body has a Content-Length and ends by itself: holding the socket open after it is plain keep-alive.
      case 'hold-open-after-terminal':
      case 'incomplete':
      case 'failed':
        break;
      default: {
        const never: never = fault;
        throw new Error(`Unknown fault ${JSON.stringify(never)}`);
      }
    }
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(response));
}
