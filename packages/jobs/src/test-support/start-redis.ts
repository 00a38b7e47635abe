// Test-only helper (not exported from the package): a throwaway redis-server on loopback.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';

/** A redis-server started for tests; `stop()` kills it and waits for it to exit. */
export interface TestRedis {
  host: '127.0.0.1';
  port: number;
  /** `redis://127.0.0.1:<port>` (`redis://:<password>@127.0.0.1:<port>` with a password) */
  url: string;
  /** The server process id (to check it is gone, or to kill it in a fault test). */
  pid: number;
  stop(): Promise<void>;
}

const NOT_INSTALLED =
  'redis-server was not found on PATH, and the jobs tests need a real Redis. ' +
  'Fix: run .ci/redis-install.sh (Debian/Ubuntu: apt-get install redis-server), or set REDIS_SERVER to its path.';

/**
 * Starts `redis-server` on 127.0.0.1 at a free port (with `detached`, in its own process group: the
 * caller must stop it) with no persistence and resolves once it answers PING.
 * Rejects (never skips) when redis-server is missing, so a CI without Redis fails loudly.
 */
export async function startRedis(
  options: { password?: string; port?: number; detached?: boolean } = {},
): Promise<TestRedis> {
  const detached = options.detached ?? false;
  // A given port (to restart a stopped server where its clients reconnect): one try.
  if (options.port !== undefined) return launch(options.port, options.password, detached);
  let lastError: unknown;
  // A port picked free can be taken before redis binds it: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      return await launch(port, options.password, detached);
    } catch (error) {
      if (error instanceof Error && error.message === NOT_INSTALLED) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** `detached`: in its own process group, so a Ctrl-C to the terminal's group does not reach it. */
function launch(port: number, password: string | undefined, detached: boolean): Promise<TestRedis> {
  const binary = process.env.REDIS_SERVER ?? 'redis-server';
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (password !== undefined) args.push('--requirepass', password);
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached });
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && /Ready to accept connections/.test(output)) {
        ready = true;
        ping(port, password).then(
          () => {
            proc.stdout?.off('data', onData);
            proc.stdout?.resume();
            resolve({
              host: '127.0.0.1',
              port,
              url: `redis://${password === undefined ? '' : `:${encodeURIComponent(password)}@`}127.0.0.1:${port}`,
              pid: proc.pid ?? -1,
              stop: () => stop(proc),
            });
          },
          (error: unknown) => {
            proc.kill('SIGKILL');
            reject(error);
          },
        );
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new Error(NOT_INSTALLED) : error);
    });
    proc.on('exit', (code, signal) => {
      if (!ready)
        reject(new Error(`redis-server exited before it was ready (code ${code}, ${signal}):\n${output}`));
    });
  });
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.once('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number, password: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    // With a password: AUTH first (its +OK line is skipped), then PING.
    const auth = password === undefined ? '' : `AUTH ${password}\r\n`;
    const lines = password === undefined ? 1 : 2;
    socket.on('connect', () => socket.write(`${auth}PING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.split('\r\n').length > lines) {
        socket.end();
        if (reply.startsWith(`${password === undefined ? '' : '+OK\r\n'}+PONG`)) resolve();
        else reject(new Error(`redis-server answered PING with ${JSON.stringify(reply)}`));
      }
    });
    socket.on('error', reject);
  });
}
