import { createHash } from 'node:crypto';
import { assertPlainJson } from './assert-plain-json.js';
import { CheckpointCorruptError, type CheckpointCorruptReason } from './checkpoint-corrupt-error.js';

/** The `format` tag of every saved checkpoint. */
export const CHECKPOINT_FORMAT = 'mimo-agents.run-state';

/** The envelope version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** What a checkpoint store keeps for one run: the state plus what is needed to trust it. */
export interface CheckpointEnvelope<State = unknown> {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  runId: string;
  /** ISO 8601 time of the save. */
  savedAt: string;
  /** `sha256:<hex>` of `JSON.stringify(state)`. */
  checksum: string;
  state: State;
}

/** Options of `encodeCheckpoint`. */
export interface EncodeCheckpointOptions<State> {
  runId: string;
  /** Plain JSON only (checked): the run state to save. */
  state: State;
  /** Defaults to now. */
  savedAt?: Date;
}

/** Where a decoded checkpoint came from, for the checks and for error messages. */
export interface DecodeCheckpointOptions {
  /** The run id the caller asked for; the envelope must carry the same. */
  runId: string;
  /** A file path, a Redis key…: named in `CheckpointCorruptError`. */
  location: string;
}

/**
 * Wraps a run state in a versioned, checksummed envelope and returns it as one JSON string.
 * Throws `CheckpointStateError` when the state is not plain JSON.
 * @example
 * const text = encodeCheckpoint({ runId: 'run_1', state });
 * const { state: restored } = decodeCheckpoint(text, { runId: 'run_1', location: 'file.json' });
 */
export function encodeCheckpoint<State>(options: EncodeCheckpointOptions<State>): string {
  assertPlainJson(options.state, options.runId);
  const stateJson = JSON.stringify(options.state);
  const header = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    runId: options.runId,
    savedAt: (options.savedAt ?? new Date()).toISOString(),
    checksum: checksumOf(stateJson),
  };
  // The state is serialised once and spliced in, so a large history is not stringified twice.
  return `${JSON.stringify(header).slice(0, -1)},"state":${stateJson}}`;
}

/**
 * Parses and checks a saved checkpoint. Anything that cannot be trusted (empty or truncated text, bad
 * checksum, another format or version, another run id) throws `CheckpointCorruptError`: never a restart.
 */
export function decodeCheckpoint<State = unknown>(
  text: string,
  options: DecodeCheckpointOptions,
): CheckpointEnvelope<State> {
  const corrupt = (reason: CheckpointCorruptReason, detail: string, cause?: unknown): never => {
    throw new CheckpointCorruptError(
      { runId: options.runId, location: options.location, reason, detail },
      cause === undefined ? {} : { cause },
    );
  };
  if (text.trim() === '') corrupt('empty', 'it is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    corrupt(
      'invalid_json',
      `it is not valid JSON, probably truncated or damaged (${text.length} chars)`,
      error,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return corrupt('not_an_envelope', 'it is not a JSON object');
  }
  const envelope = parsed as Record<string, unknown>;
  if (envelope.format !== CHECKPOINT_FORMAT) {
    corrupt(
      'wrong_format',
      `its format is ${JSON.stringify(envelope.format)}, expected "${CHECKPOINT_FORMAT}"`,
    );
  }
  if (envelope.version !== CHECKPOINT_VERSION) {
    corrupt(
      'unsupported_version',
      `its version is ${JSON.stringify(envelope.version)}, this code reads version ${CHECKPOINT_VERSION}`,
    );
  }
  if (envelope.runId !== options.runId) {
    corrupt('run_id_mismatch', `it belongs to run ${JSON.stringify(envelope.runId)}`);
  }
  if (
    typeof envelope.savedAt !== 'string' ||
    typeof envelope.checksum !== 'string' ||
    !('state' in envelope)
  ) {
    corrupt('not_an_envelope', 'it lacks savedAt, checksum or state');
  }
  const actual = checksumOf(JSON.stringify(envelope.state));
  if (actual !== envelope.checksum) {
    corrupt(
      'checksum_mismatch',
      `its checksum is ${String(envelope.checksum)} but the state hashes to ${actual}`,
    );
  }
  return envelope as unknown as CheckpointEnvelope<State>;
}

function checksumOf(json: string): string {
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}
