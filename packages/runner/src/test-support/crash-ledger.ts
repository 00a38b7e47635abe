// Test-only: the side-effect ledger of run.crash.test.ts, a JSON-lines file shared by every process.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { type ToolContext, tool } from '@mimo-agents/tools';
import { z } from 'zod';

/**
 * One ledger line. `started`: the tool is about to perform its effect. `done`: the effect happened
 * (this line IS the effect: exactly one per idempotency key is the property under test) and `result`
 * is what it produced. `deduplicated`: a repeat execution found a `done` for its key and returned that
 * result without a new effect.
 */
export interface LedgerEntry {
  kind: 'started' | 'done' | 'deduplicated';
  key: string;
  callId: string;
  attempt: number;
  result?: string;
}

/** Every entry of the ledger, in write order (an absent file is an empty ledger). */
export function readLedger(file: string): LedgerEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LedgerEntry);
}

/** Where a `step` tool may be stopped: after its `started` line, or after its `done` line. */
export interface LedgerHooks {
  afterStarted?: (callId: string) => void;
  afterDone?: (callId: string) => void;
}

/**
 * The crash test's tool: it deduplicates on `ctx.idempotencyKey` through the ledger, as a real tool
 * with side effects should. Writes are synchronous appends, so a SIGKILL never leaves half a line
 * and nothing else runs between a decision and its record.
 */
export function ledgerStepTool(
  file: string,
  hooks: LedgerHooks = {},
  options: { needsApproval?: boolean } = {},
) {
  const write = (entry: LedgerEntry): void => appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return tool({
    name: 'step',
    description: 'Performs one step of the plan and returns its receipt',
    parameters: z.object({ label: z.string() }),
    needsApproval: options.needsApproval ?? false,
    execute: async ({ label }, ctx: ToolContext) => {
      const { idempotencyKey: key, callId, attempt } = ctx;
      const done = readLedger(file).find((entry) => entry.kind === 'done' && entry.key === key);
      if (done?.result !== undefined) {
        write({ kind: 'deduplicated', key, callId, attempt, result: done.result });
        return done.result;
      }
      write({ kind: 'started', key, callId, attempt });
      hooks.afterStarted?.(callId);
      // The receipt names the ledger line of the effect: a second effect would give another receipt.
      const result = `${label.toUpperCase()}#${readLedger(file).length + 1}`;
      write({ kind: 'done', key, callId, attempt, result });
      hooks.afterDone?.(callId);
      return result;
    },
  });
}
