import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Pids of the live processes in process group `pgid` (read from /proc). */
function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name: state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const alive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

/** This environment without REDIS_URL: the demo starts its own redis-server. */
function withoutRedisUrl(): NodeJS.ProcessEnv {
  const { REDIS_URL: _ignored, ...env } = process.env;
  return env;
}

/** Resolves with the first stdout line matching `pattern` (bounded by the test's timeout). */
function lineOf(child: ChildProcess, output: { text: string }, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output.text);
      if (match !== null) {
        child.stdout?.off('data', check);
        resolve(match);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`inspect-demo exited (${code}) before printing ${pattern}:\n${output.text}`)),
    );
    check();
  });
}

it('./dev inspect-demo: Redis, a worker, demo runs and the inspector; approving from the page completes the run; Ctrl-C leaves nothing behind', async () => {
  // Its own process group, as a terminal runs it: Ctrl-C is SIGINT to the whole group.
  const child = spawn('./dev', ['inspect-demo'], {
    cwd: ROOT,
    env: { ...withoutRedisUrl(), PORT: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid ?? -1;
  onTestFinished(() => {
    for (const pid of processGroup(pgid)) process.kill(pid, 'SIGKILL');
  });
  const output = { text: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const redisPid = Number((await lineOf(child, output, /redis-server started on \S+ \(pid (\d+)\)/))[1]);
  const url = (await lineOf(child, output, /mimo-agents inspector: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] ?? '';
  expect(alive(redisPid)).toBe(true);
  // The demo runs redis-server in its own process group (a Ctrl-C reaches the demo only): killed here too
  // should the test fail before the demo stops it.
  onTestFinished(() => {
    if (alive(redisPid)) process.kill(redisPid, 'SIGKILL');
  });

  const list = await (await fetch(url)).text();
  const statusOf = (html: string, runId: string) =>
    new RegExp(`data-run="${runId}"[\\s\\S]*?class="status s-([a-z_]+)"`).exec(html)?.[1];
  expect(statusOf(list, 'demo-awaiting-approval')).toBe('interrupted');
  expect(statusOf(list, 'demo-completed')).toBe('completed');
  expect(statusOf(list, 'demo-failed')).toBe('failed');
  expect(list).toMatch(/data-run="demo-sub-agent"[\s\S]*?\+1 sub-run/);
  expect(statusOf(list, 'run-damaged')).toBe('damaged');
  // A run whose agentTool sub-agent waits: the parent is listed as awaiting approval.
  expect(statusOf(list, 'demo-sub-agent-approval')).toBe('interrupted');
  expect(list).toMatch(/data-run="demo-sub-agent-approval"[\s\S]*?awaiting approval: 1 \(1 in sub-agents\)/);
  const nested = await (await fetch(`${url}runs/demo-sub-agent-approval`)).text();
  expect(nested).toMatch(/<span class="path"[^>]*>support › refund-desk<\/span><b>issue_refund<\/b>/);

  const runUrl = `${url}runs/demo-awaiting-approval`;
  const approvalId = /data-approval="([^"]+)"/.exec(await (await fetch(runUrl)).text())?.[1] ?? '';
  expect(approvalId).toMatch(/^apr_/);
  const posted = await fetch(`${runUrl}/approvals`, {
    method: 'POST',
    body: new URLSearchParams({ approvalId, action: 'approve' }),
    redirect: 'manual',
  });
  expect(posted.status).toBe(303);
  const notice = new URL(posted.headers.get('location') ?? '', url).searchParams.get('notice');
  expect(notice).toMatch(/^Approved; continuation job demo-awaiting-approval-approval-\d+ queued\.$/);
  // The demo's worker takes the continuation and finishes the run.
  const headStatus = async () =>
    /<h1>[^<]*<span class="status s-([a-z_]+)"/.exec(
      await (await fetch(`${runUrl}?fragment=body`)).text(),
    )?.[1];
  await expect.poll(headStatus, { timeout: 30_000, interval: 250 }).toBe('completed');

  process.kill(-pgid, 'SIGINT');
  // pnpm (the group's leader) reports Ctrl-C as 130 once the demo below it has closed everything.
  expect([0, 130], output.text).toContain(await exited);
  expect(output.text).toContain(
    'inspect-demo stopped: inspector, worker, test server and redis-server closed.',
  );
  await expect.poll(() => processGroup(pgid), { timeout: 15_000, interval: 100 }).toEqual([]);
  expect(alive(redisPid)).toBe(false);
}, 120_000);
