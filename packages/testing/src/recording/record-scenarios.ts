import type { ReplyScript } from '../reply/reply-script.js';
import { startTestServer } from '../server/test-server.js';
import type { WireStreamEvent } from '../wire/stream-event.js';
import type { RecordingName } from './recording-path.js';

/** A fixed `created_at` so recordings are byte-stable. */
export const recordedAt = 1767225600;

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

/** The request and reply of each shipped recording. */
const scenarios: Record<RecordingName, { input: string; script: (reply: ReplyScript) => void }> = {
  text: {
    input: 'Say hello.',
    script: (reply) => reply.text('Bonjour ☀️, how can I help you today?'),
  },
  'reasoning-tool-calls': {
    input: 'Weather in Paris?',
    script: (reply) =>
      reply.functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
        reasoning: 'Need the weather first.',
      }),
  },
  'parallel-calls': {
    input: 'Weather in Paris and in Tōkyō?',
    script: (reply) =>
      reply.functionCalls(
        [
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_weather', arguments: { city: 'Tōkyō' } },
        ],
        { reasoning: 'Two cities: two calls.' },
      ),
  },
  incomplete: {
    input: 'Weather in Paris?',
    script: (reply) =>
      reply.incomplete({
        reasoning: 'A long chain of thought that used up the budget.',
        cutFunctionCall: { name: 'get_weather', arguments: '{"city":"Pa' },
      }),
  },
};

/** Runs a scenario against a fresh server and returns the events it streamed (`created_at` fixed). */
export async function recordScenario(name: RecordingName): Promise<WireStreamEvent[]> {
  const server = await startTestServer();
  try {
    const scenario = scenarios[name];
    scenario.script(server.reply);
    const res = await fetch(`${server.url}/responses`, {
      method: 'POST',
      headers: { 'api-key': server.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'mimo-v2.6-pro',
        input: scenario.input,
        tools: [weatherTool],
        stream: true,
      }),
    });
    const text = await res.text();
    return text
      .split('\n\n')
      .filter((frame) => frame.trim() !== '')
      .map((frame) => {
        const data = frame.split('\n').find((line) => line.startsWith('data:'));
        const event = JSON.parse(data?.slice('data:'.length) ?? 'null') as WireStreamEvent;
        if ('response' in event) event.response.created_at = recordedAt;
        return event;
      });
  } finally {
    await server.close();
  }
}
