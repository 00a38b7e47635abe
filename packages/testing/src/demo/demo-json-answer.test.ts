import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../server/test-server.js';
import { postResponses } from '../test-support/post-responses.js';
import type { WireOutputMessage, WireResponse } from '../wire/response.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const Ticket = z.object({
  priority: z.enum(['low', 'high']),
  city: z.string(),
  tags: z.array(z.string()),
  score: z.number().min(3),
});
const fenced = (schema: unknown) =>
  `Be brief.\n\nReply with JSON.\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\``;

async function answer(body: Record<string, unknown>): Promise<unknown> {
  const res = await postResponses(server, {
    model: 'mimo-v2.6-pro',
    input: [{ role: 'user', content: 'Broken heating in Paris' }],
    reasoning: { effort: 'none' },
    ...body,
  });
  expect(res.status).toBe(200);
  const json = (await res.json()) as WireResponse;
  const message = json.output.find((item): item is WireOutputMessage => item.type === 'message');
  return JSON.parse(message?.content[0]?.text ?? 'null');
}

describe('demo model JSON answers', () => {
  it('answers a json_object request with an object that fits the schema fenced in the instructions', async () => {
    const value = await answer({
      instructions: fenced(z.toJSONSchema(Ticket)),
      text: { format: { type: 'json_object' } },
    });
    expect(Ticket.parse(value)).toEqual({
      priority: 'low',
      city: 'Paris',
      tags: expect.any(Array),
      score: 3,
    });
  });

  it('without a schema in the instructions it answers { answer } (some JSON, as MiMo would)', async () => {
    const value = await answer({ text: { format: { type: 'json_object' } } });
    expect(value).toEqual({ answer: expect.stringContaining('(local demo model)') });
  });

  it('a scripted reply still wins, invalid JSON included (to exercise repair turns)', async () => {
    server.reply.text('{"priority": ');
    const res = await postResponses(server, {
      model: 'mimo-v2.6-pro',
      input: 'x',
      instructions: fenced(z.toJSONSchema(Ticket)),
      text: { format: { type: 'json_object' } },
    });
    const json = (await res.json()) as WireResponse;
    expect(JSON.stringify(json.output)).toContain('{\\"priority\\": ');
  });
});
