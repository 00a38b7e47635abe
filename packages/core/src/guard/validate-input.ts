import { RequestValidationError } from '../errors/request-validation-error.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(item: Record<string, unknown>, key: string, path: string, fix: string): string {
  const value = item[key];
  if (typeof value !== 'string') {
    throw new RequestValidationError(`${path}.${key}`, `expected a string, got ${typeof value}`, fix);
  }
  return value;
}

/**
 * Check the shape of `input`: a non-empty string or a non-empty item array where every
 * `function_call` has exactly one later `function_call_output` and every output answers a call.
 * Throws `RequestValidationError` with the path of the first bad field.
 */
export function validateInput(input: unknown): void {
  if (typeof input === 'string') {
    if (input.length === 0) throw new RequestValidationError('input', 'empty string', 'send some text');
    return;
  }
  if (!Array.isArray(input)) {
    throw new RequestValidationError(
      'input',
      `expected a string or an array, got ${typeof input}`,
      'pass text or items',
    );
  }
  if (input.length === 0) throw new RequestValidationError('input', 'empty array', 'send at least one item');
  const openCalls = new Map<string, number>();
  const answered = new Set<string>();
  input.forEach((item: unknown, index) => {
    const path = `input[${index}]`;
    if (!isRecord(item)) throw new RequestValidationError(path, 'expected an object', 'pass an input item');
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const role = item.role;
        if (role !== 'user' && role !== 'system' && role !== 'developer' && role !== 'assistant') {
          throw new RequestValidationError(
            `${path}.role`,
            `unknown role ${String(role)}`,
            'use user, system, developer or assistant',
          );
        }
        if (typeof item.content !== 'string' && !Array.isArray(item.content)) {
          throw new RequestValidationError(
            `${path}.content`,
            'expected a string or content parts',
            'pass text',
          );
        }
        return;
      }
      case 'reasoning':
        requireString(item, 'id', path, 'replay the reasoning item with the id the server gave it');
        if ('summary' in item) {
          throw new RequestValidationError(
            `${path}.summary`,
            'replayed reasoning must not carry summary (MiMo folds it into the context and reasoning doubles)',
            'strip summary and keep content',
          );
        }
        return;
      case 'function_call': {
        const callId = requireString(item, 'call_id', path, 'replay the call with its call_id');
        requireString(item, 'name', path, 'replay the call with its name');
        requireString(item, 'arguments', path, 'send arguments as a JSON string');
        if (openCalls.has(callId) || answered.has(callId)) {
          throw new RequestValidationError(
            `${path}.call_id`,
            `duplicate call_id ${callId}`,
            'replay each call once',
          );
        }
        openCalls.set(callId, index);
        return;
      }
      case 'function_call_output': {
        const callId = requireString(item, 'call_id', path, 'answer a call by its call_id');
        requireString(item, 'output', path, 'serialise the tool result to a string');
        if (!openCalls.has(callId)) {
          throw new RequestValidationError(
            `${path}.call_id`,
            `no earlier function_call with call_id ${callId} awaits an output`,
            'put the function_call item before its output, and answer each call once',
          );
        }
        openCalls.delete(callId);
        answered.add(callId);
        return;
      }
      default:
        throw new RequestValidationError(
          `${path}.type`,
          `unknown item type ${String(type)}`,
          'use message, reasoning, function_call or function_call_output',
        );
    }
  });
  for (const [callId, index] of openCalls) {
    throw new RequestValidationError(
      `input[${index}]`,
      `function_call ${callId} has no function_call_output`,
      'add one function_call_output with this call_id after it',
    );
  }
}
