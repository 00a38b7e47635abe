/**
 * Throws `CheckpointStateError` unless `value` survives `JSON.stringify` → `JSON.parse` unchanged:
 * no functions, `undefined` array slots, non-finite numbers, bigints, class instances or cycles.
 * (`undefined` object properties are allowed: they are simply left out, as optional fields are.)
 */
export declare function assertPlainJson(value: unknown, runId: string): void;
//# sourceMappingURL=assert-plain-json.d.ts.map