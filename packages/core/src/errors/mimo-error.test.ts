import { describe, expect, it, vi } from 'vitest';
import { ConfigError } from './config-error.js';
import { isMimoError, MimoError } from './mimo-error.js';

describe('isMimoError', () => {
  it('holds for the whole family and nothing else', () => {
    expect(isMimoError(new MimoError('x', 'X. Fix: y.'))).toBe(true);
    expect(isMimoError(new ConfigError({ field: 'apiKey', problem: 'missing', fix: 'set it' }))).toBe(true);
    expect(isMimoError(new Error('plain'))).toBe(false);
    expect(isMimoError({ code: 'x', message: 'looks alike' })).toBe(false);
    expect(isMimoError(null)).toBe(false);
  });

  it('recognises an error from a second copy of the package, where instanceof fails', async () => {
    vi.resetModules();
    const copy = await import('./mimo-error.js');
    expect(copy.MimoError).not.toBe(MimoError);
    const foreign = new copy.MimoError('x', 'From the other copy. Fix: none.');
    expect(foreign instanceof MimoError).toBe(false);
    expect(isMimoError(foreign)).toBe(true);
    expect(copy.isMimoError(new MimoError('x', 'From this copy. Fix: none.'))).toBe(true);
  });
});
