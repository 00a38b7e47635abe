#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, isMimoError } from '@mimo-agents/core';
import { workerCheckpointPrefix } from '@mimo-agents/jobs';
import { numberFlag } from './number-flag.js';
import { createQueueApprovals } from './server/queue-approvals.js';
import { startInspector } from './server/start-inspector.js';
import { createFileRunSource } from './source/file-run-source.js';
import { createRedisRunSource } from './source/redis-run-source.js';

const USAGE = `usage: mimo-agents-inspect (--dir <folder> | --redis <redis://host:port>) [--port 4173] [--prefix <key prefix>] [--queue <BullMQ queue: approve from the page>]
       [--host 127.0.0.1] [--token <secret, required with a non-loopback --host>] [--no-content] [--poll-ms 1000]
       [--key-scan-ms 60000] [--full-scan-ms 600000]`;

/** Parses the command line, starts the inspector and prints its URL. */
async function main(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    // An unknown flag or a flag without its value (node:util's parseArgs errors).
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const { values } = parsed;
  if (values.help || (values.dir === undefined) === (values.redis === undefined)) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const port = numberFlag('--port', values.port, { min: 0, max: 65_535, example: '4173' });
  const pollIntervalMs = numberFlag('--poll-ms', values['poll-ms'], {
    min: 1,
    max: 3_600_000,
    example: '1000',
  });
  const keyScanIntervalMs = numberFlag('--key-scan-ms', values['key-scan-ms'], {
    min: 1_000,
    max: 3_600_000,
    example: '60000',
  });
  const fullScanIntervalMs = numberFlag('--full-scan-ms', values['full-scan-ms'], {
    min: 1_000,
    max: 86_400_000,
    example: '600000',
  });
  const prefix =
    values.prefix ?? (values.queue === undefined ? undefined : workerCheckpointPrefix(values.queue));
  const source =
    values.dir !== undefined
      ? createFileRunSource({ directory: values.dir })
      : createRedisRunSource({
          url: values.redis ?? '',
          keyScanIntervalMs,
          fullScanIntervalMs,
          ...(prefix === undefined ? {} : { prefix }),
        });
  const approvals =
    values.queue !== undefined && values.redis !== undefined
      ? createQueueApprovals({
          url: values.redis,
          queue: values.queue,
          ...(prefix === undefined ? {} : { prefix }),
        })
      : undefined;
  const inspector = await startInspector({
    source,
    port,
    host: values.host,
    ...(values.token === undefined ? {} : { token: values.token }),
    showContent: !values['no-content'],
    pollIntervalMs,
    ...(approvals === undefined ? {} : { approvals }),
  }).catch(async (error: unknown) => {
    // Not started: close every connection opened for it, or they keep the process alive.
    await Promise.allSettled([source.close(), approvals?.close()]);
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new ConfigError({
        field: '--port',
        problem: `port ${port} on ${values.host} is already in use`,
        fix: 'pick another with --port <n> (or --port 0 for any free port)',
      });
    throw error;
  });
  process.stdout.write(`mimo-agents inspector: ${inspector.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Bounded: a close that hangs does not keep the process alive.
    setTimeout(() => {
      process.stderr.write(`mimo-agents inspector: close did not finish in 5 s after ${signal}; exiting.\n`);
      process.exit(1);
    }, 5_000).unref();
    void inspector.close().then(
      () => {
        process.stdout.write(`mimo-agents inspector: stopped (${signal}).\n`);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** The command line's flags (node:util parseArgs, strict: an unknown flag throws). */
function parseFlags(argv: string[]) {
  return parseArgs({
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
      'key-scan-ms': { type: 'string', default: '60000' },
      'full-scan-ms': { type: 'string', default: '600000' },
      help: { type: 'boolean', default: false },
    },
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${isMimoError(error) ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
