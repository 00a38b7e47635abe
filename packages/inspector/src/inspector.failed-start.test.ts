import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';

// A startInspector() that fails (here: its port is taken) leaves nothing of its own running: its
// poll interval is cleared, so it never calls source.refresh() again (only setInterval is faked;
// the network is real).
afterEach(() => {
  vi.useRealTimers();
});

describe('a failed startInspector()', () => {
  it('clears its poll interval: no refresh() after the rejection', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'inspector-failed-start-'));
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    try {
      const source = createFileRunSource({ directory: folder });
      let refreshes = 0;
      const refresh = source.refresh.bind(source);
      source.refresh = () => {
        refreshes += 1;
        return refresh();
      };
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const error = await startInspector({
        source,
        port: (held.address() as AddressInfo).port,
        pollIntervalMs: 50,
      }).catch((thrown: unknown) => thrown);
      expect((error as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
      const afterStart = refreshes;
      expect(afterStart).toBe(1); // the first load, before listening
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(10_000);
      expect(refreshes).toBe(afterStart);
      await source.close();
    } finally {
      held.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
