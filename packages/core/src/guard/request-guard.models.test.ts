import { describe, expect, it } from 'vitest';
import { ModelCapabilityError } from '../errors/model-capability-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import { createModelTable } from '../models/model-table.js';
import type { InputContentPart } from '../protocol/input-items.js';
import type { ResponseRequest } from '../protocol/request.js';
import { guardRequest } from './request-guard.js';

const models = createModelTable({
  models: {
    'text-only': { reasoningEfforts: ['none', 'high'], maxOutputTokens: 4_096 },
    'schema-model': { jsonSchema: true },
  },
});
const image: InputContentPart = { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' };
const audio: InputContentPart = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } };
const ask = (model: string, part: InputContentPart): ResponseRequest => ({
  model,
  input: [{ role: 'user', content: [{ type: 'input_text', text: 'What is this?' }, part] }],
});

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the request guard with the model table', () => {
  it('sends images and audio to V2.6 models as they are', () => {
    for (const part of [
      image,
      audio,
      { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'low' } as const,
    ]) {
      const wire = guardRequest(ask('mimo-v2.6-flash', part), { stream: false, models });
      expect(wire.input).toEqual(ask('mimo-v2.6-flash', part).input);
    }
  });

  it('refuses image or audio input for a model whose entry cannot take it, naming model and part', () => {
    for (const [part, feature] of [
      [image, 'image input'],
      [audio, 'audio input'],
    ] as const) {
      const error = thrown(() => guardRequest(ask('text-only', part), { stream: true, models }));
      expect(error).toBeInstanceOf(ModelCapabilityError);
      expect(error).toMatchObject({
        code: 'model_capability',
        model: 'text-only',
        feature,
        path: 'input[0].content[1]',
      });
      expect((error as Error).message).toContain("createClient({ models: { 'text-only'");
    }
  });

  it('sends an unknown model with any media: new models appear often', () => {
    expect(guardRequest(ask('mimo-v3-preview', image), { stream: false, models }).model).toBe(
      'mimo-v3-preview',
    );
  });

  it('checks media part shapes for every model', () => {
    const bad: [unknown, string][] = [
      [{ type: 'input_image' }, 'input[0].content[1]'],
      [{ type: 'input_image', image_url: 'file:///etc/passwd' }, 'input[0].content[1].image_url'],
      [{ type: 'input_image', image_url: 'https://x/y.png', detail: 'max' }, 'input[0].content[1].detail'],
      [
        { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'ogg' } },
        'input[0].content[1].input_audio.format',
      ],
      [{ type: 'input_audio', data: 'UklGRg==' }, 'input[0].content[1].input_audio.data'],
    ];
    for (const [part, path] of bad) {
      const error = thrown(() =>
        guardRequest(ask('mimo-v3-preview', part as InputContentPart), { stream: false }),
      );
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).path).toBe(path);
    }
  });

  it("applies an entry's reasoning efforts and output limit; unknown models get MiMo's API-wide rules", () => {
    const low: ResponseRequest = { model: 'text-only', input: 'Hi', reasoning: { effort: 'low' } };
    expect(thrown(() => guardRequest(low, { stream: false, models }))).toBeInstanceOf(ModelCapabilityError);
    expect(
      guardRequest({ ...low, reasoning: { effort: 'high' } }, { stream: false, models }).reasoning,
    ).toEqual({ effort: 'high' });
    const long: ResponseRequest = { model: 'text-only', input: 'Hi', max_output_tokens: 8_000 };
    expect(thrown(() => guardRequest(long, { stream: false, models }))).toBeInstanceOf(
      RequestValidationError,
    );
    expect(
      guardRequest({ ...long, model: 'unknown-model' }, { stream: false, models }).max_output_tokens,
    ).toBe(8_000);
    const xhigh = {
      model: 'unknown-model',
      input: 'Hi',
      reasoning: { effort: 'xhigh' },
    } as unknown as ResponseRequest;
    expect(thrown(() => guardRequest(xhigh, { stream: false, models }))).toBeInstanceOf(
      UnsupportedParameterError,
    );
  });

  it('allows text.format json_schema only for a model whose entry says so', () => {
    const body: ResponseRequest = {
      model: 'schema-model',
      input: 'Give JSON',
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
    };
    expect(guardRequest(body, { stream: false, models }).text).toEqual(body.text);
    for (const model of ['mimo-v2.6-pro', 'unknown-model']) {
      const error = thrown(() => guardRequest({ ...body, model }, { stream: false, models }));
      expect(error).toBeInstanceOf(UnsupportedParameterError);
      expect((error as UnsupportedParameterError).param).toBe('text.format.type');
    }
  });
});
