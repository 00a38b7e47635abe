// PHASE 1 BRIDGE. The runner's index does not export its checkpoint module yet (another engineer owns
// that file), so this file reaches into the runner's source. Once `@mimo-agents/runner` exports these
// names, replace every line below with one `export { … } from '@mimo-agents/runner';`.

export { assertResumable } from '../../runner/src/checkpoint/assert-resumable.js';
export { decodeCheckpoint, encodeCheckpoint } from '../../runner/src/checkpoint/checkpoint-codec.js';
export { CheckpointCorruptError } from '../../runner/src/checkpoint/checkpoint-corrupt-error.js';
export type { CheckpointStore } from '../../runner/src/checkpoint/checkpoint-store.js';
export { CheckpointStoreError } from '../../runner/src/checkpoint/checkpoint-store-error.js';
export { createFileCheckpointStore } from '../../runner/src/checkpoint/file-checkpoint-store.js';
export { ResumeMismatchError } from '../../runner/src/checkpoint/resume-mismatch-error.js';
