import * as core from '@mimo-agents/core';
import * as jobs from '@mimo-agents/jobs';
import * as runner from '@mimo-agents/runner';
import * as testing from '@mimo-agents/testing';
import * as tools from '@mimo-agents/tools';
import { describe, expect, it } from 'vitest';
import * as root from './index.js';
import * as jobsEntry from './jobs.js';
import * as testingEntry from './testing.js';

/** `export *` silently drops a name two packages both export: every name must survive, as the same value. */
function expectReExports(entry: object, packages: Record<string, object>): void {
  const expected = new Map<string, unknown>();
  for (const [name, module] of Object.entries(packages)) {
    for (const [key, value] of Object.entries(module)) {
      expect(expected.has(key), `${key} is exported twice (again by ${name})`).toBe(false);
      expected.set(key, value);
    }
  }
  expect(Object.keys(entry).sort()).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) expect((entry as Record<string, unknown>)[key], key).toBe(value);
}

describe('mimo-agents', () => {
  it('re-exports all of core, tools and runner from its root, without a name lost to a collision', () => {
    expectReExports(root, { core, tools, runner });
    expect(Object.keys(root).length).toBeGreaterThan(40);
  });

  it('re-exports the test server as mimo-agents/testing and durable runs as mimo-agents/jobs', () => {
    expectReExports(testingEntry, { testing });
    expectReExports(jobsEntry, { jobs });
  });
});
