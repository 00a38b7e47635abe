import { MimoError } from '@mimo-agents/core';
import type { SchemaCheck } from '@mimo-agents/tools';
import type { RunResult } from '../run-result.js';

/** One problem with a structured answer: the value path (`items[0].name`, `(root)`) and what is wrong. */
export type OutputIssue = Extract<SchemaCheck<unknown>, { ok: false }>['issues'][number];

/** Fields of `StructuredOutputError`. */
export interface StructuredOutputErrorFields {
  /** The last answer's text, as the model sent it. */
  rawText: string;
  /** What was wrong with it, by path. */
  issues: OutputIssue[];
  /** Repair turns sent before giving up. */
  repairs: number;
  /** The best object read from `rawText` (tolerant parse), if any. */
  partialOutput: unknown;
  /** Everything done so far; `partialResult.history` holds every answer and repair request. */
  partialResult: RunResult<unknown>;
}

/** The model's final answer did not fit the agent's `output` schema, and every repair turn was used. */
export class StructuredOutputError extends MimoError {
  /** The last answer's text, as the model sent it. */
  readonly rawText: string;
  /** What was wrong with the last answer, by path. */
  readonly issues: OutputIssue[];
  /** Repair turns sent before giving up. */
  readonly repairs: number;
  /** The best object read from `rawText`, if any. */
  readonly partialOutput: unknown;
  /** Everything done so far. */
  readonly partialResult: RunResult<unknown>;

  constructor(fields: StructuredOutputErrorFields, options: { cause?: unknown } = {}) {
    const list = fields.issues
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    super(
      'structured_output_invalid',
      `The final answer did not match agent.output after ${fields.repairs} repair turn(s) (${list}). ` +
        'Fix: raise maxOutputRepairs, simplify the schema or describe its fields in the instructions; ' +
        'error.rawText holds the last answer.',
      options,
    );
    this.rawText = fields.rawText;
    this.issues = fields.issues;
    this.repairs = fields.repairs;
    this.partialOutput = fields.partialOutput;
    this.partialResult = fields.partialResult;
  }
}
