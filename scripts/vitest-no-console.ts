import { afterEach, beforeEach } from 'vitest';

// A test that writes to `console` fails, unless it expects to: a test that means to print (or to
// check what is printed) replaces the method itself, e.g. `vi.spyOn(console, 'log').mockImplementation(…)`.
const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const writes: string[] = [];

for (const method of METHODS) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]): void => {
    writes.push(`console.${method}: ${args.map(String).join(' ').slice(0, 200)}`);
    original(...args);
  };
}

beforeEach(() => {
  writes.length = 0;
});

afterEach(() => {
  if (writes.length === 0) return;
  const lines = writes.splice(0);
  throw new Error(
    `The test wrote to console ${lines.length} time(s), first: ${lines[0]}. Fix: remove the write, or ` +
      "expect it with vi.spyOn(console, '<method>').mockImplementation(…) and assert on it.",
  );
});
