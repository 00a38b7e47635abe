import { describe, expect, it } from 'vitest';
import { createClient } from './create-client.js';

describe('client.redact', () => {
  it('removes the client’s own key and key-shaped text, as its logs do', async () => {
    const client = createClient({ baseURL: 'http://127.0.0.1:9', apiKey: 'plain-secret-key-42' });
    try {
      expect(client.redact('k=plain-secret-key-42, other sk-live_0123456789, Bearer abcdefgh')).toBe(
        'k=[redacted], other [redacted], Bearer [redacted]',
      );
      expect(client.redact('nothing secret here')).toBe('nothing secret here');
    } finally {
      await client.close();
    }
  });
});
