import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import type { ResponseRequest } from '../protocol/request.js';
import { guardRequest } from './request-guard.js';

const base: ResponseRequest = { model: 'mimo-v2.6-pro', input: 'Hi' };

function refusal(body: unknown, extraBody?: Record<string, unknown>): unknown {
  try {
    guardRequest(body as ResponseRequest, { stream: false, extraBody });
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('guardRequest: unsupported parameters', () => {
  it.each(['previous_response_id', 'background', 'context_management', 'store', 'conversation'])(
    'refuses %s with what to do instead',
    (key) => {
      const error = refusal({ ...base, [key]: 'x' });
      expect(error).toBeInstanceOf(UnsupportedParameterError);
      expect((error as UnsupportedParameterError).param).toBe(key);
      expect((error as UnsupportedParameterError).message).toContain('Fix:');
    },
  );

  it('refuses them through extraBody too', () => {
    expect(refusal(base, { previous_response_id: 'resp_1' })).toBeInstanceOf(UnsupportedParameterError);
  });

  it('says to resend the history instead of previous_response_id', () => {
    const error = refusal({ ...base, previous_response_id: 'resp_1' }) as UnsupportedParameterError;
    expect(error.fix).toContain('full history');
  });

  it('refuses hosted tools with the tool path', () => {
    const error = refusal({ ...base, tools: [{ type: 'web_search' }] }) as UnsupportedParameterError;
    expect(error).toBeInstanceOf(UnsupportedParameterError);
    expect(error.param).toBe('tools[0].type');
  });

  it('refuses json_schema and points to json_object', () => {
    const error = refusal({
      ...base,
      text: { format: { type: 'json_schema', schema: {} } },
    }) as UnsupportedParameterError;
    expect(error.param).toBe('text.format.type');
    expect(error.fix).toContain('json_object');
  });

  it.each(['max', 'xhigh', 'auto', 'HIGH'])('refuses reasoning.effort %s', (effort) => {
    const error = refusal({ ...base, reasoning: { effort } }) as UnsupportedParameterError;
    expect(error.param).toBe('reasoning.effort');
  });

  it('refuses a tool_choice MiMo would silently ignore, accepts auto', () => {
    expect((refusal({ ...base, tool_choice: 'none' }) as UnsupportedParameterError).param).toBe(
      'tool_choice',
    );
    expect(guardRequest({ ...base, tool_choice: 'auto' }, { stream: false }).tool_choice).toBe('auto');
  });

  it('refuses unknown top-level fields unless passed through extraBody', () => {
    const error = refusal({ ...base, metadata: { a: 1 } }) as UnsupportedParameterError;
    expect(error.param).toBe('metadata');
    expect(error.fix).toContain('extraBody');
    expect(guardRequest(base, { stream: false, extraBody: { metadata: { a: 1 } } }).metadata).toEqual({
      a: 1,
    });
  });
});

describe('guardRequest: shape', () => {
  it('needs a model', () => {
    expect((refusal({ input: 'Hi' }) as RequestValidationError).path).toBe('model');
  });

  it('needs a non-empty input', () => {
    expect((refusal({ ...base, input: [] }) as RequestValidationError).path).toBe('input');
    expect((refusal({ ...base, input: '' }) as RequestValidationError).path).toBe('input');
  });

  it('refuses a function_call without its output, naming the item', () => {
    const error = refusal({
      ...base,
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'function_call', call_id: 'c1', name: 'w', arguments: '{}' },
      ],
    }) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.path).toBe('input[1]');
    expect(error.message).toContain('c1');
  });

  it('refuses an output that answers no call', () => {
    const error = refusal({
      ...base,
      input: [{ type: 'function_call_output', call_id: 'zz', output: 'x' }],
    }) as RequestValidationError;
    expect(error.path).toBe('input[0].call_id');
  });

  it('refuses a replayed reasoning item with summary', () => {
    const error = refusal({
      ...base,
      input: [{ type: 'reasoning', id: 'rs', summary: [], content: [] }],
    }) as RequestValidationError;
    expect(error.path).toBe('input[0].summary');
  });

  it('refuses out-of-range numbers with the field name', () => {
    expect((refusal({ ...base, max_output_tokens: 200_000 }) as RequestValidationError).path).toBe(
      'max_output_tokens',
    );
    expect((refusal({ ...base, temperature: 2 }) as RequestValidationError).path).toBe('temperature');
  });

  it('accepts a valid tool round and sets stream', () => {
    const wire = guardRequest(
      {
        ...base,
        reasoning: { effort: 'high' },
        tools: [{ type: 'function', name: 'w', parameters: { type: 'object' } }],
        input: [
          { role: 'user', content: 'Weather?' },
          { type: 'reasoning', id: 'rs_1', content: [{ type: 'reasoning_text', text: 'think' }] },
          { type: 'function_call', call_id: 'c1', name: 'w', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: '{"t":1}' },
        ],
      },
      { stream: true },
    );
    expect(wire.stream).toBe(true);
    expect(wire.model).toBe('mimo-v2.6-pro');
  });
});
