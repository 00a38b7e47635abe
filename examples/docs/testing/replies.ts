// docs/testing.md: scripting the server's replies.
import type { TestServer } from '@mimo-agents/testing';

/** Queues one of each kind of scripted reply. */
export function scriptReplies(server: TestServer) {
  // #region docs
  server.reply
    .functionCalls([{ name: 'get_weather', arguments: { city: 'Paris' } }], {
      reasoning: 'Need the weather.',
    })
    .text('It is 18 °C in Paris.');

  server.reply.reasoning('Think first.').text('Answer.'); // the same as text(…, { reasoning })
  server.reply.functionCalls([
    { name: 'a', arguments: {} },
    { name: 'b', arguments: '{"x":1}', callId: 'call_b' },
  ]);
  server.reply.incomplete({ reason: 'max_output_tokens', partialText: 'The weath' });
  server.reply.incomplete({ cutFunctionCall: { name: 'get_weather', arguments: '{"city":"Pa' } }); // no .done event
  server.reply.error(402, { error: { code: '402', message: 'Insufficient account funds' } });
  server.reply.error(400, undefined, { asSse: true }); // body sent as data:{…}, as MiMo did on streams
  server.reply.error(429, undefined, { retryAfterMs: 80 }); // retry-after-ms: 80 (or retryAfter: '1' for seconds)
  server.reply.fromRecording('parallel-calls'); // a shipped recording, or a path to a .jsonl file
  server.reply.with((request, call) => ({
    type: 'output',
    items: [{ type: 'message', text: `request ${call.index} for ${request.model}` }],
  }));
  server.reply.demo(); // one answer from the demo model
  // #endregion docs
}
