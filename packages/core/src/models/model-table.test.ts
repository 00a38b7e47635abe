import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { DEFAULT_MODEL } from './built-in-models.js';
import { createModelTable } from './model-table.js';

describe('the model table', () => {
  it('knows MiMo V2.6 with its limits, capabilities and prices', () => {
    const table = createModelTable();
    expect(DEFAULT_MODEL).toBe('mimo-v2.6-pro');
    expect(table.list().map((model) => model.name)).toEqual([
      'mimo-v2.6-pro',
      'mimo-v2.6-flash',
      'mimo-v2.6-pro-ultraspeed',
    ]);
    expect(table.get('mimo-v2.6-pro')).toEqual({
      name: 'mimo-v2.6-pro',
      contextWindow: 1_048_576,
      maxOutputTokens: 131_072,
      reasoningEfforts: ['none', 'low', 'medium', 'high'],
      input: { image: true, audio: true },
      jsonSchema: false,
      prices: { inputPerMTok: 0.435, cachedInputPerMTok: 0.0036, outputPerMTok: 0.87 },
    });
    expect(table.get('mimo-v2.6-flash')?.prices).toEqual({
      inputPerMTok: 0.14,
      cachedInputPerMTok: 0.0028,
      outputPerMTok: 0.28,
    });
    // Not published: a setting, never a guess.
    expect(table.get('mimo-v2.6-pro-ultraspeed')?.prices).toBeUndefined();
    expect(table.get('some-new-model')).toBeUndefined();
  });

  it('names the replacement of each retired model', () => {
    const table = createModelTable();
    expect(table.retired('mimo-v2.5-pro')).toEqual({
      name: 'mimo-v2.5-pro',
      replacement: 'mimo-v2.6-pro',
      retiredOn: '2026-10-21',
    });
    expect(table.retired('mimo-v2.5')?.replacement).toBe('mimo-v2.6-flash');
    expect(table.retired('mimo-v2.6-pro')).toBeUndefined();
  });

  it('changes a built-in entry field by field and adds new models with defaults', () => {
    const table = createModelTable({
      models: {
        'mimo-v2.6-pro-ultraspeed': { prices: { inputPerMTok: 1, outputPerMTok: 2 } },
        'mimo-v2.6-flash': { jsonSchema: true, input: { audio: false } },
        'my-model': { contextWindow: 32_768, maxOutputTokens: 8_192, reasoningEfforts: ['none'] },
      },
    });
    const ultra = table.get('mimo-v2.6-pro-ultraspeed');
    expect(ultra?.prices).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(ultra?.contextWindow).toBe(1_048_576);
    expect(table.get('mimo-v2.6-flash')).toMatchObject({
      jsonSchema: true,
      input: { image: true, audio: false },
    });
    expect(table.get('my-model')).toEqual({
      name: 'my-model',
      contextWindow: 32_768,
      maxOutputTokens: 8_192,
      reasoningEfforts: ['none'],
      input: { image: false, audio: false },
      jsonSchema: false,
      prices: undefined,
    });
    // Another client's table is untouched.
    expect(createModelTable().get('mimo-v2.6-flash')?.jsonSchema).toBe(false);
  });

  it('serves a retired name the user lists as a model, and retires extra names', () => {
    const table = createModelTable({
      models: { 'mimo-v2.5-pro': {} },
      retired: { 'old-model': { replacement: 'mimo-v2.6-flash' } },
    });
    expect(table.retired('mimo-v2.5-pro')).toBeUndefined();
    expect(table.get('mimo-v2.5-pro')?.contextWindow).toBe(1_048_576);
    expect(table.retired('old-model')).toEqual({
      name: 'old-model',
      replacement: 'mimo-v2.6-flash',
      retiredOn: 'unknown',
    });
  });

  it.each([
    [{ 'm-1': { contextWindow: 0 } }, 'models["m-1"].contextWindow'],
    [{ 'm-1': { maxOutputTokens: 1.5 } }, 'models["m-1"].maxOutputTokens'],
    [{ 'm-1': { contextWindow: 100, maxOutputTokens: 200 } }, 'models["m-1"].maxOutputTokens'],
    [{ 'm-1': { reasoningEfforts: ['xhigh'] } }, 'models["m-1"].reasoningEfforts'],
    [{ 'm-1': { input: { image: 'yes' } } }, 'models["m-1"].input.image'],
    [{ 'm-1': { prices: { inputPerMTok: -1, outputPerMTok: 1 } } }, 'models["m-1"].prices.inputPerMTok'],
    [{ 'm-1': { prices: { inputPerMTok: 1 } } }, 'models["m-1"].prices.outputPerMTok'],
    [{ 'm-1': 'big' }, 'models["m-1"]'],
  ])('refuses a bad entry %j with a ConfigError naming %s', (models, field) => {
    const error = (() => {
      try {
        createModelTable({ models: models as never });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as ConfigError).message).toContain('Fix:');
  });
});
