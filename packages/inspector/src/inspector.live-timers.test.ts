import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileCheckpointStore, createRunState } from '@mimo-agents/runner';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';

// The live-update endpoint waits for a change or 15 s (then a keep-alive comment). A change that
// wakes it early clears that wait's timer: a busy store leaves one pending timer per client, not
// one per change. Only setTimeout/clearTimeout are faked (counted); HTTP is real.
afterEach(() => {
  vi.useRealTimers();
});

describe('/events timers', () => {
  it('a change that wakes the wait clears its 15 s timer', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'inspector-live-timers-'));
    const store = createFileCheckpointStore({ directory: folder });
    const inspector = await startInspector({
      source: createFileRunSource({ directory: folder }),
      port: 0,
      pollIntervalMs: 3_600_000,
    });
    const controller = new AbortController();
    try {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const response = await fetch(`${inspector.url}events`, { signal: controller.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (count: number) => {
        while ((text.match(/event: change/g) ?? []).length < count) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended after ${text}`);
          text += decoder.decode(value, { stream: true });
        }
      };
      const changes = 8;
      let afterFirst = 0;
      for (let i = 0; i < changes; i++) {
        const runId = `live-${i}`;
        await store.save(
          runId,
          createRunState({
            runId,
            agent: { name: 'live', model: 'mimo-v2.6-pro' },
            input: [{ role: 'user', content: 'hi' }],
          }),
        );
        expect(await inspector.refresh()).toEqual([runId]);
        await readUntil(i + 1);
        if (i === 0) afterFirst = vi.getTimerCount();
      }
      // Before the fix: one more 15 s timer left per change (10 pending after 8 changes, 3 after the first).
      expect(vi.getTimerCount()).toBe(afterFirst);
    } finally {
      controller.abort();
      vi.useRealTimers();
      await inspector.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
