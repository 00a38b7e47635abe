import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRedis } from './start-redis.js';

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(true));
  });
}

describe('startRedis (test helper)', () => {
  it('starts a loopback redis-server on a free port and stops it', async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()]);
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`redis://127.0.0.1:${a.port}`);
    await Promise.all([a.stop(), b.stop()]);
    expect(await refused(a.port)).toBe(true);
    await a.stop();
  });

  it('fails with a clear message (never skips) when redis-server is missing', async () => {
    const saved = process.env.REDIS_SERVER;
    process.env.REDIS_SERVER = '/nonexistent/redis-server';
    try {
      await expect(startRedis()).rejects.toThrow(/redis-server was not found.*\.ci\/redis-install\.sh/);
    } finally {
      if (saved === undefined) delete process.env.REDIS_SERVER;
      else process.env.REDIS_SERVER = saved;
    }
  });
});
