import { CheckpointStateError } from './checkpoint-state-error.js';
/**
 * Throws `CheckpointStateError` unless `value` survives `JSON.stringify` → `JSON.parse` unchanged:
 * no functions, `undefined` array slots, non-finite numbers, bigints, class instances or cycles.
 * (`undefined` object properties are allowed: they are simply left out, as optional fields are.)
 */
export function assertPlainJson(value, runId) {
    walk(value, 'state', runId, new Set());
}
function walk(value, path, runId, ancestors) {
    const fail = (found) => {
        throw new CheckpointStateError({ runId, path, found });
    };
    switch (typeof value) {
        case 'string':
        case 'boolean':
            return;
        case 'number':
            if (!Number.isFinite(value))
                fail(String(value));
            return;
        case 'undefined':
        case 'function':
        case 'symbol':
        case 'bigint':
            fail(`a ${typeof value}`);
            return;
        case 'object':
            break;
    }
    if (value === null)
        return;
    const object = value;
    if (ancestors.has(object))
        fail('a cycle');
    ancestors.add(object);
    if (Array.isArray(object)) {
        object.forEach((item, index) => {
            walk(item, `${path}[${index}]`, runId, ancestors);
        });
    }
    else {
        const proto = Object.getPrototypeOf(object);
        if (proto !== Object.prototype && proto !== null)
            fail(`an instance of ${object.constructor.name}`);
        for (const [key, item] of Object.entries(object)) {
            if (item === undefined)
                continue;
            walk(item, `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`, runId, ancestors);
        }
    }
    ancestors.delete(object);
}
//# sourceMappingURL=assert-plain-json.js.map