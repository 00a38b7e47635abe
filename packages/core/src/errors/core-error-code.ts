/** Every `code` an error thrown by `@mimo-agents/core` can carry (branch on these, not on messages). */
export type CoreErrorCode =
  | 'aborted'
  | 'api_error'
  | 'authentication_failed'
  | 'config_invalid'
  | 'connection_failed'
  | 'history_invalid'
  | 'idle_timeout'
  | 'rate_limited'
  | 'request_invalid'
  | 'response_failed'
  | 'stream_consumed'
  | 'stream_error_event'
  | 'stream_protocol'
  | 'timeout'
  | 'unsupported_parameter';
