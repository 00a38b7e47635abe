import { ConfigError } from '@mimo-agents/core';
import { toolCallScope } from '../agents/tool-call-scope.js';

/**
 * Refuses a `runId` with `/` given to `run()` / `streamRun()`: `/` separates a sub-run's id from its
 * parent's (`<parent runId>/<callId>`), so such an id would be read as a sub-run (by the inspector,
 * `submitApprovalDecisions`, `deleteRunCheckpoints`). Only the sub-run an `agentTool` starts for the
 * call it runs in may carry one.
 */
export function checkRunId(runId: unknown): void {
  if (typeof runId !== 'string' || !runId.includes('/')) return;
  const scope = toolCallScope.getStore();
  if (scope !== undefined && runId === `${scope.runId}/${scope.callId}`) return;
  throw new ConfigError({
    field: 'runId',
    problem: `${JSON.stringify(runId)} contains "/", which separates a sub-run's id from its parent's ("<runId>/<callId>")`,
    fix: 'use an id without "/", e.g. "tenant-order-1"',
  });
}
