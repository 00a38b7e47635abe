// docs/mcp.md: an agent with the tools of an MCP server started over stdio.
import type { MimoClient } from '@mimo-agents/core';
import { connectMcpServer } from '@mimo-agents/mcp';
import { type Agent, run } from '@mimo-agents/runner';

/** Runs one question through an agent that uses a filesystem MCP server. */
export async function askFiles(client: MimoClient, question: string): Promise<string | undefined> {
  const files = await connectMcpServer({
    name: 'files',
    transport: {
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', './docs'],
    },
  });
  try {
    const agent: Agent = {
      name: 'librarian',
      model: 'mimo-v2.6-pro',
      instructions: 'Answer from the files.',
      tools: await files.tools(), // e.g. files_read_text_file, files_list_directory
    };
    const result = await run({ client, agent, input: question });
    return result.finalOutput;
  } finally {
    await files.close(); // ends the child process
  }
}
