import type { InputItem } from '@mimo-agents/core';

/** The `input` a run accepts: a user message as a string, or items (e.g. a previous `history` plus a new message). */
export type RunInput = string | readonly InputItem[];

/** Options of `normalizeInput`. */
export interface NormalizeInputOptions {
  input: RunInput;
  /** Earlier history placed before `input` (e.g. `previousResult.history`). */
  history?: readonly InputItem[];
}

/** The items a run starts from: `history`, then `input` (a string becomes one user message). */
export function normalizeInput(options: NormalizeInputOptions): InputItem[] {
  const items: InputItem[] = options.history === undefined ? [] : [...options.history];
  if (typeof options.input === 'string') items.push({ role: 'user', content: options.input });
  else items.push(...options.input);
  return items;
}
