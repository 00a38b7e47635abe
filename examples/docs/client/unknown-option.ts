// docs/client.md: a misspelt option is refused with the closest valid name.
// #region docs
import { ConfigError, createClient } from '@mimo-agents/core';

try {
  createClient({ maxRetry: 3 } as never); // what plain JavaScript or a config file can pass
} catch (error) {
  if (error instanceof ConfigError) console.error(error.field, error.message);
  // maxRetry Invalid maxRetry (not an option of createClient()). Fix: did you mean maxRetries? (options of createClient(): …).
}
// #endregion docs
