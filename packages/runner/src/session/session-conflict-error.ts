import { type InputItem, MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** Fields of `SessionConflictError`. */
export interface SessionConflictErrorFields {
  sessionId: string;
  /** The version the run loaded (0: none). */
  expectedVersion: number;
  /** The version stored now (`undefined` when the session was deleted meanwhile). */
  actualVersion: number | undefined;
  /** The run's whole history, not saved: nothing is lost, merge or resend it. */
  history: InputItem[];
}

/** Another run saved the session after this run loaded it, so this run's history was not saved. */
export class SessionConflictError extends MimoError {
  readonly sessionId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number | undefined;
  /** This run's history (what it would have saved). */
  readonly history: InputItem[];

  constructor(fields: SessionConflictErrorFields, options?: MimoErrorOptions) {
    const { sessionId, expectedVersion, actualVersion } = fields;
    super(
      'session_conflict',
      `Session "${sessionId}" changed while this run used it (loaded version ${expectedVersion}, now ` +
        `${actualVersion ?? 'deleted'}); this run's history was not saved. Fix: run one conversation turn ` +
        'per session at a time, or load the session again and resend the user message (error.history has this run).',
      { ...options, retryable: false },
    );
    this.sessionId = sessionId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
    this.history = fields.history;
  }
}
