import { MimoError } from '@mimo-agents/core';
import type { OutputIssue, StructuredOutputError } from '../output/structured-output-error.js';

/**
 * Thrown inside an `agentTool` call when the sub-agent's answer still did not fit its `output` schema
 * after its repair turns. The parent run does not fail: the call gets an error output whose text (this
 * message) tells the parent model what was wrong, by path; `cause` is the sub-run's `StructuredOutputError`.
 */
export class AgentOutputError extends MimoError {
  /** The tool's name. */
  readonly toolName: string;
  /** The sub-agent's name. */
  readonly agent: string;
  /** What was wrong with its last answer, by path. */
  readonly issues: OutputIssue[];
  /** The sub-agent's last answer, as its model sent it. */
  readonly rawText: string;

  constructor(fields: { toolName: string; agent: string; error: StructuredOutputError }) {
    const { toolName, agent, error } = fields;
    const list = error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; ');
    super(
      'agent_output_invalid',
      `the ${agent} agent's answer did not match its output schema after ${error.repairs} repair turn(s) (${list}). ` +
        `Fix: call ${toolName} again with a clearer request, or go on without its answer.`,
      { cause: error },
    );
    this.toolName = toolName;
    this.agent = agent;
    this.issues = error.issues;
    this.rawText = error.rawText;
  }
}
