import { describe, expect, it } from 'vitest';
import { isValidFunctionName, mapToolNames } from './map-tool-names.js';

describe('mapToolNames()', () => {
  it('prefixes and replaces characters MiMo refuses', () => {
    const { toFunction, toMcp } = mapToolNames({
      names: ['crm.search', 'get user', 'ok_name-1'],
      prefix: 'crm',
    });
    expect([...toFunction.values()]).toEqual(['crm_crm_search', 'crm_get_user', 'crm_ok_name-1']);
    expect(toMcp.get('crm_crm_search')).toBe('crm.search');
  });

  it('gives every colliding name a hash of its original, whatever the list order', () => {
    const a = mapToolNames({ names: ['a.b', 'a/b', 'a_b'], prefix: '' });
    const b = mapToolNames({ names: ['a_b', 'a/b', 'a.b'], prefix: '' });
    expect(new Set(a.toFunction.values()).size).toBe(3);
    for (const name of ['a.b', 'a/b', 'a_b']) {
      expect(a.toFunction.get(name)).toMatch(/^a_b_[0-9a-f]{6}$/);
      expect(a.toFunction.get(name)).toBe(b.toFunction.get(name));
      expect(a.toMcp.get(a.toFunction.get(name) ?? '')).toBe(name);
    }
  });

  it('keeps long and odd names valid and distinct', () => {
    const long1 = `${'x'.repeat(80)}1`;
    const long2 = `${'x'.repeat(80)}2`;
    const { toFunction } = mapToolNames({ names: [long1, long2, '', 'café.menu'], prefix: 'server.one' });
    const mapped = [...toFunction.values()];
    for (const name of mapped) expect(isValidFunctionName(name)).toBe(true);
    expect(new Set(mapped).size).toBe(4);
    expect(toFunction.get('café.menu')).toBe('server_one_caf__menu');
  });

  it('is reversible for every name it maps', () => {
    const names = ['a', 'a.', 'a_', 'a-', 'b c', 'b_c', 'ü', '_'];
    const { toFunction, toMcp } = mapToolNames({ names, prefix: 'p' });
    for (const name of names) expect(toMcp.get(toFunction.get(name) ?? '')).toBe(name);
  });
});
