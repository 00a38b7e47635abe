import { createHash } from 'node:crypto';
import { assertPlainJson } from './assert-plain-json.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
/** The `format` tag of every saved checkpoint. */
export const CHECKPOINT_FORMAT = 'mimo-agents.run-state';
/** The envelope version this code writes and reads. */
export const CHECKPOINT_VERSION = 1;
/**
 * Wraps a run state in a versioned, checksummed envelope and returns it as one JSON string.
 * Throws `CheckpointStateError` when the state is not plain JSON.
 * @example
 * const text = encodeCheckpoint({ runId: 'run_1', state });
 * const { state: restored } = decodeCheckpoint(text, { runId: 'run_1', location: 'file.json' });
 */
export function encodeCheckpoint(options) {
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
export function decodeCheckpoint(text, options) {
    const corrupt = (reason, detail, cause) => {
        throw new CheckpointCorruptError({ runId: options.runId, location: options.location, reason, detail }, cause === undefined ? {} : { cause });
    };
    if (text.trim() === '')
        corrupt('empty', 'it is empty');
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        corrupt('invalid_json', `it is not valid JSON, probably truncated or damaged (${text.length} chars)`, error);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return corrupt('not_an_envelope', 'it is not a JSON object');
    }
    const envelope = parsed;
    if (envelope.format !== CHECKPOINT_FORMAT) {
        corrupt('wrong_format', `its format is ${JSON.stringify(envelope.format)}, expected "${CHECKPOINT_FORMAT}"`);
    }
    if (envelope.version !== CHECKPOINT_VERSION) {
        corrupt('unsupported_version', `its version is ${JSON.stringify(envelope.version)}, this code reads version ${CHECKPOINT_VERSION}`);
    }
    if (envelope.runId !== options.runId) {
        corrupt('run_id_mismatch', `it belongs to run ${JSON.stringify(envelope.runId)}`);
    }
    if (typeof envelope.savedAt !== 'string' ||
        typeof envelope.checksum !== 'string' ||
        !('state' in envelope)) {
        corrupt('not_an_envelope', 'it lacks savedAt, checksum or state');
    }
    const actual = checksumOf(JSON.stringify(envelope.state));
    if (actual !== envelope.checksum) {
        corrupt('checksum_mismatch', `its checksum is ${String(envelope.checksum)} but the state hashes to ${actual}`);
    }
    return envelope;
}
function checksumOf(json) {
    return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}
//# sourceMappingURL=checkpoint-codec.js.map