import { parseArgs } from 'node:util';
import type { TestServerOptions } from '../server/test-server-options.js';

/** The CLI's usage text. */
export const cliUsage = `Usage: mimo-test-server [--port 4567] [--host 127.0.0.1] [--api-key sk-test-…] [--strict]
                        [--delta-size 8] [--no-demo-model] [--context-window 1048576]
A MiMo-compatible POST /v1/responses on loopback, answering with the local demo model.`;

/** What the CLI should do: run a server, or print help. */
export type CliCommand = { type: 'serve'; options: TestServerOptions } | { type: 'help' };

/** Parses `mimo-test-server` arguments; throws with the flag's name when one is invalid. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      strict: { type: 'boolean' },
      'delta-size': { type: 'string' },
      'no-demo-model': { type: 'boolean' },
      'context-window': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) return { type: 'help' };
  const options: TestServerOptions = {
    port: integer('--port', values.port ?? '0', 0),
    host: values.host ?? '127.0.0.1',
  };
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  if (values.strict === true) options.strict = true;
  if (values['no-demo-model'] === true) options.demoModel = false;
  if (values['delta-size'] !== undefined)
    options.streaming = { deltaSize: integer('--delta-size', values['delta-size'], 1) };
  if (values['context-window'] !== undefined)
    options.contextWindow = integer('--context-window', values['context-window'], 1);
  return { type: 'serve', options };
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`Invalid ${flag} (${text}). Fix: pass an integer ≥ ${min}.`);
  }
  return value;
}
