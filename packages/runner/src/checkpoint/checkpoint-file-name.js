import { createHash } from 'node:crypto';
import { MimoError } from '@mimo-agents/core';
const SAFE = /^[A-Za-z0-9_-]$/;
const MAX_NAME = 160;
/**
 * A file name for a run id that is safe on every file system: letters, digits, `_` and `-` are kept,
 * every other byte becomes `%XX` (so no `/`, no `..`, no hidden files), and a very long id is cut and
 * suffixed with its sha256. Distinct ids give distinct names (and the envelope's run id is checked anyway).
 */
export function checkpointFileName(runId) {
    if (runId === '') {
        throw new MimoError('run_id_invalid', 'Invalid runId (empty). Fix: give each run a non-empty id.');
    }
    let encoded = '';
    for (const char of runId) {
        if (SAFE.test(char))
            encoded += char;
        else
            for (const byte of Buffer.from(char, 'utf8'))
                encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    if (encoded.length > MAX_NAME) {
        const digest = createHash('sha256').update(runId).digest('hex').slice(0, 32);
        encoded = `${encoded.slice(0, MAX_NAME - 33)}~${digest}`;
    }
    return `${encoded}.json`;
}
//# sourceMappingURL=checkpoint-file-name.js.map