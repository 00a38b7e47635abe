import type { WireInputItem } from '../wire/request.js';
import type { WireErrorBody } from '../wire/response.js';
import { paramIncorrect } from './error-bodies.js';

const PART_TYPES = new Set(['input_text', 'output_text', 'input_image', 'input_audio', 'input_file']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkPart(part: unknown, path: string, strict: boolean): WireErrorBody | undefined {
  if (!isRecord(part) || typeof part.type !== 'string')
    return paramIncorrect(`${path} must be an object with a type.`);
  // Outside strict mode an unknown part type (e.g. a replayed `refusal`) is let through, as for fields.
  if (!PART_TYPES.has(part.type))
    return strict ? paramIncorrect(`${path}.type must be one of ${[...PART_TYPES].join(', ')}.`) : undefined;
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return typeof part.text === 'string' ? undefined : paramIncorrect(`${path}.text is required.`);
    case 'input_image': {
      const url = part.image_url;
      if (typeof url === 'string' && /^(https?:\/\/|data:image\/[\w.+-]+;base64,)/.test(url))
        return undefined;
      if (url === undefined && typeof part.file_id === 'string') return undefined;
      return paramIncorrect(`${path}.image_url must be an http(s) URL or a data:image/…;base64, URL.`);
    }
    case 'input_audio': {
      const audio = part.input_audio;
      if (
        isRecord(audio) &&
        typeof audio.data === 'string' &&
        (audio.format === 'wav' || audio.format === 'mp3')
      )
        return undefined;
      return paramIncorrect(`${path}.input_audio needs base64 data and a format of wav or mp3.`);
    }
    default:
      return undefined;
  }
}

/**
 * Checks the content parts of every message (text, images, audio) as an OpenAI-shaped server does;
 * unknown part types are refused only in strict mode.
 */
export function validateContentParts(
  input: readonly WireInputItem[],
  strict: boolean,
): WireErrorBody | undefined {
  for (const [index, item] of input.entries()) {
    if (!isRecord(item) || (item.type !== undefined && item.type !== 'message')) continue;
    if (!Array.isArray(item.content)) continue;
    for (const [partIndex, part] of item.content.entries()) {
      const problem = checkPart(part, `input[${index}].content[${partIndex}]`, strict);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
