import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { apiErrorFromResponse, errorSource } from './api-error-from-response.js';

const baseURL = 'https://api.xiaomimimo.com/v1';

describe('apiErrorFromResponse', () => {
  it("shows MiMo's param text in the message", () => {
    const error = apiErrorFromResponse({
      status: 400,
      headers: { 'x-request-id': 'req_9' },
      bodyText:
        '{"error":{"code":"400","message":"Param Incorrect","param":"The reasoning_content in the thinking mode must be passed back to the API.","type":""}}',
      baseURL,
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain('Param Incorrect');
    expect(error.message).toContain('reasoning_content in the thinking mode must be passed back');
    expect(error.param).toContain('reasoning_content');
    expect(error.serverCode).toBe('400');
    expect(error.requestId).toBe('req_9');
    expect(error.retryable).toBe(false);
  });

  it('parses an SSE-style error body', () => {
    const error = apiErrorFromResponse({
      status: 400,
      headers: {},
      bodyText: 'data:{"error":{"code":"400","message":"Not supported model","param":"mimo-v2-flash"}}\n\n',
      baseURL,
    });
    expect(error.serverMessage).toBe('Not supported model');
    expect(error.param).toBe('mimo-v2-flash');
  });

  it('makes a 429 a RateLimitError with retryAfterMs', () => {
    const error = apiErrorFromResponse({
      status: 429,
      headers: { 'retry-after-ms': '40' },
      bodyText: '{"error":{"code":"429","message":"Too many requests","type":"limitation"}}',
      baseURL,
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(40);
    expect(error.retryable).toBe(true);
    expect(error.code).toBe('rate_limited');
  });

  it('makes a 401 an AuthenticationError that names the host/key pairing', () => {
    const error = apiErrorFromResponse({
      status: 401,
      headers: {},
      bodyText:
        '{"error":{"code":"401","message":"Invalid API Key","param":"Please provide valid API Key","type":""}}',
      baseURL,
    });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain('Please provide valid API Key');
    expect(error.message).toContain(baseURL);
  });

  it('quotes a non-JSON body, redacted', () => {
    const error = apiErrorFromResponse({
      status: 502,
      headers: {},
      bodyText: '<html>bad gateway sk-abcdefghijklmnop</html>',
      baseURL,
      secrets: ['sk-abcdefghijklmnop'],
    });
    expect(error.message).toContain('bad gateway');
    expect(error.message).not.toContain('sk-abcdefghijklmnop');
    expect(error.retryable).toBe(true);
  });

  it('names who answered: MiMo on its hosts, the local server on loopback, else the host', () => {
    expect(errorSource(baseURL, 500)).toBe('MiMo API error 500');
    expect(errorSource('https://token-plan-sgp.xiaomimimo.com/v1', 502)).toBe('MiMo API error 502');
    expect(errorSource('http://127.0.0.1:4321/v1', 500)).toBe(
      'Local server error 500 (127.0.0.1:4321, not MiMo)',
    );
    expect(errorSource('http://localhost:8080/v1', 503)).toBe(
      'Local server error 503 (localhost:8080, not MiMo)',
    );
    expect(errorSource('https://proxy.example.com/v1', 500)).toBe('API error 500 from proxy.example.com');
  });

  it('does not claim a retry in the message of a single response', () => {
    const error = apiErrorFromResponse({ status: 500, headers: {}, bodyText: 'boom', baseURL });
    expect(error.message).not.toContain('retried');
    expect(error.message).toMatch(/^MiMo API error 500: /);
  });
});
