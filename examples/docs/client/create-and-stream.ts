// docs/client.md: one request, one stream, then close.
// #region docs
import { createClient } from '@mimo-agents/core';

const client = createClient(); // MIMO_API_KEY and MIMO_BASE_URL from the environment

const response = await client.create({ model: 'mimo-v2.6-pro', input: 'Say hello.' });
console.log(response.output_text, response.usage);

const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Tell me a story.' });
for await (const event of stream) {
  if (event.type === 'response.output_text.delta') process.stdout.write(event.delta);
}
const final = await stream.finalResponse();

await client.close(); // closes the connection pool
// #endregion docs

console.log(final.status);
