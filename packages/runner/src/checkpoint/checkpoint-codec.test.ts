import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.js';
import { CheckpointCorruptError } from './checkpoint-corrupt-error.js';
import { CheckpointStateError } from './checkpoint-state-error.js';

const state = {
  version: 1,
  runId: 'run_1',
  history: [{ role: 'user', content: 'Weather in Paris? ☀️ "quoted" \\ slash' }],
  usage: { inputTokens: 12, outputTokens: 3.5 },
  nested: { empty: [], nothing: null, flag: false },
};
const where = { runId: 'run_1', location: '/tmp/x/run_1.json' };

function corruptReason(text: string, options = where): string {
  try {
    decodeCheckpoint(text, options);
  } catch (error) {
    expect(error).toBeInstanceOf(CheckpointCorruptError);
    const corrupt = error as CheckpointCorruptError;
    expect(corrupt.code).toBe('checkpoint_corrupt');
    expect(corrupt.retryable).toBe(false);
    expect(corrupt.message).toContain(`"${options.runId}"`);
    expect(corrupt.message).toContain(options.location);
    expect(corrupt.message).toContain('delete it to start over, or restore it');
    return corrupt.reason;
  }
  throw new Error('decodeCheckpoint accepted a bad checkpoint');
}

describe('encodeCheckpoint / decodeCheckpoint', () => {
  it('round-trips a state inside a versioned, checksummed envelope', () => {
    const savedAt = new Date('2026-11-25T10:00:00.000Z');
    const text = encodeCheckpoint({ runId: 'run_1', state, savedAt });
    const envelope = JSON.parse(text) as Record<string, unknown>;
    expect(envelope).toMatchObject({ format: CHECKPOINT_FORMAT, version: 1, runId: 'run_1' });
    expect(envelope.savedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(envelope.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const decoded = decodeCheckpoint<typeof state>(text, where);
    expect(decoded.state).toEqual(state);
    expect(decoded.state).not.toBe(state);
    expect(decoded.savedAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('accepts the same envelope re-indented (the checksum covers the values, not the bytes)', () => {
    const text = JSON.stringify(JSON.parse(encodeCheckpoint({ runId: 'run_1', state })), null, 2);
    expect(decodeCheckpoint(text, where).state).toEqual(state);
  });

  it('leaves out undefined object fields, as JSON does', () => {
    const text = encodeCheckpoint({ runId: 'run_1', state: { a: 1, b: undefined } });
    expect(decodeCheckpoint(text, where).state).toEqual({ a: 1 });
  });

  it('rejects empty and truncated text as corrupt, at every cut', () => {
    const text = encodeCheckpoint({ runId: 'run_1', state });
    expect(corruptReason('')).toBe('empty');
    expect(corruptReason('  \n')).toBe('empty');
    for (let cut = 1; cut < text.length; cut += 7) {
      expect(corruptReason(text.slice(0, cut))).toBe('invalid_json');
    }
  });

  it('rejects a state changed after it was saved (bad checksum)', () => {
    const text = encodeCheckpoint({ runId: 'run_1', state });
    expect(corruptReason(text.replace('"inputTokens":12', '"inputTokens":13'))).toBe('checksum_mismatch');
    const envelope = JSON.parse(text) as Record<string, unknown>;
    envelope.checksum = 'sha256:00';
    expect(corruptReason(JSON.stringify(envelope))).toBe('checksum_mismatch');
  });

  it('rejects another format, another version, another run and non-envelopes', () => {
    const envelope = JSON.parse(encodeCheckpoint({ runId: 'run_1', state })) as Record<string, unknown>;
    expect(corruptReason(JSON.stringify({ ...envelope, format: 'something-else' }))).toBe('wrong_format');
    expect(corruptReason(JSON.stringify({ ...envelope, version: 2 }))).toBe('unsupported_version');
    expect(corruptReason(JSON.stringify(envelope), { runId: 'run_2', location: 'redis key x' })).toBe(
      'run_id_mismatch',
    );
    expect(corruptReason('[1,2]')).toBe('not_an_envelope');
    expect(corruptReason('"text"')).toBe('not_an_envelope');
    const { state: _dropped, ...withoutState } = envelope;
    expect(corruptReason(JSON.stringify(withoutState))).toBe('not_an_envelope');
  });

  it('says to upgrade when the version is newer', () => {
    const envelope = JSON.parse(encodeCheckpoint({ runId: 'run_1', state })) as Record<string, unknown>;
    expect(() => decodeCheckpoint(JSON.stringify({ ...envelope, version: 2 }), where)).toThrow(
      /upgrade mimo-agents/,
    );
  });

  it('refuses to encode what JSON would silently change, naming the path', () => {
    class Point {
      x = 1;
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, string][] = [
      [{ history: [{ execute: () => 1 }] }, 'state.history[0].execute'],
      [{ list: [1, undefined] }, 'state.list[1]'],
      [{ n: Number.NaN }, 'state.n'],
      [{ n: Number.POSITIVE_INFINITY }, 'state.n'],
      [{ big: 10n }, 'state.big'],
      [{ when: new Date(0) }, 'state.when'],
      [{ p: new Point() }, 'state.p'],
      [{ 'odd key': Symbol('s') }, 'state["odd key"]'],
      [cycle, 'state.self'],
      [undefined, 'state'],
    ];
    for (const [bad, path] of cases) {
      let thrown: unknown;
      try {
        encodeCheckpoint({ runId: 'run_9', state: bad });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CheckpointStateError);
      expect((thrown as CheckpointStateError).path).toBe(path);
      expect((thrown as CheckpointStateError).message).toContain('run "run_9"');
    }
  });

  it('accepts shared (non-cyclic) references and null-prototype objects', () => {
    const shared = { a: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' });
    const text = encodeCheckpoint({ runId: 'run_1', state: { one: shared, two: shared, bare } });
    expect(decodeCheckpoint(text, where).state).toEqual({ one: { a: 1 }, two: { a: 1 }, bare: { k: 'v' } });
  });
});
