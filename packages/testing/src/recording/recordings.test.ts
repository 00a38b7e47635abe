import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { reasoningPassBackMessage } from '../server/validate-history.js';
import { streamEvents } from '../test-support/post-responses.js';
import { readRecording } from './read-recording.js';
import { recordScenario } from './record-scenarios.js';
import { recordingNames, recordingPath } from './recording-path.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

describe('shipped recordings', () => {
  it.each(recordingNames)('%s matches what the server streams today', async (name) => {
    const shipped = readRecording(recordingPath(name));
    expect(shipped).toEqual(await recordScenario(name));
    expect(shipped.map((event) => event.sequence_number)).toEqual(shipped.map((_, i) => i));
  });

  it('cover text, reasoning then a tool call, parallel calls and an incomplete cut inside a call', () => {
    const types = (name: string): string[] => readRecording(recordingPath(name)).map((event) => event.type);
    expect(types('text').at(-1)).toBe('response.completed');
    expect(types('reasoning-tool-calls')).toContain('response.reasoning_text.delta');
    expect(
      types('parallel-calls').filter((type) => type === 'response.function_call_arguments.done'),
    ).toHaveLength(2);
    const incomplete = types('incomplete');
    expect(incomplete.at(-1)).toBe('response.incomplete');
    expect(incomplete).toContain('response.function_call_arguments.delta');
    expect(incomplete).not.toContain('response.function_call_arguments.done');
  });

  it('replays a recording verbatim with reply.fromRecording(name)', async () => {
    server.reply.fromRecording('parallel-calls');
    expect(await streamEvents(server, { model: 'mimo-v2.6-pro', input: 'x' })).toEqual(
      readRecording(recordingPath('parallel-calls')),
    );
  });

  it('remembers a replayed turn’s reasoning for the pass-back rule', async () => {
    server.reply.fromRecording(recordingPath('reasoning-tool-calls'));
    await streamEvents(server, { model: 'mimo-v2.6-pro', input: 'x' });
    const res = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey },
      body: JSON.stringify({
        model: 'mimo-v2.6-pro',
        input: [
          { role: 'user', content: 'x' },
          { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call_output', call_id: 'call_1', output: '18C' },
        ],
      }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain(reasoningPassBackMessage);
  });
});
