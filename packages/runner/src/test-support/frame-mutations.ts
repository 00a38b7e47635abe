/** A seeded pseudo-random source (mulberry32): the same seed gives the same cases on every machine. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
}

type Json = Record<string, unknown>;

const KNOWN_TYPES = [
  'response.created',
  'response.in_progress',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.done',
  'response.reasoning_text.delta',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'error',
];

/** Values a broken or hostile server puts where a field belongs. */
const ODD_VALUES: unknown[] = [
  null,
  'x',
  '',
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  [],
  {},
  'call_a',
  'call_b',
  'fc_1',
  'completed',
  'incomplete',
  'in_progress',
  'function_call',
  'reasoning',
  'message',
  'web_search_call',
  '{"city":"Rome"}',
  '{"cit',
  [{ type: 'function_call', id: 'fc_x', call_id: 'call_a', name: 'get_weather', arguments: '{}' }],
];

const GARBAGE_FRAMES = [
  'data: {"type":"response.output_text.delta","delta":\n\n',
  'data: not json\n\n',
  'data: [1,2]\n\n',
  'data: {"error":{"code":"500","message":"upstream broke","param":null}}\n\n',
  'event: response.audio.delta\ndata: {"type":"response.audio.delta","sequence_number":1}\n\n',
  ': ping\n\n',
  'data: {"type":"response.completed","response":null}\n\n',
  'data: {"type":"response.output_item.added","item":null}\n\n',
  'data: {"type":"response.failed"}\n\n',
];

/** Every path into a JSON value (objects and arrays), up to `depth` levels. */
function paths(value: unknown, depth: number, prefix: (string | number)[] = []): (string | number)[][] {
  if (depth === 0 || typeof value !== 'object' || value === null) return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => {
    const here = [...prefix, key];
    return [here, ...paths((value as Record<string | number, unknown>)[key], depth - 1, here)];
  });
}

function parentOf(root: unknown, path: readonly (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  return node;
}

/** One random change to a list of events (in place). */
function mutateEvents(random: SeededRandom, events: Json[]): string {
  const index = random.int(events.length);
  const event = events[index] as Json;
  switch (random.int(8)) {
    case 0:
      events.splice(index, 1);
      return `drop #${index}`;
    case 1:
      events.splice(index, 0, structuredClone(event));
      return `duplicate #${index}`;
    case 2: {
      const other = random.int(events.length);
      events[index] = events[other] as Json;
      events[other] = event;
      return `swap #${index} #${other}`;
    }
    case 3:
      event.type = random.pick(KNOWN_TYPES);
      return `retype #${index} as ${String(event.type)}`;
    case 4: {
      if ('output_index' in event) event.output_index = random.pick([0, 1, 2, 3, 7, -1]);
      if ('item_id' in event) event.item_id = random.pick(['fc_1', 'fc_2', 'rs_1', 'msg_1', 'zz']);
      return `reindex #${index}`;
    }
    default: {
      const all = paths(event, 5);
      if (all.length === 0) return 'noop';
      const path = random.pick(all);
      const parent = parentOf(event, path);
      const key = path.at(-1) as string | number;
      if (random.int(3) === 0) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        return `delete #${index}.${path.join('.')}`;
      }
      parent[key] = structuredClone(random.pick(ODD_VALUES));
      return `set #${index}.${path.join('.')}`;
    }
  }
}

/** One random change to the SSE text of a stream (in place). */
function mutateFrames(random: SeededRandom, frames: string[]): string {
  const index = random.int(frames.length);
  switch (random.int(3)) {
    case 0: {
      const frame = frames[index] as string;
      frames[index] = `${frame.slice(0, random.int(frame.length))}\n\n`;
      return `truncate frame #${index}`;
    }
    case 1:
      frames.splice(index, 0, random.pick(GARBAGE_FRAMES));
      return `insert garbage at #${index}`;
    default: {
      // Regroup the bytes at random points: frames split across writes and writes holding several frames.
      const body = frames.join('');
      const cuts = Array.from({ length: 1 + random.int(6) }, () => random.int(body.length)).sort(
        (a, b) => a - b,
      );
      frames.length = 0;
      let start = 0;
      for (const cut of [...cuts, body.length]) {
        frames.push(body.slice(start, cut));
        start = cut;
      }
      return 'regroup writes';
    }
  }
}

/** SSE text of events, as an OpenAI-shaped server writes it. */
export function toFrames(events: readonly Json[]): string[] {
  return events.map(
    (event, i) =>
      `event: ${String(event.type)}\ndata: ${JSON.stringify({ sequence_number: i, ...event })}\n\n`,
  );
}

/** The events mutated 1–3 times, rendered as frames, the frames maybe mutated too; with a log of what changed. */
export function mutatedFrames(
  random: SeededRandom,
  events: readonly Json[],
): { frames: string[]; changes: string[] } {
  const copy = structuredClone(events) as Json[];
  const changes: string[] = [];
  const count = 1 + random.int(3);
  for (let i = 0; i < count && copy.length > 0; i++) changes.push(mutateEvents(random, copy));
  const frames = toFrames(copy);
  if (random.int(4) === 0 && frames.length > 0) changes.push(mutateFrames(random, frames));
  return { frames, changes };
}
