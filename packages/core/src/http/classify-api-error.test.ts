import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { RetiredModelError } from '../errors/retired-model-error.js';
import { UpstreamOutageError } from '../errors/upstream-outage-error.js';
import { createModelTable } from '../models/model-table.js';
import { classifyApiError, DEFAULT_RETRYABLE_400_PATTERNS } from './classify-api-error.js';

const models = createModelTable();
const options = { models, retryable400Patterns: DEFAULT_RETRYABLE_400_PATTERNS };
const apiError = (status: number, serverMessage: string, param?: string): ApiError =>
  new ApiError({ status, serverMessage, param, message: `MiMo API error ${status}: ${serverMessage}` });

describe('classifyApiError', () => {
  it('turns a retired model\'s 400 "Not supported model" or 404 into RetiredModelError', () => {
    for (const error of [
      apiError(400, 'Not supported model', 'mimo-v2.5-pro'),
      apiError(404, 'The model mimo-v2.5-pro does not exist', 'Please migrate to mimo-v2.6-pro'),
    ]) {
      const typed = classifyApiError(error, { ...options, model: 'mimo-v2.5-pro' });
      expect(typed).toBeInstanceOf(RetiredModelError);
      expect(typed).toMatchObject({
        code: 'model_retired',
        retryable: false,
        model: 'mimo-v2.5-pro',
        replacement: 'mimo-v2.6-pro',
        status: error.status,
      });
      expect((typed as Error).message).toContain("Fix: set model to 'mimo-v2.6-pro'");
      expect((typed as Error).cause).toBe(error);
    }
  });

  it('leaves other 400s of a retired model, and the same 400 for a current model, alone', () => {
    const paramIncorrect = apiError(400, 'Param Incorrect', 'max_output_tokens out of range');
    expect(classifyApiError(paramIncorrect, { ...options, model: 'mimo-v2.5-pro' })).toBe(paramIncorrect);
    const noRoute = apiError(404, 'No route /v1/respones');
    expect(classifyApiError(noRoute, { ...options, model: 'mimo-v2.5-pro' })).toBe(noRoute);
    const notSupported = apiError(400, 'Not supported model', 'mimo-v2.6-pro');
    expect(classifyApiError(notSupported, { ...options, model: 'mimo-v2.6-pro' })).toBe(notSupported);
  });

  it("makes MiMo's outage 400s retryable and never a real 400", () => {
    const outages = [
      apiError(400, 'finishConnect(..) failed: Connection refused: /10.0.0.1:8080'),
      apiError(400, 'Upstream request failed'),
    ];
    for (const error of outages) {
      expect(error.retryable).toBe(false);
      const typed = classifyApiError(error, { ...options, model: 'mimo-v2.6-pro' });
      expect(typed).toBeInstanceOf(UpstreamOutageError);
      expect(typed).toMatchObject({ code: 'upstream_outage', retryable: true, status: 400 });
    }
    const real = apiError(
      400,
      'Param Incorrect',
      'The reasoning_content in the thinking mode must be passed back.',
    );
    expect(classifyApiError(real, { ...options, model: 'mimo-v2.6-pro' })).toBe(real);
    // Only 400s are read: a 402 "Upstream request failed: Insufficient account funds" stays what it is.
    const funds = apiError(402, 'Upstream request failed: Insufficient account funds');
    expect(classifyApiError(funds, { ...options, model: 'mimo-v2.6-pro' })).toBe(funds);
  });

  it('uses the configured patterns: RegExps, or none at all', () => {
    const error = apiError(400, 'gateway busy, try later');
    const custom = classifyApiError(error, { models, model: 'm', retryable400Patterns: [/gateway busy/] });
    expect(custom).toBeInstanceOf(UpstreamOutageError);
    expect((custom as UpstreamOutageError).pattern).toBe('/gateway busy/');
    const outage = apiError(400, 'Upstream request failed');
    expect(classifyApiError(outage, { models, model: 'm', retryable400Patterns: [] })).toBe(outage);
  });
});
