import { MimoError } from '@mimo-agents/core';

/**
 * An agentTool call was cancelled or timed out, and its sub-run had still not ended `settleTimeoutMs`
 * later (stuck, e.g. in a checkpoint save that never returns). The parent stops waiting for it: the call
 * keeps its cancelled / timed-out output, and what the sub-run spends after that is not counted. Logged
 * (warn) on the client's logger, not thrown: the parent run goes on.
 */
export class SubRunSettleTimeoutError extends MimoError {
  /** The stuck sub-run's id (`<parent runId>/<callId>`). */
  readonly runId: string;
  /** The wait that expired, in ms. */
  readonly settleTimeoutMs: number;

  constructor(fields: { toolName: string; runId: string; settleTimeoutMs: number }) {
    const { toolName, runId, settleTimeoutMs } = fields;
    super(
      'sub_run_settle_timeout',
      `Invalid agentTool "${toolName}" settleTimeoutMs (${settleTimeoutMs} ms passed after its call was cancelled or timed out, and sub-run "${runId}" had not ended; the parent goes on without its later usage). ` +
        "Fix: find what the sub-run waits for (a checkpoint store's save or load, a tool ignoring ctx.signal), or raise the agent tool's settleTimeoutMs.",
      { retryable: false },
    );
    this.runId = runId;
    this.settleTimeoutMs = settleTimeoutMs;
  }
}
