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
      if (earlier.scope === prompt.scope && Math.min(earlier.text.length, prompt.text.length) > best)
        best = Math.max(best, commonPrefix(earlier.text, prompt.text));
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

/**
 * Length of the longest common prefix of `a` and `b`. Binary search with native comparisons
 * (`startsWith` at an offset) instead of a character loop: the test server compares each request with
 * up to 64 earlier prompts of a few KiB, and under load (benchmark 4) a loop was a fifth of its CPU.
 */
export function commonPrefix(a: string, b: string): number {
  let low = 0; // a and b agree on [0, low)
  let high = Math.min(a.length, b.length); // and differ somewhere before high, unless high is the end
  if (a.startsWith(b.length <= a.length ? b : b.slice(0, high))) return high;
  high -= 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (a.startsWith(b.slice(low, mid), low)) low = mid;
    else high = mid - 1;
  }
  return low;
}
