// Test-only: run as a child process by file-checkpoint-store.test.ts: saves bigger and bigger states
// in a loop, printing each completed save, until the parent SIGKILLs it.
import { createFileCheckpointStore } from '../checkpoint/file-checkpoint-store.js';

const [directory, runId] = process.argv.slice(2);
if (directory === undefined || runId === undefined) throw new Error('usage: crash-child <directory> <runId>');
const store = createFileCheckpointStore<{ seq: number; blob: string }>({ directory });
for (let seq = 1; ; seq++) {
  await store.save(runId, { seq, blob: String(seq % 10).repeat(400_000) });
  process.stdout.write(`saved ${seq}\n`);
}
