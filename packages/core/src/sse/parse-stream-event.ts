import { StreamProtocolError } from '../errors/stream-protocol-error.js';
import { isRecord } from '../json/is-record.js';
import { clipText } from '../log/clip-text.js';
import { redactSecrets, redactValue } from '../log/redact-secrets.js';
import {
  KNOWN_STREAM_EVENT_TYPES,
  type KnownStreamEventType,
  type ResponseStreamEvent,
} from '../protocol/stream-events.js';
import { eventShapeProblem } from './event-shape-problem.js';
import type { SseFrame } from './sse-decoder.js';

const RAW_LIMIT = 500;

/** Redact, then cut, raw server text so it can sit in an error (cutting first could split a key). */
export function safeRaw(raw: string, secrets: readonly string[] = []): string {
  return clipText(redactSecrets(raw, secrets), RAW_LIMIT);
}

function redactOrNull(value: string | null, secrets: readonly string[]): string | null {
  return value === null ? null : redactSecrets(value, secrets);
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** The error for a known event whose payload lacks a field this library reads (or has the wrong type). */
function malformedEvent(
  type: string,
  problem: string,
  raw: string,
  secrets: readonly string[],
): StreamProtocolError {
  return new StreamProtocolError(
    {
      message: `Malformed ${type} event: ${redactSecrets(problem, secrets)}. Fix: the server or a proxy broke the stream protocol; check what sits between you and the API. Nothing of this turn was executed.`,
      raw: safeRaw(raw, secrets),
    },
    { retryable: false },
  );
}

/**
 * Turn one SSE frame into a typed event. A known `type` becomes its event; an unknown one
 * becomes `{ type: 'unknown' }`; a bare `{"error":…}` payload becomes an `error` event.
 * Throws `StreamProtocolError` (raw text redacted) when the data is not a JSON object, or when a
 * known event type lacks a field this library reads (`response: null`, `item: null`, …). The
 * server's text in `error` and `response.failed` events is redacted with `secrets`, since it
 * becomes an error's message and fields.
 */
export function parseStreamEvent(frame: SseFrame, secrets: readonly string[] = []): ResponseStreamEvent {
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch (cause) {
    throw new StreamProtocolError(
      {
        message: `Malformed stream frame: data is not JSON (${safeRaw(frame.data, secrets)}). The server or a proxy sent a broken event; the request may be retried.`,
        raw: safeRaw(frame.data, secrets),
      },
      { cause, retryable: true },
    );
  }
  if (!isRecord(data)) {
    throw new StreamProtocolError(
      {
        message: 'Malformed stream frame: data is JSON but not an object.',
        raw: safeRaw(frame.data, secrets),
      },
      { retryable: true },
    );
  }
  const type = typeof data.type === 'string' ? data.type : undefined;
  if (type === undefined && isRecord(data.error)) {
    const error = data.error;
    return {
      type: 'error',
      sequence_number: typeof data.sequence_number === 'number' ? data.sequence_number : -1,
      code: redactOrNull(stringOrNull(error.code), secrets),
      message: redactSecrets(stringOrNull(error.message) ?? '', secrets),
      param: redactOrNull(stringOrNull(error.param), secrets),
    };
  }
  if (type === 'error') {
    // OpenAI-shaped servers nest `code`, `message`, `param` under `error`; others put them at the top.
    const source = isRecord(data.error) ? data.error : data;
    return {
      // Every field, not only the known ones: the consumer sees the event as it is.
      ...(redactValue(data, secrets) as Record<string, unknown>),
      type: 'error',
      sequence_number: typeof data.sequence_number === 'number' ? data.sequence_number : -1,
      code: redactOrNull(stringOrNull(source.code), secrets),
      message: redactSecrets(stringOrNull(source.message) ?? '', secrets),
      param: redactOrNull(stringOrNull(source.param), secrets),
    };
  }
  if (type !== undefined && KNOWN_STREAM_EVENT_TYPES.has(type)) {
    const problem = eventShapeProblem(type as KnownStreamEventType, data);
    if (problem !== undefined) throw malformedEvent(type, problem, frame.data, secrets);
    // The whole of a `response.failed` becomes an error's fields and reaches the consumer: redact all of it.
    const event = type === 'response.failed' ? (redactValue(data, secrets) as Record<string, unknown>) : data;
    // The fields this library reads were checked above; extra fields (`obfuscation`, …) ride along.
    if (
      typeof event.item_id !== 'string' &&
      'output_index' in event &&
      !type.startsWith('response.output_item')
    )
      return { ...event, item_id: '' } as unknown as ResponseStreamEvent;
    return event as unknown as ResponseStreamEvent;
  }
  return { type: 'unknown', eventType: type ?? frame.event ?? 'message', data };
}
