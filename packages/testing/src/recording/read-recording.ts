import { readFileSync } from 'node:fs';
import type { WireStreamEvent } from '../wire/stream-event.js';

/** Reads a JSONL recording (one SSE event's JSON per line) into its parsed events. */
export function readRecording(file: string): WireStreamEvent[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const events: WireStreamEvent[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as WireStreamEvent);
    } catch (cause) {
      throw new Error(
        `Invalid recording ${file}: line ${index + 1} is not JSON. Fix: one event object per line.`,
        {
          cause,
        },
      );
    }
  }
  return events;
}

/** Serialises events to JSONL, the format `readRecording()` reads. */
export function toJsonl(events: readonly WireStreamEvent[]): string {
  return `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;
}
