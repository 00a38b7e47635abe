#!/usr/bin/env node
import { cliUsage, parseCliArgs } from './cli/parse-cli-args.js';
import { startTestServer } from './server/test-server.js';

// `mimo-test-server`: point any client (any language) at the printed base URL and key.
try {
  const command = parseCliArgs(process.argv.slice(2));
  if (command.type === 'help') {
    console.log(cliUsage);
  } else {
    const server = await startTestServer(command.options);
    console.log(`mimo-test-server listening on ${server.url}`);
    console.log(`MIMO_BASE_URL=${server.url}`);
    console.log(`MIMO_API_KEY=${server.apiKey}`);
    const stop = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(cliUsage);
  process.exitCode = 2;
}
