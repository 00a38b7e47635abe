import type { WireErrorBody } from '../wire/response.js';

/** MiMo's generic 400: the useful text sits in `param`. */
export function paramIncorrect(param: string): WireErrorBody {
  return { error: { code: '400', message: 'Param Incorrect', param, type: '' } };
}

/** MiMo's 400 for features the Responses endpoint refuses (hosted tools, `json_schema`). */
export function featureNotSupported(detail: string, param: string): WireErrorBody {
  return {
    error: {
      code: '400',
      message: `responses_feature_not_supported: ${detail}`,
      param,
      type: 'invalid_request_error',
    },
  };
}

/** MiMo's 401 body. */
export const invalidApiKey: WireErrorBody = {
  error: { code: '401', message: 'Invalid API Key', param: 'Please provide valid API Key', type: '' },
};

/** A default error body for a status, in MiMo's shape. */
export function defaultErrorBody(status: number): WireErrorBody {
  const messages: Record<number, [string, string]> = {
    400: ['Param Incorrect', ''],
    401: ['Invalid API Key', ''],
    402: ['Insufficient account balance', 'limitation'],
    403: ['Forbidden', ''],
    404: ['Not Found', ''],
    421: ['Content filtered', ''],
    429: ['Too many requests', 'limitation'],
    500: ['Internal server error', ''],
    503: ['Service unavailable', ''],
  };
  const [message, type] = messages[status] ?? [`HTTP ${status}`, ''];
  return { error: { code: String(status), message, type } };
}
