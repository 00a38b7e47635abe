import type { WireRequest } from '../wire/request.js';

/** How many earlier prompts the test server compares a new one with (oldest forgotten first). */
export const PROMPT_CACHE_ENTRIES = 64;

/**
 * The test server's model of MiMo's prompt cache: a request's prompt (instructions, tools, then the
 * input items, as JSON) is compared with the prompts of earlier requests to the same model and
 * `prompt_cache_key`; the longest common prefix, in the server's token estimate (characters / 4,
 * rounded down), is reported as `usage.input_tokens_details.cached_tokens`. A byte that changes early in
 * the history therefore shows up as lost cache.
 */
export class PromptCache {
  readonly #prompts: { scope: string; text: string }[] = [];

  /** The cached tokens of `request` (at most `inputTokens`), then remembers its prompt. */
  lookup(request: WireRequest, inputTokens: number): number {
    const prompt = promptOf(request);
    let best = 0;
    for (const earlier of this.#prompts)
      if (earlier.scope === prompt.scope) best = Math.max(best, commonPrefix(earlier.text, prompt.text));
    this.#prompts.push(prompt);
    if (this.#prompts.length > PROMPT_CACHE_ENTRIES) this.#prompts.shift();
    return Math.min(inputTokens, Math.floor(best / 4));
  }
}

/** What a prompt is cached by: its scope (model and cache key: no sharing across them) and its text. */
export function promptOf(request: WireRequest): { scope: string; text: string } {
  const items = Array.isArray(request.input) ? request.input : [request.input];
  return {
    scope: JSON.stringify([request.model, request.prompt_cache_key ?? '']),
    text:
      JSON.stringify([request.instructions ?? '', request.tools ?? []]) +
      items.map((item) => JSON.stringify(item)).join(''),
  };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}
