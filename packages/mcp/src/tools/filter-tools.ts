import type { McpToolFilter } from '../connection/mcp-server-options.js';

/** True when the tool passes the filter (allow list first, then deny list, or the predicate). */
export function passesFilter(
  filter: McpToolFilter | undefined,
  tool: { name: string; description: string },
): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(tool);
  if (filter.allow !== undefined && !filter.allow.includes(tool.name)) return false;
  return !(filter.deny ?? []).includes(tool.name);
}
