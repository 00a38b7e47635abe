import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';

/** A parameter MiMo rejects, with why and what to do instead. */
export interface UnsupportedRule {
  reason: string;
  fix: string;
}

/** Top-level parameters MiMo does not support, refused before sending. */
export const UNSUPPORTED_PARAMETERS: Readonly<Record<string, UnsupportedRule>> = {
  previous_response_id: {
    reason: 'MiMo keeps no server-side conversation state',
    fix: 'resend the full history in `input` (the runner does this for you)',
  },
  background: {
    reason: 'MiMo does not run background responses',
    fix: 'remove it; use client.stream() for long turns',
  },
  context_management: {
    reason: 'MiMo does not support server-side context management',
    fix: 'remove it and trim the history yourself',
  },
  store: {
    reason: 'MiMo does not store responses',
    fix: 'remove it; keep the history on your side',
  },
  conversation: {
    reason: 'MiMo has no conversation objects',
    fix: 'remove it and resend the full history in `input`',
  },
};

/** The top-level fields the client sends as typed (`ResponseRequest`), besides `stream`. */
export const KNOWN_PARAMETERS: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'max_output_tokens',
  'reasoning',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'text',
  'prompt_cache_key',
]);

/** Reasoning efforts MiMo accepts. */
export const REASONING_EFFORTS: ReadonlySet<string> = new Set(['none', 'low', 'medium', 'high']);

/**
 * The error `client.create()` throws for a parameter MiMo does not support (`previous_response_id`,
 * `store`, …), for other entry points to refuse it the same way; `undefined` for any other name.
 */
export function unsupportedParameterError(param: string): UnsupportedParameterError | undefined {
  const rule = Object.hasOwn(UNSUPPORTED_PARAMETERS, param) ? UNSUPPORTED_PARAMETERS[param] : undefined;
  return rule === undefined ? undefined : new UnsupportedParameterError({ param, ...rule });
}
