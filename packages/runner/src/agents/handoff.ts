import type { InputItem } from '@mimo-agents/core';
import { type AnyTool, type OutputSpec, rawTool } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';

/** Decides what the target agent of a handoff sees: it gets the run's history, returns the items to send. */
export type HandoffInputFilter = (history: readonly InputItem[]) => InputItem[];

/** A handoff target with its transfer tool's name and description (see `handoff()`). */
export interface Handoff {
  readonly kind: 'handoff';
  readonly agent: Agent<OutputSpec | undefined>;
  /** The transfer tool's name (default `transfer_to_<agent name>`). */
  readonly toolName: string;
  /** The transfer tool's description, for the model. */
  readonly description: string;
  /** Applied to the history of every request the target makes; default: the whole history. */
  readonly inputFilter?: HandoffInputFilter;
}

/** Options of `handoff()`. */
export interface HandoffOptions {
  toolName?: string;
  description?: string;
  inputFilter?: HandoffInputFilter;
}

/**
 * A handoff target for `agent.handoffs` with a custom transfer tool or an input filter (a plain agent
 * in `handoffs` gets the defaults).
 * @example
 * const triage: Agent = { name: 'triage', model, handoffs: [handoff(billing, { inputFilter: (h) => h.slice(-4) })] };
 */
export function handoff(agent: Agent<OutputSpec | undefined>, options: HandoffOptions = {}): Handoff {
  const target: Handoff = {
    kind: 'handoff',
    agent,
    toolName: options.toolName ?? `transfer_to_${agent.name.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64),
    description:
      options.description ??
      `Hand the conversation to the ${agent.name} agent, which answers from here on. Call it alone, with no other tool.`,
  };
  return options.inputFilter === undefined ? target : { ...target, inputFilter: options.inputFilter };
}

/** An agent's handoffs, plain agents turned into `Handoff`s with the defaults. */
export function handoffsOf(agent: Agent<OutputSpec | undefined>): Handoff[] {
  return (agent.handoffs ?? []).map((entry) =>
    'kind' in entry && entry.kind === 'handoff' ? entry : handoff(entry as Agent<OutputSpec | undefined>),
  );
}

/** The transfer tools an agent declares, one per handoff target. */
export function handoffTools(agent: Agent<OutputSpec | undefined>): AnyTool[] {
  return handoffsOf(agent).map((target) =>
    rawTool({
      name: target.toolName,
      description: target.description,
      jsonSchema: { type: 'object', properties: {}, additionalProperties: false },
      execute: () => `Transferred to ${target.agent.name}: it answers from here on.`,
    }),
  );
}

/** The handoff an agent's transfer tool `toolName` leads to. */
export function findHandoff(agent: Agent<OutputSpec | undefined>, toolName: string): Handoff | undefined {
  return handoffsOf(agent).find((target) => target.toolName === toolName);
}

/**
 * The agent named `name` reachable from `root` through handoffs (`root` itself included), and the
 * handoff that reached it: how a resumed run finds the agent it had handed off to.
 */
export function findAgentByName(
  root: Agent<OutputSpec | undefined>,
  name: string,
): { agent: Agent<OutputSpec | undefined>; via?: Handoff } | undefined {
  if (root.name === name) return { agent: root };
  const seen = new Set<Agent<OutputSpec | undefined>>([root]);
  const queue: Handoff[] = handoffsOf(root);
  while (queue.length > 0) {
    const next = queue.shift() as Handoff;
    if (next.agent.name === name) return { agent: next.agent, via: next };
    if (seen.has(next.agent)) continue;
    seen.add(next.agent);
    queue.push(...handoffsOf(next.agent));
  }
  return undefined;
}
