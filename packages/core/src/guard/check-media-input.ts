import { ModelCapabilityError } from '../errors/model-capability-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import type { ModelInfo } from '../models/model-info.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DETAILS = new Set(['low', 'high', 'auto']);
const AUDIO_FORMATS = new Set(['wav', 'mp3']);

function checkImage(part: Record<string, unknown>, path: string): void {
  const url = part.image_url;
  const fileId = part.file_id;
  if (url === undefined && fileId === undefined)
    throw new RequestValidationError(
      path,
      'input_image has neither image_url nor file_id',
      'set image_url to an https URL or a data: URL',
    );
  if (url !== undefined && (typeof url !== 'string' || !/^(https?:\/\/|data:image\/)/i.test(url)))
    throw new RequestValidationError(
      `${path}.image_url`,
      'not an http(s) URL or a data:image/… URL',
      'pass e.g. https://… or data:image/png;base64,…',
    );
  if (fileId !== undefined && typeof fileId !== 'string')
    throw new RequestValidationError(
      `${path}.file_id`,
      'expected a string',
      'pass the id of an uploaded file',
    );
  if (part.detail !== undefined && !DETAILS.has(String(part.detail)))
    throw new RequestValidationError(
      `${path}.detail`,
      `unknown detail ${JSON.stringify(part.detail)}`,
      "use 'low', 'high' or 'auto'",
    );
}

function checkAudio(part: Record<string, unknown>, path: string): void {
  const audio = part.input_audio;
  if (!isRecord(audio) || typeof audio.data !== 'string' || audio.data === '')
    throw new RequestValidationError(
      `${path}.input_audio.data`,
      'missing',
      'pass { input_audio: { data: <base64>, format: "wav" | "mp3" } }',
    );
  if (!AUDIO_FORMATS.has(String(audio.format)))
    throw new RequestValidationError(
      `${path}.input_audio.format`,
      `unknown format ${JSON.stringify(audio.format)}`,
      "use 'wav' or 'mp3'",
    );
}

/**
 * Check the image and audio parts of `input`: their shape always, and, for a model the table knows,
 * that its entry takes that kind of input (`ModelCapabilityError` otherwise). Unknown models skip the
 * capability check: new models appear often and are sent as they are.
 */
export function checkMediaInput(input: unknown, model: ModelInfo | undefined): void {
  if (!Array.isArray(input)) return;
  input.forEach((item: unknown, index) => {
    if (!isRecord(item) || (item.type ?? 'message') !== 'message' || !Array.isArray(item.content)) return;
    item.content.forEach((part: unknown, partIndex) => {
      if (!isRecord(part)) return;
      const path = `input[${index}].content[${partIndex}]`;
      if (part.type === 'input_image') {
        checkImage(part, path);
        if (model !== undefined && !model.input.image)
          throw new ModelCapabilityError({ model: model.name, feature: 'image input', path });
      } else if (part.type === 'input_audio') {
        checkAudio(part, path);
        if (model !== undefined && !model.input.audio)
          throw new ModelCapabilityError({ model: model.name, feature: 'audio input', path });
      }
    });
  });
}
