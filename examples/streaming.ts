// Consuming run events as they happen. Run: pnpm exec tsx --conditions=@mimo-agents/source examples/streaming.ts
import { type MimoClient, type RunEvent, type RunResult, streamRun } from 'mimo-agents';
import { connect } from './connect.js';
import { travelAgent } from './tools.js';

// --- render ---
/** Turns one run event into terminal output (every event type is handled: the switch is exhaustive). */
export function render(event: RunEvent, write: (text: string) => void): void {
  switch (event.type) {
    case 'run.started':
      write(`▶ run ${event.runId} (${event.agent} on ${event.model})\n`);
      break;
    case 'turn.started':
      write(`\n— turn ${event.turn}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}\n`);
      break;
    case 'reasoning.delta':
      write(`\x1b[2m${event.delta}\x1b[0m`); // thinking, dimmed
      break;
    case 'text.delta':
      write(event.delta);
      break;
    case 'tool.arguments.delta':
      break; // `event.snapshot` holds the arguments so far, e.g. for a live preview
    case 'tool.arguments.mismatch':
      write(`\n! ${event.callId}: streamed and final arguments differ; using the final ones\n`);
      break;
    case 'tool.called':
      write(`\n→ ${event.name}(${event.arguments})`);
      break;
    case 'tool.progress':
      write(`\n… ${event.name}: ${event.message}`); // `event.data` holds the tool's structured detail, if any
      break;
    case 'tool.output.truncated':
      write(
        `\n✂ ${event.name} returned ${event.originalChars} chars; the model reads ${event.maxOutputChars}`,
      );
      break;
    case 'tool.completed':
      write(`\n← ${event.name} ${event.outcome} in ${event.durationMs.toFixed(0)} ms: ${event.output}`);
      break;
    case 'turn.warning':
      write(`\n! turn ${event.turn}: ${event.message}\n`); // e.g. a hosted tool's item the runner cannot replay
      break;
    case 'tool.approval_requested':
      write(
        `\n⏸ ${event.toolName}(${JSON.stringify(event.arguments)}) waits for approval ${event.approvalId}`,
      );
      break;
    case 'turn.retried':
      write(`\n↻ turn ${event.turn} resent (${event.reason}); ${event.discardedEvents} events discarded\n`);
      break;
    case 'turn.completed':
      write(
        `\n✓ turn ${event.turn}: ${event.toolCalls.map((call) => call.name).join(', ') || 'no tools'}, ${event.usage.totalTokens} tokens\n`,
      );
      break;
    case 'agent.handoff':
      write(`\n⇄ ${event.from} hands the conversation to ${event.to}\n`);
      break;
    case 'agent.event':
      break; // a sub-agent's event (agentTool): `event.agent` is its agent path, `event.event` the event
    case 'checkpoint.saved':
      break; // only with a checkpoint store: the state after `event.step` is saved, a crash resumes from here
    case 'context.compacted':
      write(`\n✂ ${event.policy}: ${event.itemsBefore} → ${event.itemsAfter} history items\n`);
      break; // only with a contextPolicy
    case 'run.completed':
      write(`\n■ ${event.status} after ${event.turns} turns, ${event.usage.totalTokens} tokens\n`);
      break;
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled run event ${JSON.stringify(unknown)}`);
    }
  }
}
// --- end render ---

/** Streams one run of the travel agent to `write` and returns its result. */
export async function main(
  client: MimoClient,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<RunResult> {
  // --- stream ---
  const stream = streamRun({ client, agent: travelAgent, input: 'Weather in Paris, and what to see?' });
  for await (const event of stream) render(event, write);
  return stream.finalResult();
  // --- end stream ---
}

if (import.meta.main) {
  const { client, close } = await connect();
  try {
    await main(client);
  } finally {
    await close();
  }
}
