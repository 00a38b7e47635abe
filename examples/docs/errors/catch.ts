// docs/errors.md: telling the errors apart.
// #region docs
import { ApiError, isMimoError, RateLimitError, UnsupportedParameterError } from '@mimo-agents/core';

try {
  await client.create(body);
} catch (error) {
  if (error instanceof RateLimitError) console.log('wait', error.retryAfterMs);
  else if (error instanceof ApiError) console.log(error.status, error.serverMessage, error.param);
  else if (error instanceof UnsupportedParameterError) console.log(error.param, error.fix);
  else if (isMimoError(error)) console.log(error.code, error.retryable);
  throw error;
}

// #endregion docs

import type { MimoClient, ResponseRequest } from '@mimo-agents/core';

declare const client: MimoClient;
declare const body: ResponseRequest;
