// docs/client.md: logging to a pino logger of your own.
import { createClient } from '@mimo-agents/core';

// #region docs
import { pino } from 'pino';

const client = createClient({ logger: pino({ level: 'info' }, pino.destination('mimo.log')) });
// #endregion docs

await client.close();
