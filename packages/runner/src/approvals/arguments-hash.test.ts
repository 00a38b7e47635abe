import { describe, expect, it } from 'vitest';
import { approvalIdFor, argumentsHash, canonicalJson } from './arguments-hash.js';

describe('canonical arguments', () => {
  it('sort keys at every level, so key order never changes the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(argumentsHash('{"b":1,"a":2}')).toBe(argumentsHash('{ "a": 2, "b": 1 }'));
    expect(argumentsHash('{"a":2,"b":1}')).not.toBe(argumentsHash('{"a":2,"b":2}'));
    // Text that is not JSON is hashed as a string, distinct from any object.
    expect(argumentsHash('{oops')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(argumentsHash('{oops')).not.toBe(argumentsHash('{}'));
  });

  it('approval ids are stable and differ with any bound field', () => {
    const base = { runId: 'r', callId: 'c', toolName: 't', argumentsHash: argumentsHash('{}') };
    const id = approvalIdFor(base);
    expect(approvalIdFor({ ...base })).toBe(id);
    for (const change of [{ runId: 'r2' }, { callId: 'c2' }, { toolName: 't2' }, { argumentsHash: 'x' }])
      expect(approvalIdFor({ ...base, ...change })).not.toBe(id);
  });
});
