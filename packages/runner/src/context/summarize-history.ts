import type { InputItem, MimoClient, ResponseRequest } from '@mimo-agents/core';
import { messageText } from '../history/replay-item.js';
import { fromResponseUsage, type RunUsage } from '../usage.js';
import { DEFAULT_SUMMARY_INSTRUCTIONS, type SummarizePolicy } from './context-policy.js';

/** Marks the summary message, so a reader (and the next compaction) can tell it apart. */
export const SUMMARY_PREFIX = '[Summary of the earlier conversation]\n';

/** Default `maxOutputTokens` of a compaction request. */
export const DEFAULT_SUMMARY_MAX_OUTPUT_TOKENS = 4096;

/** Options of `summarizeItems`. */
export interface SummarizeItemsOptions {
  client: MimoClient;
  policy: SummarizePolicy;
  /** The agent's model, used when the policy names none. */
  model: string;
  items: readonly InputItem[];
  signal: AbortSignal;
}

/** The summary message and what its request used. */
export interface Summary {
  message: InputItem;
  usage: RunUsage;
}

/**
 * One compaction request: the items as a plain transcript (reasoning left out, calls and outputs as
 * text, so no tool needs declaring) under the policy's instructions; its answer becomes one user
 * message that starts with `SUMMARY_PREFIX`.
 */
export async function summarizeItems(options: SummarizeItemsOptions): Promise<Summary> {
  const { policy } = options;
  const body: ResponseRequest = {
    model: policy.model ?? options.model,
    instructions: policy.instructions ?? DEFAULT_SUMMARY_INSTRUCTIONS,
    input: [{ role: 'user', content: `Transcript to summarise:\n\n${transcript(options.items)}` }],
    max_output_tokens: policy.maxOutputTokens ?? DEFAULT_SUMMARY_MAX_OUTPUT_TOKENS,
  };
  if (policy.reasoning !== undefined) body.reasoning = { ...policy.reasoning };
  const response = await options.client.create(body, { signal: options.signal });
  const text = messageText(response.output).trim();
  return {
    message: { role: 'user', content: `${SUMMARY_PREFIX}${text}` },
    usage: fromResponseUsage(response.usage),
  };
}

/** The items as lines a model can read: `user: …`, `assistant: …`, calls and tool results. */
export function transcript(items: readonly InputItem[]): string {
  const lines: string[] = [];
  for (const item of items) {
    switch (item.type) {
      case 'reasoning':
        break;
      case 'function_call':
        lines.push(`assistant called ${item.name}(${item.arguments}) [${item.call_id}]`);
        break;
      case 'function_call_output':
        lines.push(`tool result [${item.call_id}]: ${item.output}`);
        break;
      default: {
        const content =
          typeof item.content === 'string'
            ? item.content
            : item.content.map((part) => ('text' in part ? part.text : `[${part.type}]`)).join('');
        lines.push(`${item.role}: ${content}`);
      }
    }
  }
  return lines.join('\n');
}
