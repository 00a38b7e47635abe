import { ModelCapabilityError } from '../errors/model-capability-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { UnsupportedParameterError } from '../errors/unsupported-parameter-error.js';
import { isRecord } from '../json/is-record.js';
import type { ModelInfo } from '../models/model-info.js';
import { BUILT_IN_MODEL_TABLE, type ModelTable } from '../models/model-table.js';
import type { ResponseRequest } from '../protocol/request.js';
import { checkExtraBody } from './check-extra-body.js';
import { checkMediaInput } from './check-media-input.js';
import { KNOWN_PARAMETERS, REASONING_EFFORTS, UNSUPPORTED_PARAMETERS } from './unsupported-parameters.js';
import { validateInput } from './validate-input.js';

/** Options of {@link guardRequest}. */
export interface GuardRequestOptions {
  /** Extra top-level fields to send as they are (the escape hatch for fields we do not model). */
  extraBody?: Record<string, unknown> | undefined;
  /** Whether to ask for SSE (`stream: true`). */
  stream: boolean;
  /** The model table whose entries' limits and capabilities apply (default: the built-in one). */
  models?: ModelTable | undefined;
}

function checkRange(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  integer: boolean,
): void {
  const value = body[key];
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new RequestValidationError({
      path: key,
      problem: `${String(value)} is out of range`,
      fix: `use ${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`,
    });
  }
}

function checkTools(tools: unknown): void {
  if (tools === undefined) return;
  if (!Array.isArray(tools))
    throw new RequestValidationError({
      path: 'tools',
      problem: 'expected an array',
      fix: 'pass function tools',
    });
  // An indexed loop, and the path built only for an error: this runs for every tool of every request.
  for (let index = 0; index < tools.length; index++) checkTool(tools[index], index);
}

function checkTool(tool: unknown, index: number): void {
  if (!isRecord(tool))
    throw new RequestValidationError({
      path: `tools[${index}]`,
      problem: 'expected an object',
      fix: 'pass a function tool',
    });
  if (tool.type !== 'function') {
    throw new UnsupportedParameterError({
      param: `tools[${index}].type`,
      reason: `hosted tool ${String(tool.type)} is not supported by MiMo (400 responses_feature_not_supported)`,
      fix: 'implement it as a function tool',
    });
  }
  if (typeof tool.name !== 'string' || tool.name.length < 1 || tool.name.length > 64) {
    throw new RequestValidationError({
      path: `tools[${index}].name`,
      problem: 'must be 1–64 characters',
      fix: 'shorten or set the tool name',
    });
  }
  if (!isRecord(tool.parameters)) {
    throw new RequestValidationError({
      path: `tools[${index}].parameters`,
      problem: 'expected a JSON Schema object',
      fix: 'pass { type: "object", properties }',
    });
  }
}

function checkOptions(body: Record<string, unknown>, model: ModelInfo | undefined): void {
  const effort = isRecord(body.reasoning) ? body.reasoning.effort : undefined;
  if (body.reasoning !== undefined && !REASONING_EFFORTS.has(String(effort))) {
    throw new UnsupportedParameterError({
      param: 'reasoning.effort',
      reason: `MiMo rejects ${JSON.stringify(effort)}`,
      fix: "use 'none' (thinking off) or 'low' | 'medium' | 'high' (all the same: thinking on)",
    });
  }
  if (
    body.reasoning !== undefined &&
    model !== undefined &&
    !model.reasoningEfforts.some((e) => e === effort)
  ) {
    throw new ModelCapabilityError({
      model: model.name,
      feature: `reasoning.effort ${JSON.stringify(effort)} (it takes ${model.reasoningEfforts.join(', ')})`,
      path: 'reasoning.effort',
    });
  }
  const format = isRecord(body.text) && isRecord(body.text.format) ? body.text.format.type : undefined;
  const schemaAllowed = format === 'json_schema' && model?.jsonSchema === true;
  if (body.text !== undefined && format !== 'text' && format !== 'json_object' && !schemaAllowed) {
    throw new UnsupportedParameterError({
      param: 'text.format.type',
      reason: `MiMo allows only 'text' and 'json_object', not ${JSON.stringify(format)}`,
      fix: "use { format: { type: 'json_object' } }, ask for JSON in the prompt and validate it yourself",
    });
  }
  const choice = body.tool_choice;
  if (choice !== undefined && choice !== 'auto') {
    throw new UnsupportedParameterError({
      param: 'tool_choice',
      reason: `MiMo silently replaces ${JSON.stringify(choice)} with 'auto'`,
      fix: "omit it (or use 'auto'); to force a final answer send the request without tools",
    });
  }
  checkRange(body, 'max_output_tokens', 1, model?.maxOutputTokens ?? 131_072, true);
  checkRange(body, 'temperature', 0, 1.5, false);
  checkRange(body, 'top_p', 0.01, 1, false);
}

/** Throw for the first key MiMo does not support (own keys only: `constructor` must not find Object.prototype's). */
function refuseUnsupported(keys: readonly string[]): void {
  for (const key of keys) {
    const rule = Object.hasOwn(UNSUPPORTED_PARAMETERS, key) ? UNSUPPORTED_PARAMETERS[key] : undefined;
    if (rule !== undefined)
      throw new UnsupportedParameterError({ param: key, reason: rule.reason, fix: rule.fix });
  }
}

/** Whether every key is a typed request field (`KNOWN_PARAMETERS`: none unsupported, none `stream`). */
function allKnown(keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (!KNOWN_PARAMETERS.has(keys[i] as string)) return false;
  return true;
}

/** Throw for `stream` or the first key the client does not send as typed (`extraBody` is the way for those). */
function refuseUntyped(keys: readonly string[]): void {
  for (const key of keys) {
    if (key === 'stream') {
      throw new UnsupportedParameterError({
        param: 'stream',
        reason: 'the client sets it',
        fix: 'call client.stream() for SSE or client.create() for JSON',
      });
    }
    if (!KNOWN_PARAMETERS.has(key)) {
      throw new UnsupportedParameterError({
        param: key,
        reason: 'MiMo filters unknown fields and they may cause request errors',
        fix: `remove it, or pass it on purpose via { extraBody: { ${key}: … } }`,
      });
    }
  }
}

/**
 * Check a request before anything is sent and build the wire body. Unsupported parameters
 * throw `UnsupportedParameterError` (with what to do instead); unknown top-level fields are
 * refused unless given in `extraBody`; shape errors throw `RequestValidationError` with a path.
 * @example guardRequest({ model: 'mimo-v2.6-pro', input: 'Hi' }, { stream: true })
 */
export function guardRequest(body: ResponseRequest, options: GuardRequestOptions): Record<string, unknown> {
  if (!isRecord(body))
    throw new RequestValidationError({
      path: 'body',
      problem: 'expected an object',
      fix: 'pass { model, input }',
    });
  const extra = options.extraBody === undefined ? undefined : checkExtraBody(options.extraBody);
  const bodyKeys = Object.keys(body);
  // The rule: every key is one the client sends as typed (none is unsupported, unknown or `stream`),
  // found with one set lookup each. Otherwise the checks run in their order, for their errors.
  const typed = allKnown(bodyKeys);
  if (!typed) refuseUnsupported(bodyKeys);
  if (extra !== undefined) refuseUnsupported(Object.keys(extra));
  if (!typed) refuseUntyped(bodyKeys);
  if (typeof body.model !== 'string' || body.model.length === 0) {
    throw new RequestValidationError({
      path: 'model',
      problem: 'missing',
      fix: "set model, e.g. 'mimo-v2.6-pro'",
    });
  }
  validateInput(body.input);
  // Unknown models are sent as they are (new ones appear often); known ones get their entry's checks.
  const model = (options.models ?? BUILT_IN_MODEL_TABLE).get(body.model);
  checkMediaInput(body.input, model);
  checkTools(body.tools);
  checkOptions(body, model);
  const wire: Record<string, unknown> = extra === undefined ? { ...body } : { ...body, ...extra };
  if (options.stream) wire.stream = true;
  else delete wire.stream;
  return wire;
}
