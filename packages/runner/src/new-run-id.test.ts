import { describe, expect, it } from 'vitest';
import { newRunId } from './new-run-id.js';

describe('newRunId', () => {
  it('is a fresh version-4 UUID each time', () => {
    const ids = Array.from({ length: 50 }, () => newRunId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
