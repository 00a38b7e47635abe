import { redactSecrets } from '../log/redact-secrets.js';
import { MimoError, type MimoErrorOptions } from './mimo-error.js';

/** Fields of an HTTP error answer from the API. */
export interface ApiErrorFields {
  /** HTTP status. */
  status: number;
  /** The server's request id header, when present. */
  requestId?: string | undefined;
  /** `error.code` from the body (MiMo sends the status as a string, e.g. "400"). */
  serverCode?: string | undefined;
  /** `error.message` from the body (MiMo's is generic, e.g. "Param Incorrect"). */
  serverMessage?: string | undefined;
  /** `error.param` from the body: where MiMo puts the useful text. */
  param?: string | undefined;
  /** `error.type` from the body. */
  serverType?: string | undefined;
}

/** True for statuses worth retrying: 408, 409, 429 and 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The API answered with an HTTP error status. */
export class ApiError extends MimoError {
  /** HTTP status. */
  readonly status: number;
  /** The server's request id, when it sent one. */
  readonly requestId: string | undefined;
  /** `error.code` from the body. */
  readonly serverCode: string | undefined;
  /** `error.message` from the body. */
  readonly serverMessage: string | undefined;
  /** `error.param` from the body (MiMo's detailed explanation). */
  readonly param: string | undefined;
  /** `error.type` from the body. */
  readonly serverType: string | undefined;

  constructor(
    fields: ApiErrorFields & { message: string },
    options: MimoErrorOptions & { code?: string; retryable?: boolean } = {},
  ) {
    super(options.code ?? 'api_error', fields.message, {
      cause: options.cause,
      retryable: options.retryable ?? isRetryableStatus(fields.status),
    });
    this.status = fields.status;
    // The server's text is quoted back to us and may echo the key: redact every field, not only the message.
    this.requestId = redacted(fields.requestId);
    this.serverCode = redacted(fields.serverCode);
    this.serverMessage = redacted(fields.serverMessage);
    this.param = redacted(fields.param);
    this.serverType = redacted(fields.serverType);
  }
}

function redacted(value: string | undefined): string | undefined {
  return value === undefined ? undefined : redactSecrets(value);
}
