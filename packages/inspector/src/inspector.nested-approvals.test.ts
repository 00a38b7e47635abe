import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@mimo-agents/core';
import {
  type Agent,
  type ApprovalDecision,
  agentTool,
  createFileCheckpointStore,
  type RunState,
  run,
} from '@mimo-agents/runner';
import { startTestServer } from '@mimo-agents/testing';
import { tool } from '@mimo-agents/tools';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { scriptByInstructions } from '../../runner/src/test-support/agent-replies.js';
import { timelineBars, timelineRunOf } from './render/timeline-layout.js';
import type { ApprovalSubmitter } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { subAgentOf, waitingApprovals } from './source/waiting-approvals.js';

const model = 'mimo-v2.6-pro';
const KEY = 'sk-nestedPlantedKey1234567890';
const TOP = 'desk-1';
const MIDDLE = 'desk-1/call_manager';
const BOTTOM = 'desk-1/call_manager/call_worker';

let dir: string;
let topState: RunState;

// A real two-level tree (lead → manager → worker) paused on the worker's tool, saved in a file store.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspector-nested-'));
  const checkpoint = createFileCheckpointStore({ directory: dir });
  const server = await startTestServer({ strict: true });
  const client = createClient({ baseURL: server.url, apiKey: server.apiKey });
  const wipe = tool({
    name: 'wipe_disk',
    description: 'Wipes a disk',
    parameters: z.object({ disk: z.string(), token: z.string() }),
    needsApproval: true,
    execute: () => 'wiped',
  });
  const worker: Agent = { name: 'worker', model, instructions: 'W', tools: [wipe] };
  const manager: Agent = {
    name: 'manager',
    model,
    instructions: 'M',
    tools: [agentTool(worker, { name: 'ask_worker', description: 'Ask the worker' })],
  };
  const lead: Agent = {
    name: 'lead',
    model,
    instructions: 'L',
    tools: [agentTool(manager, { name: 'ask_manager', description: 'Ask the manager' })],
  };
  scriptByInstructions(server, {
    L: [{ calls: [{ name: 'ask_manager', arguments: { input: 'wipe' }, callId: 'call_manager' }] }],
    M: [{ calls: [{ name: 'ask_worker', arguments: { input: 'wipe' }, callId: 'call_worker' }] }],
    W: [
      {
        calls: [{ name: 'wipe_disk', arguments: { disk: 'sdb', token: KEY }, callId: 'call_wipe' }],
      },
    ],
  });
  try {
    const paused = await run({ client, agent: lead, input: 'Wipe sdb.', runId: TOP, checkpoint });
    expect(paused.status).toBe('interrupted');
  } finally {
    await client.close();
    await server.close();
  }
  topState = (await checkpoint.load(TOP)) as RunState;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Records what the page submits, instead of a queue. */
function recordingSubmitter(): ApprovalSubmitter & { sent: [string, ApprovalDecision[]][] } {
  const sent: [string, ApprovalDecision[]][] = [];
  return {
    sent,
    submit: async (runId, decisions) => {
      sent.push([runId, [...decisions]]);
      return 'job-1';
    },
    close: async () => undefined,
  };
}

describe('approvals waiting two sub-runs down', () => {
  it("are read from the top run's own state, with the path and the sub-agent of the waiting call", () => {
    const waiting = waitingApprovals(topState);
    expect(waiting).toEqual([
      expect.objectContaining({
        toolName: 'wipe_disk',
        runId: BOTTOM,
        callId: 'call_wipe',
        agentPath: ['lead', 'manager', 'worker'],
        viaCallId: 'call_manager',
        arguments: JSON.stringify({ disk: 'sdb', token: KEY }),
      }),
    ]);
    const call = topState.pending?.calls[0];
    expect(call === undefined ? undefined : subAgentOf(call)).toBe('manager');
    // Without the sub-run's checkpoint the call is still drawn as an agent tool call, with its sub-agent.
    const bars = timelineBars(timelineRunOf({ detail: detailOf(topState), subRuns: new Map() }));
    expect(bars.filter((b) => b.agentTool).map((b) => b.label)).toEqual(['ask_manager → manager']);
  });

  it('lists them on the top page with the path (arguments redacted), and counts them in the list', async () => {
    const submitter = recordingSubmitter();
    const inspector = await startInspector({
      source: createFileRunSource({ directory: dir }),
      port: 0,
      approvals: submitter,
    });
    onTestFinished(() => inspector.close());
    const list = await (await fetch(inspector.url)).text();
    expect(list).toContain('awaiting approval: 1 (1 in sub-agents)');
    const page = await (await fetch(`${inspector.url}runs/${TOP}`)).text();
    expect(page).toMatch(/<span class="path"[^>]*>lead › manager › worker<\/span><b>wipe_disk<\/b>/);
    expect(page).toContain('&quot;disk&quot;:&quot;sdb&quot;,&quot;token&quot;:&quot;[redacted]&quot;');
    expect(page).not.toContain(KEY);
    expect(page).toContain(`action="/runs/${TOP}/approvals"`);
  });

  it("submits from a sub-run's page against the top run, and goes back to the sub-run's page", async () => {
    const submitter = recordingSubmitter();
    const inspector = await startInspector({
      source: createFileRunSource({ directory: dir }),
      port: 0,
      approvals: submitter,
    });
    onTestFinished(() => inspector.close());
    const middle = await (await fetch(`${inspector.url}runs/${encodeURIComponent(MIDDLE)}`)).text();
    expect(middle).toContain('id="decide-via"');
    expect(middle).toContain(`action="/runs/${TOP}/approvals"`);
    const approvalId = /data-approval="([^"]+)"/.exec(middle)?.[1] ?? '';
    expect(approvalId).toBe(waitingApprovals(topState)[0]?.approvalId);
    // Even posted to the sub-run's own address, the decision goes to the top run.
    const posted = await fetch(`${inspector.url}runs/${encodeURIComponent(MIDDLE)}/approvals`, {
      method: 'POST',
      body: new URLSearchParams({ approvalId, action: 'reject', reason: 'Not that disk.', back: MIDDLE }),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(submitter.sent).toEqual([[TOP, [{ approvalId, approve: false, reason: 'Not that disk.' }]]]);
    const location = new URL(posted.headers.get('location') ?? '', inspector.url);
    expect(decodeURIComponent(location.pathname)).toBe(`/runs/${MIDDLE}`);
    expect(location.searchParams.get('notice')).toBe(
      `Rejected; continuation job job-1 queued (sent to the top run ${TOP}, which resumes this sub-run).`,
    );
  });

  it('refuses a post whose action is neither approve nor reject (nothing is submitted)', async () => {
    const submitter = recordingSubmitter();
    const inspector = await startInspector({
      source: createFileRunSource({ directory: dir }),
      port: 0,
      approvals: submitter,
    });
    onTestFinished(() => inspector.close());
    const approvalId = waitingApprovals(topState)[0]?.approvalId ?? '';
    for (const body of [{ approvalId }, { approvalId, action: 'approved' }, { approvalId, action: '' }]) {
      const posted = await fetch(`${inspector.url}runs/${TOP}/approvals`, {
        method: 'POST',
        body: new URLSearchParams(body),
        redirect: 'manual',
      });
      expect(posted.status, JSON.stringify(body)).toBe(400);
      expect(await posted.text()).toBe('The form field "action" must be "approve" or "reject".');
    }
    expect(submitter.sent).toEqual([]);
  });

  it('hides the arguments with content display off', async () => {
    const inspector = await startInspector({
      source: createFileRunSource({ directory: dir }),
      port: 0,
      showContent: false,
    });
    onTestFinished(() => inspector.close());
    const page = await (await fetch(`${inspector.url}runs/${TOP}`)).text();
    expect(page).toContain('<b>wipe_disk</b>');
    expect(page).not.toContain('sdb');
  });
});

function detailOf(state: RunState) {
  return {
    ok: true as const,
    state,
    summary: {
      runId: state.runId,
      location: 'test',
      agent: 'lead',
      model,
      status: state.status,
      turns: state.turns.length,
      usage: state.usage,
      startedAt: '',
      startedEstimated: false,
      savedAt: '',
      savedAtMs: 0,
    },
  };
}
