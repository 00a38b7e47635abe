import { createRunState, type RunState } from '@mimo-agents/runner';
import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../source/run-summary.js';
import { renderRunBody } from './run-page.js';

const options = { source: 'dir /x', showContent: true, secrets: ['Zq9plainSecretValue'] };

function failed(error?: RunState['error']): RunState {
  const state: RunState = {
    ...createRunState({ runId: 'r1', agent: { name: 'a', model: 'mimo-v2.6-pro' }, input: [] }),
    status: 'failed',
  };
  if (error !== undefined) state.error = error;
  return state;
}

const body = (state: RunState) =>
  renderRunBody(
    { ok: true, summary: summarizeRun(state, new Date(0).toISOString(), 'r1.json'), state },
    options,
  );

describe('run page: a failed run', () => {
  it('shows its saved error (code, message, fix), escaped and redacted', () => {
    const html = body(
      failed({
        code: 'api_error',
        message: 'Local server error 400: <script>alert(1)</script> near Zq9plainSecretValue',
        fix: 'check the <input> & retry',
      }),
    );
    const section = html.slice(html.indexOf('<h2>Error</h2>'), html.indexOf('<h2>Timeline</h2>'));
    expect(section).toContain('<div class="error" id="run-error"><b>api_error</b>');
    expect(section).toContain('&lt;script&gt;alert(1)&lt;/script&gt; near [redacted]');
    expect(section).toContain('Fix: check the &lt;input&gt; &amp; retry');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('Zq9plainSecretValue');
  });

  it('has no Error section when the state has no saved error (an older checkpoint)', () => {
    expect(body(failed())).not.toContain('id="run-error"');
  });
});
