// docs/sessions-and-context.md: sessions in Redis, shared by many processes.
import type { MimoClient } from '@mimo-agents/core';
import type { Agent } from '@mimo-agents/runner';

declare const client: MimoClient;
declare const agent: Agent;

// #region docs
import { createRedisSessionStore } from '@mimo-agents/jobs';
import { run } from '@mimo-agents/runner';
import { Redis } from 'ioredis';

const redis = new Redis('redis://127.0.0.1:6379');
const sessions = createRedisSessionStore({ redis, ttlSeconds: 7 * 24 * 3600 });
await run({ client, agent, input: 'Hello again', session: { store: sessions, id: 'user-42' } });
// #endregion docs
