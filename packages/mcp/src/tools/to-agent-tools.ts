import { type AnyTool, rawTool, type ToolContext } from '@mimo-agents/tools';
import type { CallToolResult, Tool as McpTool } from '@modelcontextprotocol/client';
import type { ResolvedOptions } from '../connection/resolve-options.js';
import { McpError } from '../errors/mcp-error.js';
import type { ToolNameMap } from '../names/map-tool-names.js';
import { capOutput } from '../output/cap-output.js';
import { formatCallResult } from '../output/format-call-result.js';
import { passesFilter } from './filter-tools.js';

/** What `toAgentTools()` needs. */
export interface ToAgentToolsOptions {
  /** The tools as the server listed them. */
  listed: readonly McpTool[];
  /** Their function names. */
  names: ToolNameMap;
  /** The connection's options (filter, limits, callbacks). */
  options: ResolvedOptions;
  /** Calls the server with the MCP name. */
  call: (name: string, args: Record<string, unknown>, ctx: ToolContext) => Promise<CallToolResult>;
}

/**
 * Turns listed MCP tools into agent tools with `rawTool()`: the input schema made strict-safe
 * (or left non-strict with `nonStrictReason`), arguments validated before the server is called,
 * the result formatted and capped, and `isError` results thrown so they become error outputs.
 */
export function toAgentTools({ listed, names, options, call }: ToAgentToolsOptions): AnyTool[] {
  const tools: AnyTool[] = [];
  for (const mcpTool of listed) {
    const description = mcpTool.description ?? mcpTool.title ?? '';
    if (!passesFilter(options.filter, { name: mcpTool.name, description })) continue;
    const functionName = names.toFunction.get(mcpTool.name) ?? mcpTool.name;
    try {
      tools.push(
        rawTool({
          name: functionName,
          description,
          jsonSchema: { ...mcpTool.inputSchema },
          timeoutMs: options.timeoutMs,
          execute: async (args, ctx) => {
            const result = await call(mcpTool.name, (args ?? {}) as Record<string, unknown>, ctx);
            const text = capOutput(formatCallResult(result), options.maxOutputChars);
            if (result.isError === true) {
              throw new McpError({
                code: 'mcp_tool_error',
                server: options.name,
                tool: mcpTool.name,
                message: text === '' ? `MCP tool "${mcpTool.name}" reported an error without details` : text,
              });
            }
            return text;
          },
        }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.onToolSkipped?.({ name: mcpTool.name, reason });
    }
  }
  return tools;
}
