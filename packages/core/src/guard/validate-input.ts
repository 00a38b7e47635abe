import { RequestValidationError } from '../errors/request-validation-error.js';
import type { InputItem } from '../protocol/input-items.js';
import { validateHistory } from './validate-history.js';

/**
 * Check `input`: a non-empty string, or a non-empty item array that obeys MiMo's history rules
 * (`validateHistory`). Throws `RequestValidationError` (or its `HistoryValidationError`) naming the path.
 */
export function validateInput(input: unknown): void {
  if (typeof input === 'string') {
    if (input.length === 0)
      throw new RequestValidationError({ path: 'input', problem: 'empty string', fix: 'send some text' });
    return;
  }
  if (!Array.isArray(input))
    throw new RequestValidationError({
      path: 'input',
      problem: `expected a string or an array, got ${typeof input}`,
      fix: 'pass text or items',
    });
  if (input.length === 0)
    throw new RequestValidationError({
      path: 'input',
      problem: 'empty array',
      fix: 'send at least one item',
    });
  validateHistory(input as readonly InputItem[]);
}
