import type { WireRequest } from '../wire/request.js';
import type { WireErrorBody } from '../wire/response.js';
import { paramIncorrect } from './error-bodies.js';

/** The models the test server lists and serves, as MiMo V2.6 does. */
export const TEST_SERVER_MODELS: readonly string[] = [
  'mimo-v2.6-pro',
  'mimo-v2.6-flash',
  'mimo-v2.6-pro-ultraspeed',
];

/** Names MiMo has retired: the test server refuses them as MiMo does. */
export const TEST_SERVER_RETIRED_MODELS: readonly string[] = [
  'mimo-v2.5-pro',
  'mimo-v2.5',
  'mimo-v2-pro',
  'mimo-v2-flash',
];

/** MiMo V2.6's context window, in tokens. */
export const TEST_SERVER_CONTEXT_WINDOW = 1_048_576;

/** How the test server answers a retired model. */
export interface RetiredAnswer {
  status: 400 | 404;
  body: WireErrorBody;
}

/** MiMo's answer to a retired model: 400 "Not supported model" (seen for V2), or 404 with a migrate hint. */
export function retiredModelAnswer(model: string, status: 400 | 404): RetiredAnswer {
  if (status === 404) {
    return {
      status,
      body: {
        error: {
          code: '404',
          message: `The model ${model} does not exist or has been retired`,
          param: 'Please migrate to mimo-v2.6-pro or mimo-v2.6-flash',
          type: 'invalid_request_error',
        },
      },
    };
  }
  return { status, body: { error: { code: '400', message: 'Not supported model', param: model, type: '' } } };
}

// Media payloads are not text: a data URL would count its base64 as tokens.
const MEDIA_KEYS = new Set(['image_url', 'file_id', 'input_audio']);

/**
 * A rough token count of what a request puts in the context: the characters of its input,
 * instructions and tools (media payloads left out) divided by 4. A test estimate, not a tokenizer.
 */
export function estimateInputTokens(request: WireRequest): number {
  const text = JSON.stringify(
    [request.instructions ?? '', request.input, request.tools ?? []],
    (key, value) => (MEDIA_KEYS.has(key) ? undefined : value),
  );
  return Math.ceil(text.length / 4);
}

/** A MiMo-style 400 when the input's estimate plus `max_output_tokens` exceeds the window; else `undefined`. */
export function checkContextWindow(request: WireRequest, contextWindow: number): WireErrorBody | undefined {
  const input = estimateInputTokens(request);
  const output = request.max_output_tokens ?? 0;
  if (input + output <= contextWindow) return undefined;
  return paramIncorrect(
    `This model's maximum context length is ${contextWindow} tokens. However, you requested about ${input + output} tokens (${input} in the input, ${output} for the output). Please reduce the length of the input.`,
  );
}
