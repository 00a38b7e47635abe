import { describe, expect, it } from 'vitest';
// The test server's own list, by path: it is not part of @mimo-agents/testing's public surface.
import { knownParameters } from '../../../testing/src/server/validate-request.js';
import { KNOWN_PARAMETERS } from './unsupported-parameters.js';

describe('the request parameters core allows', () => {
  it('are exactly those the test server accepts (stream is set by the client itself)', () => {
    const server = [...knownParameters].filter((name) => name !== 'stream').sort();
    expect([...KNOWN_PARAMETERS].sort()).toEqual(server);
    expect(knownParameters.has('stream')).toBe(true);
  });
});
