// docs/inspector.md: starting the inspector from your own code.
// #region docs
import { createFileRunSource, createRedisRunSource, startInspector } from '@mimo-agents/inspector';

const inspector = await startInspector({
  source: process.env.REDIS_URL
    ? createRedisRunSource({ url: process.env.REDIS_URL })
    : createFileRunSource({ directory: './checkpoints' }),
  port: 4173,
  showContent: false, // counts, timings and errors only: no texts, arguments or history
});
console.log(`inspector at ${inspector.url}`);
// … later
await inspector.close();
// #endregion docs
