import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from '@mimo-agents/core';

/** The context as BullMQ will store it; refuses what JSON would change or drop. */
export function plainJsonContext(context: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(context);
  } catch (cause) {
    throw new ConfigError(
      { field: 'context', problem: 'not JSON-serialisable', fix: 'pass plain JSON data (ids, names, flags)' },
      { cause },
    );
  }
  const back: unknown = json === undefined ? undefined : JSON.parse(json);
  if (!isDeepStrictEqual(back, context))
    throw new ConfigError({
      field: 'context',
      problem: 'changes when stored as JSON (a Date, Map, class instance, function or undefined field)',
      fix: 'pass plain JSON data (ids, names, flags); a job stores its context in Redis',
    });
  return back;
}
