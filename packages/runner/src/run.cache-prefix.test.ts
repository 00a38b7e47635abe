import { describe, expect, it } from 'vitest';
import { run } from './run.js';
import { lookupAgent, scriptLookups } from './test-support/context-model.js';
import { startHarness } from './test-support/harness.js';

/** The bytes of a request body up to the end of its last input item: `{"model":…,"input":[…` without `]…`. */
function inputPrefix(raw: string, input: unknown[]): string {
  const last = JSON.stringify(input.at(-1));
  const end = raw.lastIndexOf(last) + last.length;
  return raw.slice(0, end);
}

describe('cache-friendly history', () => {
  it('resends the previous request byte for byte as the prefix of the next, over 5 turns; cached tokens are priced at the cached rate', async () => {
    const { server, client } = await startHarness();
    scriptLookups(server, 4);
    const price = { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 4 };
    const result = await run({
      client,
      agent: lookupAgent(),
      input: 'Read every page.',
      maxTurns: 10,
      promptCacheKey: 'run-cache-test',
      prices: { 'mimo-v2.6-pro': price },
    });
    expect(result.turns).toHaveLength(5);
    const raws = server.calls.map((call) => call.rawBody ?? '');
    let previousLength = 0;
    for (let k = 1; k < raws.length; k += 1) {
      const previous = server.calls[k - 1]?.body as { input: unknown[] };
      const prefix = inputPrefix(raws[k - 1] ?? '', previous.input);
      expect(prefix.length).toBeGreaterThan(previousLength);
      previousLength = prefix.length;
      expect((raws[k] ?? '').startsWith(prefix)).toBe(true);
      expect((server.calls[k]?.body as { prompt_cache_key?: string } | undefined)?.prompt_cache_key).toBe(
        'run-cache-test',
      );
    }
    // The test server reports the shared prefix as cached; each turn after the first hits.
    const cached = result.turns.map((turn) => turn.usage.cachedTokens);
    expect(cached[0]).toBe(0);
    for (let k = 1; k < 5; k += 1) {
      expect(cached[k]).toBeGreaterThan(cached[k - 1] ?? 0);
      expect(cached[k]).toBeLessThan(result.turns[k]?.usage.inputTokens ?? 0);
    }
    const turn = result.turns[4];
    expect(turn?.cost?.cachedInput).toBeCloseTo(((turn?.usage.cachedTokens ?? 0) * 0.1) / 1e6, 15);
    expect(turn?.cost?.input).toBeCloseTo(
      (((turn?.usage.inputTokens ?? 0) - (turn?.usage.cachedTokens ?? 0)) * 1) / 1e6,
      15,
    );
  });

  it('a different prompt_cache_key shares no cache', async () => {
    const { server, client } = await startHarness();
    server.reply.text('one').text('two');
    const first = await run({ client, agent: lookupAgent(), input: 'Same question', promptCacheKey: 'a' });
    const second = await run({ client, agent: lookupAgent(), input: 'Same question', promptCacheKey: 'b' });
    expect(first.usage.cachedTokens).toBe(0);
    expect(second.usage.cachedTokens).toBe(0);
    server.reply.text('three');
    const third = await run({ client, agent: lookupAgent(), input: 'Same question', promptCacheKey: 'a' });
    expect(third.usage.cachedTokens).toBe(third.usage.inputTokens);
  });
});
