import { describe, expect, it } from 'vitest';
import { checkpointFileName } from './checkpoint-file-name.js';

describe('checkpointFileName', () => {
  it('keeps plain ids readable', () => {
    expect(checkpointFileName('run_01HX-abc')).toBe('run_01HX-abc.json');
  });

  it('escapes separators, dots and non-ASCII so a name never leaves its folder or hides', () => {
    expect(checkpointFileName('../etc/passwd')).toBe('%2E%2E%2Fetc%2Fpasswd.json');
    expect(checkpointFileName('.')).toBe('%2E.json');
    expect(checkpointFileName('a\\b:c')).toBe('a%5Cb%3Ac.json');
    expect(checkpointFileName('é')).toBe('%C3%A9.json');
    expect(checkpointFileName('queue:42')).not.toBe(checkpointFileName('queue%3A42'));
  });

  it('bounds very long ids and keeps them distinct', () => {
    const a = checkpointFileName(`${'x'.repeat(500)}a`);
    const b = checkpointFileName(`${'x'.repeat(500)}b`);
    expect(a.length).toBeLessThanOrEqual(170);
    expect(a).not.toBe(b);
    expect(checkpointFileName('/'.repeat(300)).length).toBeLessThanOrEqual(170);
  });

  it('refuses an empty id', () => {
    expect(() => checkpointFileName('')).toThrow(/runId \(empty\)/);
  });
});
