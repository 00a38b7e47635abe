// docs/jobs.md: the Redis store, on its own connection or on yours.
// #region docs
import { createRedisCheckpointStore } from '@mimo-agents/jobs';

// Its own connection (closed by close()):
const checkpoint = createRedisCheckpointStore({
  connection: 'redis://127.0.0.1:6379',
  prefix: 'my-app:run:',
});
// Or a client you own and close yourself:
const shared = createRedisCheckpointStore({ redis: myIoredisClient, ttlSeconds: 7 * 24 * 3600 });
// #endregion docs

await Promise.all([checkpoint.close(), shared.close()]);

import type { Redis } from 'ioredis';

declare const myIoredisClient: Redis;
