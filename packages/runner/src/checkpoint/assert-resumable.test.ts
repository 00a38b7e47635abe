import { tool } from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRunState, type RunState } from '../run-state.js';
import { assertResumable } from './assert-resumable.js';
import { ResumeMismatchError } from './resume-mismatch-error.js';

const lookup = tool({
  name: 'lookup',
  description: 'Looks a thing up',
  parameters: z.object({ q: z.string() }),
  execute: ({ q }) => q,
});
const agent = { name: 'helper', model: 'mimo-v2.6-pro', tools: [lookup] };

function savedState(): RunState {
  const state = createRunState({
    runId: 'run_1',
    agent: { name: 'helper', model: 'mimo-v2.6-pro' },
    input: [{ role: 'user', content: 'hi' }],
  });
  state.pending = {
    turn: 1,
    calls: [
      { callId: 'c1', name: 'lookup', arguments: '{"q":"a"}', outcome: 'ok', output: 'a' },
      { callId: 'c2', name: 'send_mail', arguments: '{}', outcome: 'ok', output: 'sent' },
      { callId: 'c3', name: 'lookup', arguments: '{"q":"b"}' },
    ],
  };
  return state;
}

function mismatchOf(run: () => unknown): ResumeMismatchError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ResumeMismatchError);
    return error as ResumeMismatchError;
  }
  throw new Error('assertResumable accepted a state it should refuse');
}

describe('assertResumable', () => {
  it('accepts a state whose waiting calls use tools the agent has (finished calls need none)', () => {
    const state = savedState();
    expect(assertResumable({ state, runId: 'run_1', agent })).toBe(state);
  });

  it('accepts a state saved before startedAt and handoffs existed; refuses them of the wrong type', () => {
    const { startedAt, ...old } = savedState();
    expect(typeof startedAt).toBe('string');
    expect(() => assertResumable({ state: old, runId: 'run_1', agent })).not.toThrow();
    expect(
      mismatchOf(() => assertResumable({ state: { ...old, startedAt: 7 }, runId: 'run_1', agent })).message,
    ).toContain('startedAt');
    const handoffs = [{ turn: 1, callId: 'h', from: 'a', to: 7 }];
    expect(
      mismatchOf(() => assertResumable({ state: { ...old, handoffs }, runId: 'run_1', agent })).message,
    ).toContain('handoffs[0].to');
  });

  it('accepts a saved error (and a state without one); refuses one of the wrong shape', () => {
    const state = { ...savedState(), error: { code: 'api_error', message: 'failed', fix: 'retry' } };
    expect(() => assertResumable({ state, runId: 'run_1', agent })).not.toThrow();
    const bad = { ...savedState(), error: { code: 'api_error', message: 9 } } as unknown as RunState;
    expect(mismatchOf(() => assertResumable({ state: bad, runId: 'run_1', agent })).message).toContain(
      'error.message',
    );
    const noFix = { ...savedState(), error: { code: 'x', message: 'm', fix: [] } } as unknown as RunState;
    expect(mismatchOf(() => assertResumable({ state: noFix, runId: 'run_1', agent })).message).toContain(
      'error.fix',
    );
  });

  it('names a tool that a waiting call needs and the agent lacks', () => {
    const state = savedState();
    state.pending?.calls.push({ callId: 'c4', name: 'charge_card', arguments: '{}' });
    const error = mismatchOf(() => assertResumable({ state, runId: 'run_1', agent }));
    expect(error.field).toBe('agent.tools');
    expect(error.code).toBe('resume_mismatch');
    expect(error.message).toContain('"charge_card"');
    expect(error.message).not.toContain('send_mail');
    expect(error.message).toContain('Fix: add that tool to agent.tools.');
  });

  it('refuses another model, naming both and the one to resume with', () => {
    const error = mismatchOf(() =>
      assertResumable({ state: savedState(), runId: 'run_1', agent: { ...agent, model: 'mimo-v2.6-flash' } }),
    );
    expect(error.field).toBe('agent.model');
    expect(error.message).toContain('saved by model "mimo-v2.6-pro", not "mimo-v2.6-flash"');
    expect(error.message).toContain('Fix: resume with model "mimo-v2.6-pro"');
  });

  it('refuses another agent, another run, another version and things that are not run states', () => {
    expect(
      mismatchOf(() =>
        assertResumable({ state: savedState(), runId: 'run_1', agent: { ...agent, name: 'other' } }),
      ).field,
    ).toBe('agent.name');
    expect(mismatchOf(() => assertResumable({ state: savedState(), runId: 'run_2', agent })).field).toBe(
      'runId',
    );
    expect(
      mismatchOf(() => assertResumable({ state: { ...savedState(), version: 2 }, runId: 'run_1', agent }))
        .field,
    ).toBe('version');
    expect(mismatchOf(() => assertResumable({ state: [], runId: 'run_1', agent })).field).toBe('state');
    expect(mismatchOf(() => assertResumable({ state: null, runId: 'run_1', agent })).field).toBe('state');
    const { history: _gone, ...noHistory } = savedState();
    expect(mismatchOf(() => assertResumable({ state: noHistory, runId: 'run_1', agent })).field).toBe(
      'state',
    );
  });
});
