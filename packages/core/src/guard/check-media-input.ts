import { ModelCapabilityError } from '../errors/model-capability-error.js';
import { RequestValidationError } from '../errors/request-validation-error.js';
import { isRecord } from '../json/is-record.js';
import type { ModelInfo } from '../models/model-info.js';

const DETAILS = new Set(['low', 'high', 'auto']);
const AUDIO_FORMATS = new Set(['wav', 'mp3']);

function checkImage(part: Record<string, unknown>, path: string): void {
  const url = part.image_url;
  const fileId = part.file_id;
  if (url === undefined && fileId === undefined)
    throw new RequestValidationError({
      path,
      problem: 'input_image has neither image_url nor file_id',
      fix: 'set image_url to an https URL or a data: URL',
    });
  if (url !== undefined && (typeof url !== 'string' || !/^(https?:\/\/|data:image\/)/i.test(url)))
    throw new RequestValidationError({
      path: `${path}.image_url`,
      problem: 'not an http(s) URL or a data:image/… URL',
      fix: 'pass e.g. https://… or data:image/png;base64,…',
    });
  if (fileId !== undefined && typeof fileId !== 'string')
    throw new RequestValidationError({
      path: `${path}.file_id`,
      problem: 'expected a string',
      fix: 'pass the id of an uploaded file',
    });
  if (part.detail !== undefined && !DETAILS.has(String(part.detail)))
    throw new RequestValidationError({
      path: `${path}.detail`,
      problem: `unknown detail ${JSON.stringify(part.detail)}`,
      fix: "use 'low', 'high' or 'auto'",
    });
}

function checkAudio(part: Record<string, unknown>, path: string): void {
  const audio = part.input_audio;
  if (!isRecord(audio) || typeof audio.data !== 'string' || audio.data === '')
    throw new RequestValidationError({
      path: `${path}.input_audio.data`,
      problem: 'missing',
      fix: 'pass { input_audio: { data: <base64>, format: "wav" | "mp3" } }',
    });
  if (!AUDIO_FORMATS.has(String(audio.format)))
    throw new RequestValidationError({
      path: `${path}.input_audio.format`,
      problem: `unknown format ${JSON.stringify(audio.format)}`,
      fix: "use 'wav' or 'mp3'",
    });
}

/**
 * Check the image and audio parts of `input`: their shape always, and, for a model the table knows,
 * that its entry takes that kind of input (`ModelCapabilityError` otherwise). Unknown models skip the
 * capability check: new models appear often and are sent as they are.
 */
export function checkMediaInput(input: unknown, model: ModelInfo | undefined): void {
  if (!Array.isArray(input)) return;
  // Indexed loops, and a path built only for a media part: this runs on every request of every turn.
  for (let index = 0; index < input.length; index++) {
    const item: unknown = input[index];
    if (!isRecord(item) || (item.type ?? 'message') !== 'message' || !Array.isArray(item.content)) continue;
    const content: unknown[] = item.content;
    for (let partIndex = 0; partIndex < content.length; partIndex++) {
      const part = content[partIndex];
      if (!isRecord(part) || (part.type !== 'input_image' && part.type !== 'input_audio')) continue;
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
    }
  }
}
