import type { ResponseRequest } from '@mimo-agents/core';
import { type ReplySpec, startTestServer } from '@mimo-agents/testing';

/**
 * Byte offsets that fall inside multi-byte UTF-8 characters of the SSE bodies the test server will
 * send for `replies`, one list per reply. Found by replaying the same script on a probe server with the
 * same request (ids and echoed settings are deterministic), so a real server given these `splitAt`
 * values cuts its TCP writes in the middle of characters.
 */
export async function multiByteSplits(
  replies: readonly ReplySpec[],
  body: ResponseRequest,
  limit = 40,
): Promise<number[][]> {
  const probe = await startTestServer({ reasoningPassBack: false });
  try {
    for (const reply of replies) probe.reply.spec(reply);
    const splits: number[][] = [];
    for (const _ of replies) {
      const res = await fetch(`${probe.url}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': probe.apiKey },
        body: JSON.stringify({ ...body, stream: true }),
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const inside: number[] = [];
      // A continuation byte (10xxxxxx) starts a chunk only when the write was cut inside a character.
      for (let i = 0; i < bytes.length && inside.length < limit; i += 1) {
        if (((bytes[i] ?? 0) & 0xc0) === 0x80) inside.push(i);
      }
      splits.push(inside);
    }
    return splits;
  } finally {
    await probe.close();
  }
}
