/**
 * A file name for a run id that is safe on every file system: letters, digits, `_` and `-` are kept,
 * every other byte becomes `%XX` (so no `/`, no `..`, no hidden files), and a very long id is cut and
 * suffixed with its sha256. Distinct ids give distinct names (and the envelope's run id is checked anyway).
 */
export declare function checkpointFileName(runId: string): string;
//# sourceMappingURL=checkpoint-file-name.d.ts.map