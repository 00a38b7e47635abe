import { MimoError, type MimoErrorOptions } from '@mimo-agents/core';

/** What is wrong with a stored checkpoint. */
export type CheckpointCorruptReason =
  | 'empty'
  | 'invalid_json'
  | 'not_an_envelope'
  | 'wrong_format'
  | 'unsupported_version'
  | 'run_id_mismatch'
  | 'checksum_mismatch';

/** Fields of a `CheckpointCorruptError`. */
export interface CheckpointCorruptErrorFields {
  /** The run whose checkpoint was read. */
  runId: string;
  /** Where the checkpoint lives: a file path, a Redis key, `memory:<runId>`… */
  location: string;
  /** What is wrong with it. */
  reason: CheckpointCorruptReason;
  /** Details for the message (what was found instead). */
  detail: string;
}

/**
 * A saved checkpoint cannot be trusted (truncated, damaged, from another run or another format).
 * Never retried and never turned into a silent restart: the caller decides to delete or restore it.
 */
export class CheckpointCorruptError extends MimoError {
  /** The run whose checkpoint was read. */
  readonly runId: string;
  /** Where the checkpoint lives (file path, Redis key, …). */
  readonly location: string;
  /** What is wrong with it. */
  readonly reason: CheckpointCorruptReason;

  constructor(fields: CheckpointCorruptErrorFields, options: MimoErrorOptions = {}) {
    super(
      'checkpoint_corrupt',
      `Checkpoint of run "${fields.runId}" at ${fields.location} is unusable (${fields.reason}): ${fields.detail}. ` +
        `Fix: ${fixFor(fields.reason)}`,
      { ...options, retryable: false },
    );
    this.runId = fields.runId;
    this.location = fields.location;
    this.reason = fields.reason;
  }
}

function fixFor(reason: CheckpointCorruptReason): string {
  switch (reason) {
    case 'unsupported_version':
      return 'upgrade mimo-agents to a version that reads it, or delete it to start over, or restore it from a backup.';
    case 'run_id_mismatch':
      return 'check the store key/file naming (two run ids may map to one location); delete it to start over, or restore it.';
    case 'empty':
    case 'invalid_json':
    case 'not_an_envelope':
    case 'wrong_format':
    case 'checksum_mismatch':
      return 'delete it to start over, or restore it from a backup.';
    default: {
      const unreachable: never = reason;
      return String(unreachable);
    }
  }
}
