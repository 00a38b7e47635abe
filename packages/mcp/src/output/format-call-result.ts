import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/client';

/**
 * Turns an MCP `tools/call` result into the output string for the model: text blocks as they
 * are, `structuredContent` as JSON (unless a text block already holds the same JSON), and
 * images, audio and resources as a one-line description (MiMo's `function_call_output` is text).
 */
export function formatCallResult(result: CallToolResult): string {
  const parts = (result.content ?? []).map(describeBlock);
  if (result.structuredContent !== undefined) {
    const json = JSON.stringify(result.structuredContent);
    const same = (result.content ?? []).some((block) => block.type === 'text' && sameJson(block.text, json));
    if (!same) parts.push(json);
  }
  return parts.join('\n');
}

function describeBlock(block: ContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'image':
      return `[image: ${block.mimeType}, ${base64Bytes(block.data)} bytes, not shown]`;
    case 'audio':
      return `[audio: ${block.mimeType}, ${base64Bytes(block.data)} bytes, not played]`;
    case 'resource_link':
      return `[resource link: ${block.uri}${block.name === '' ? '' : ` (${block.name})`}${block.mimeType === undefined ? '' : `, ${block.mimeType}`}]`;
    case 'resource': {
      const { resource } = block;
      if ('text' in resource && typeof resource.text === 'string')
        return `[resource ${resource.uri}]\n${resource.text}`;
      const type = resource.mimeType === undefined ? '' : `, ${resource.mimeType}`;
      return `[resource: ${resource.uri}${type}, binary, not shown]`;
    }
    default:
      return `[${(block as { type: string }).type} content, not shown]`;
  }
}

function sameJson(text: string, json: string): boolean {
  if (text === json) return true;
  try {
    return JSON.stringify(JSON.parse(text)) === json;
  } catch {
    return false;
  }
}

function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}
