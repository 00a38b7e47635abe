import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** True while the process exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

describe('no stdio MCP server outlives its host', () => {
  it.each([
    ['default', 'SIGTERM'],
    ['handled', 0],
    ['exit', 0],
  ] as const)('host %s: the server dies with the host (host ends with %s)', async (mode, ending) => {
    const host = spawn(
      process.execPath,
      [
        '--conditions=@mimo-agents/source',
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('../test-support/sigterm-host.ts', import.meta.url)),
        mode,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      host.on('exit', (code, signal) => resolve(signal ?? code)),
    );
    let out = '';
    const pid = await new Promise<number>((resolve, reject) => {
      host.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /pid (\d+)\n/.exec(out);
        if (match?.[1] !== undefined) resolve(Number(match[1]));
      });
      host.on('exit', () =>
        /pid (\d+)\n/.test(out) ? undefined : reject(new Error(`host exited early: ${out}`)),
      );
    });

    if (mode !== 'exit') {
      expect(alive(pid)).toBe(true);
      host.kill('SIGTERM');
    }
    expect(await exited).toBe(ending);
    // The kill was sent before the host died; the zombie is reaped by init shortly after (bounded wait).
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive(pid)).toBe(false);
  });
});
