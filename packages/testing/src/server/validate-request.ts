import type { WireInputItem, WireRequest } from '../wire/request.js';
import type { WireErrorBody } from '../wire/response.js';
import type { EmittedTurns } from './emitted-turns.js';
import { featureNotSupported, paramIncorrect } from './error-bodies.js';
import { checkContextWindow, retiredModelAnswer } from './server-models.js';
import { validateContentParts } from './validate-content-parts.js';
import { validateHistory } from './validate-history.js';

/** The outcome of validating a request body as MiMo would. */
export type ValidationResult =
  | { type: 'ok'; request: WireRequest; warnings: string[] }
  | { type: 'rejected'; status: 400 | 404; body: WireErrorBody; warnings: string[] };

/** Settings of request validation. */
export interface ValidateOptions {
  /** Unknown parameters and replayed reasoning `summary` become 400s. */
  strict: boolean;
  /** Check MiMo's reasoning pass-back rule. */
  reasoningPassBack: boolean;
  /** Whether thinking is on when `reasoning.effort` is absent. */
  thinkingDefault: boolean;
  /** Turns this server emitted, to know which had reasoning. */
  emitted: EmittedTurns;
  /** Context window in tokens (input estimated as characters / 4, plus `max_output_tokens`). */
  contextWindow: number;
  /** Models refused as retired, and with which status. */
  retiredModels: readonly string[];
  retiredModelStatus: 400 | 404;
  /** Models that take `text.format` `json_schema` (MiMo V2.6: none). */
  jsonSchemaModels: readonly string[];
}

/** Top-level request parameters MiMo accepts (core keeps the same list: `known-parameters.test.ts`). */
export const knownParameters: ReadonlySet<string> = new Set([
  'model',
  'input',
  'instructions',
  'max_output_tokens',
  'stream',
  'reasoning',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'text',
  'prompt_cache_key',
]);
const unsupported = ['previous_response_id', 'background', 'context_management', 'conversation'];
const efforts = new Set(['none', 'low', 'medium', 'high']);

/** Validates a parsed body the way MiMo does; unknown parameters are filtered with a warning. */
export function validateRequest(body: unknown, options: ValidateOptions): ValidationResult {
  const warnings: string[] = [];
  const reject = (error: WireErrorBody): ValidationResult => ({
    type: 'rejected',
    status: 400,
    body: error,
    warnings,
  });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return reject(paramIncorrect('The request body must be a JSON object.'));
  }
  const request: WireRequest = { ...(body as WireRequest) };
  for (const name of unsupported) {
    if (request[name] !== undefined && request[name] !== null) {
      return reject(
        paramIncorrect(`${name} is not supported by this endpoint; resend the full history in input.`),
      );
    }
  }
  for (const name of Object.keys(request)) {
    if (knownParameters.has(name)) continue;
    if (options.strict) return reject(paramIncorrect(`Unknown parameter ${name} (strict mode refuses it).`));
    warnings.push(`Unknown parameter ${name} was filtered out.`);
    delete request[name];
  }
  if (typeof request.model !== 'string' || request.model === '')
    return reject(paramIncorrect('model is required.'));
  if (options.retiredModels.includes(request.model)) {
    const answer = retiredModelAnswer(request.model, options.retiredModelStatus);
    return { type: 'rejected', status: answer.status, body: answer.body, warnings };
  }
  if (typeof request.input !== 'string' && !Array.isArray(request.input)) {
    return reject(paramIncorrect('input must be a string or an array of items.'));
  }
  const effort = request.reasoning?.effort;
  if (effort !== undefined && !efforts.has(effort)) {
    return reject(
      paramIncorrect(`reasoning.effort '${String(effort)}' is invalid; use none, low, medium or high.`),
    );
  }
  const max = request.max_output_tokens;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 131072)) {
    return reject(paramIncorrect('max_output_tokens must be an integer in [1, 131072].'));
  }
  const format = request.text?.format?.type;
  const schemaAllowed = format === 'json_schema' && options.jsonSchemaModels.includes(request.model);
  if (format !== undefined && format !== 'text' && format !== 'json_object' && !schemaAllowed) {
    return reject(
      featureNotSupported(
        `text.format type '${format}' is not supported, only 'text' and 'json_object' are allowed`,
        'text.format.type',
      ),
    );
  }
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (tool.type !== 'function') {
      return reject(
        featureNotSupported(`tool type '${String(tool.type)}' is not supported`, `tools[${index}].type`),
      );
    }
    if (typeof tool.name !== 'string' || tool.name.length < 1 || tool.name.length > 64) {
      return reject(paramIncorrect(`tools[${index}].name must be 1 to 64 characters.`));
    }
  }
  if (request.tool_choice !== undefined && request.tool_choice !== 'auto') {
    // MiMo drops any other tool_choice silently; the warning tells the test author.
    warnings.push(
      `tool_choice ${JSON.stringify(request.tool_choice)} was ignored: MiMo treats every tool_choice as auto.`,
    );
    delete request.tool_choice;
  }
  if (Array.isArray(request.input)) {
    const parts = validateContentParts(request.input as WireInputItem[], options.strict);
    if (parts !== undefined) return reject(parts);
  }
  const tooLong = checkContextWindow(request, options.contextWindow);
  if (tooLong !== undefined) return reject(tooLong);
  if (Array.isArray(request.input)) {
    const thinking = effort === undefined ? options.thinkingDefault : effort !== 'none';
    const problem = validateHistory(request.input as WireInputItem[], {
      strict: options.strict,
      reasoningPassBack: options.reasoningPassBack && thinking,
      emitted: options.emitted,
    });
    if (problem !== undefined) return reject(problem);
  }
  return { type: 'ok', request, warnings };
}
