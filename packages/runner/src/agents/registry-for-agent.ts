import { createToolRegistry, type OutputSpec, type ToolRegistry } from '@mimo-agents/tools';
import type { Agent } from '../agent.js';
import { handoffTools } from './handoff.js';

/** A registry built for an agent, with copies of the lists it was built from. */
interface CachedRegistry {
  tools: readonly unknown[];
  handoffs: readonly unknown[];
  registry: ToolRegistry;
}

const cache = new WeakMap<Agent<OutputSpec | undefined>, CachedRegistry>();

/**
 * The registry of `agent`'s tools and transfer tools, shared by every run of the agent: built again only
 * when its `tools` or `handoffs` hold other entries than last time (an agent is plain data; a list
 * changed in place is seen). A registry is read-only, so runs cannot affect each other through it.
 */
export function registryForAgent(agent: Agent<OutputSpec | undefined>): ToolRegistry {
  const tools = agent.tools ?? [];
  const handoffs = agent.handoffs ?? [];
  const cached = cache.get(agent);
  if (cached !== undefined && sameEntries(cached.tools, tools) && sameEntries(cached.handoffs, handoffs))
    return cached.registry;
  const registry = createToolRegistry([...tools, ...handoffTools(agent)]);
  cache.set(agent, { tools: [...tools], handoffs: [...handoffs], registry });
  return registry;
}

function sameEntries(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
