#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { isMimoError } from '@mimo-agents/core';
import { workerCheckpointPrefix } from '@mimo-agents/jobs';
import { createQueueApprovals } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { createRedisRunSource } from './source/redis-run-source.js';

const USAGE = `usage: mimo-agents-inspect (--dir <folder> | --redis <redis://host:port>) [--port 4173] [--prefix <key prefix>] [--queue <BullMQ queue: approve from the page>]
       [--host 127.0.0.1] [--token <secret, required with a non-loopback --host>] [--no-content] [--poll-ms 1000]`;

/** Parses the command line, starts the inspector and prints its URL. */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      dir: { type: 'string' },
      redis: { type: 'string' },
      prefix: { type: 'string' },
      queue: { type: 'string' },
      port: { type: 'string', default: '4173' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string' },
      'no-content': { type: 'boolean', default: false },
      'poll-ms': { type: 'string', default: '1000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (values.dir === undefined) === (values.redis === undefined)) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const prefix =
    values.prefix ?? (values.queue === undefined ? undefined : workerCheckpointPrefix(values.queue));
  const source =
    values.dir !== undefined
      ? createFileRunSource({ directory: values.dir })
      : createRedisRunSource({
          url: values.redis ?? '',
          ...(prefix === undefined ? {} : { prefix }),
        });
  const inspector = await startInspector({
    source,
    port: Number(values.port),
    host: values.host,
    ...(values.token === undefined ? {} : { token: values.token }),
    showContent: !values['no-content'],
    pollIntervalMs: Number(values['poll-ms']),
    ...(values.queue !== undefined && values.redis !== undefined
      ? {
          approvals: createQueueApprovals({
            url: values.redis,
            queue: values.queue,
            ...(prefix === undefined ? {} : { prefix }),
          }),
        }
      : {}),
  });
  process.stdout.write(`mimo-agents inspector: ${inspector.url}\n`);
  const stop = () => void inspector.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${isMimoError(error) ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
