import type { ItemSpec } from '../reply/reply-spec.js';
import type { PromptCache } from '../server/prompt-cache.js';
import type { WireRequest } from '../wire/request.js';
import type { WireOutputItem, WireResponse, WireResponseStatus, WireUsage } from '../wire/response.js';
import type { IdSource } from './id-source.js';

/** Everything needed to build a final response object. */
export interface BuildResponseOptions {
  ids: IdSource;
  request: WireRequest;
  items: readonly ItemSpec[];
  status: WireResponseStatus;
  incompleteReason?: string;
  error?: { code: string; message: string };
  createdAt: number;
  /** Reports `cached_tokens` for the prefix this request shares with earlier ones. */
  promptCache?: PromptCache;
}

/** Builds the final response (ids assigned, usage approximated as chars/4) from item specs. */
export function buildResponse(options: BuildResponseOptions): WireResponse {
  const { ids, request, status } = options;
  const output = options.items.map((spec) => toOutputItem(spec, ids, status));
  const response = emptyResponse({ id: ids.next('resp'), request, createdAt: options.createdAt });
  response.status = status;
  response.output = output;
  response.output_text = output
    .flatMap((item) => (item.type === 'message' ? item.content.map((part) => part.text) : []))
    .join('');
  response.usage = approximateUsage(request, output);
  if (options.promptCache !== undefined)
    response.usage.input_tokens_details.cached_tokens = options.promptCache.lookup(
      request,
      response.usage.input_tokens,
    );
  if (status === 'incomplete')
    response.incomplete_details = { reason: options.incompleteReason ?? 'max_output_tokens' };
  if (status === 'failed')
    response.error = options.error ?? { code: 'server_error', message: 'The model failed.' };
  return response;
}

/** A response shell with `in_progress` status and no output, echoing the request's settings. */
export function emptyResponse(options: {
  id: string;
  request: WireRequest;
  createdAt: number;
}): WireResponse {
  const { request } = options;
  const effort = request.reasoning?.effort;
  return {
    id: options.id,
    object: 'response',
    created_at: options.createdAt,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    model: request.model,
    output: [],
    output_text: '',
    usage: null,
    metadata: {},
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    tool_choice: 'auto',
    tools: request.tools ?? [],
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    reasoning: { effort: typeof effort === 'string' ? effort : null, summary: null },
    text: { format: { type: request.text?.format?.type ?? 'text' } },
  };
}

function toOutputItem(spec: ItemSpec, ids: IdSource, status: WireResponseStatus): WireOutputItem {
  const done = 'completed';
  switch (spec.type) {
    case 'reasoning':
      return {
        type: 'reasoning',
        id: ids.next('rs'),
        status: done,
        summary: [],
        content: [{ type: 'reasoning_text', text: spec.text }],
      };
    case 'message':
      return {
        type: 'message',
        id: ids.next('msg'),
        status: status === 'incomplete' ? 'incomplete' : done,
        role: 'assistant',
        content: [{ type: 'output_text', text: spec.text, annotations: [] }],
      };
    case 'function_call':
      return {
        type: 'function_call',
        id: ids.next('fc'),
        status: spec.status ?? done,
        call_id: spec.callId ?? ids.next('call'),
        name: spec.name,
        arguments: spec.arguments,
      };
    default: {
      const never: never = spec;
      throw new Error(`Unknown item spec ${JSON.stringify(never)}`);
    }
  }
}

/** Approximates token usage from text lengths (chars / 4), like a tokenizer would roughly. */
export function approximateUsage(request: WireRequest, output: readonly WireOutputItem[]): WireUsage {
  const tokens = (text: string): number => Math.ceil(text.length / 4);
  const input_tokens =
    tokens(JSON.stringify(request.input)) +
    tokens(request.instructions ?? '') +
    tokens(JSON.stringify(request.tools ?? []));
  let reasoning_tokens = 0;
  let output_tokens = 0;
  for (const item of output) {
    if (item.type === 'reasoning') {
      const n = tokens(item.content.map((part) => part.text).join(''));
      reasoning_tokens += n;
      output_tokens += n;
    } else if (item.type === 'message')
      output_tokens += tokens(item.content.map((part) => part.text).join(''));
    else output_tokens += tokens(item.name + item.arguments);
  }
  return {
    input_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens,
    output_tokens_details: { reasoning_tokens },
    total_tokens: input_tokens + output_tokens,
  };
}
