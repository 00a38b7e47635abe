import type { ResponseUsage } from '@mimo-agents/core';

/** Token usage of one turn or of a whole run (camelCase, summed over requests). */
export interface RunUsage {
  /** Model requests that returned usage, plus a request cancelled mid-turn by the run's signal (it has no tokens). */
  requests: number;
  /** Prompt tokens, the resent history included. */
  inputTokens: number;
  /** Of `inputTokens`, those served from MiMo's cache. */
  cachedTokens: number;
  /** Generated tokens, reasoning included. */
  outputTokens: number;
  /** Of `outputTokens`, those spent thinking. */
  reasoningTokens: number;
  /** `inputTokens + outputTokens` as the server counted them. */
  totalTokens: number;
}

/** A usage of zero requests and zero tokens. */
export function emptyUsage(): RunUsage {
  return {
    requests: 0,
    inputTokens: 0,
    cachedTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    totalTokens: 0,
  };
}

/** Converts the wire `usage` of one response; a missing usage counts as zero tokens. */
export function fromResponseUsage(usage: ResponseUsage | undefined): RunUsage {
  if (usage === undefined) return emptyUsage();
  return {
    requests: 1,
    inputTokens: usage.input_tokens,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
    totalTokens: usage.total_tokens,
  };
}

/** Sums usages field by field. */
export function addUsage(...usages: RunUsage[]): RunUsage {
  const sum = emptyUsage();
  for (const u of usages) {
    sum.requests += u.requests;
    sum.inputTokens += u.inputTokens;
    sum.cachedTokens += u.cachedTokens;
    sum.outputTokens += u.outputTokens;
    sum.reasoningTokens += u.reasoningTokens;
    sum.totalTokens += u.totalTokens;
  }
  return sum;
}

/** One-line summary such as `3 requests, 1,234 in (200 cached), 456 out (120 reasoning)`. */
export function formatUsage(usage: RunUsage): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  return (
    `${usage.requests} request${usage.requests === 1 ? '' : 's'}, ${n(usage.inputTokens)} in ` +
    `(${n(usage.cachedTokens)} cached), ${n(usage.outputTokens)} out (${n(usage.reasoningTokens)} reasoning)`
  );
}
