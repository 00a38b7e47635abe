// docs/streaming.md: one line per tool call, with its arguments.
import type { RunStream } from '@mimo-agents/runner';

/** Prints each tool call of `stream` with its arguments, outcome and duration. */
export async function logToolCalls(stream: RunStream) {
  // #region docs
  const args = new Map<string, string>();
  for await (const event of stream) {
    if (event.type === 'tool.called') args.set(event.callId, event.arguments);
    if (event.type === 'tool.completed')
      console.log(
        `${event.outcome === 'ok' ? '✓' : `✗ ${event.errorKind}`} ${event.name} ${args.get(event.callId)} (${event.durationMs} ms)`,
      );
  }
  // #endregion docs
}
