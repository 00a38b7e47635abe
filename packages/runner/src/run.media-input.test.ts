import { type InputItem, ModelCapabilityError } from '@mimo-agents/core';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { startHarness } from './test-support/harness.js';

const input: InputItem[] = [
  {
    role: 'user',
    content: [
      { type: 'input_text', text: 'Describe the photo and the recording.' },
      { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
      { type: 'input_audio', input_audio: { data: 'SUQzBAAAAAAA', format: 'mp3' } },
    ],
  },
];

describe('images and audio in a run', () => {
  it('sends them to a V2.6 model and keeps them in the history', async () => {
    const { server, client } = await startHarness();
    server.reply.text('A harbour at dusk; gulls calling.');
    const result = await run({ client, agent: { name: 'eyes', model: 'mimo-v2.6-flash' }, input });
    expect(result.finalOutput).toBe('A harbour at dusk; gulls calling.');
    expect(server.calls[0]?.status).toBe(200);
    expect(server.calls[0]?.body).toMatchObject({ input });
    expect(result.history[0]).toEqual(input[0]);
  });

  it('refuses them before sending for a model whose entry cannot take them', async () => {
    const { server, client } = await startHarness({}, { models: { 'text-model': {} } });
    const error = await run({ client, agent: { name: 'blind', model: 'text-model' }, input }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCapabilityError);
    expect(error).toMatchObject({ model: 'text-model', feature: 'image input', path: 'input[0].content[1]' });
    expect(server.calls).toHaveLength(0);
  });
});
