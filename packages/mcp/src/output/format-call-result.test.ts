import { describe, expect, it } from 'vitest';
import { formatCallResult } from './format-call-result.js';

describe('formatCallResult()', () => {
  it('joins text blocks', () => {
    expect(
      formatCallResult({
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      }),
    ).toBe('a\nb');
  });

  it('adds structuredContent as JSON unless a text block holds the same JSON', () => {
    expect(formatCallResult({ content: [], structuredContent: { n: 1 } })).toBe('{"n":1}');
    expect(
      formatCallResult({ content: [{ type: 'text', text: '{ "n": 1 }' }], structuredContent: { n: 1 } }),
    ).toBe('{ "n": 1 }');
    expect(
      formatCallResult({ content: [{ type: 'text', text: 'Found one.' }], structuredContent: { n: 1 } }),
    ).toBe('Found one.\n{"n":1}');
  });

  it('describes audio and binary resources instead of sending their bytes', () => {
    const output = formatCallResult({
      content: [
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource', resource: { uri: 'blob://1', mimeType: 'image/png', blob: 'AAAA' } },
      ],
    });
    expect(output).toBe(
      '[audio: audio/wav, 3 bytes, not played]\n[resource: blob://1, image/png, binary, not shown]',
    );
  });
});
