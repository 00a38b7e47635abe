import { expectTypeOf } from 'vitest';
import type { MimoClient } from '../client/create-client.js';
import type { ResponseStream } from '../client/response-stream.js';
import type { Response } from './response.js';
import { isTerminalEvent, type ResponseStreamEvent, type TerminalStreamEvent } from './stream-events.js';

declare const event: ResponseStreamEvent;
declare const client: MimoClient;

if (event.type === 'response.function_call_arguments.done') {
  expectTypeOf(event.arguments).toEqualTypeOf<string>();
  expectTypeOf(event.name).toEqualTypeOf<string>();
}
if (event.type === 'unknown') {
  expectTypeOf(event.eventType).toEqualTypeOf<string>();
  expectTypeOf(event.data).toEqualTypeOf<unknown>();
}
if (isTerminalEvent(event)) expectTypeOf(event).toEqualTypeOf<TerminalStreamEvent>();

expectTypeOf(client.stream({ model: 'm', input: 'x' })).toEqualTypeOf<ResponseStream>();
expectTypeOf(client.create({ model: 'm', input: 'x' })).toEqualTypeOf<Promise<Response>>();
expectTypeOf<ResponseStream>().toMatchTypeOf<AsyncIterable<ResponseStreamEvent>>();

// @ts-expect-error: `stream` is set by the client, not part of the body type
client.create({ model: 'm', input: 'x', stream: true });
