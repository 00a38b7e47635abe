// docs/client.md: the stream's typed events.
import type { FunctionTool, MimoClient } from '@mimo-agents/core';

/** Shows each kind of streamed event as it arrives. */
export async function showEvents(
  client: MimoClient,
  tools: FunctionTool[],
  showThinking: (text: string) => void,
  showText: (text: string) => void,
) {
  // #region docs
  const stream = client.stream({ model: 'mimo-v2.6-pro', input: 'Weather in Paris?', tools });
  for await (const event of stream) {
    switch (event.type) {
      case 'response.reasoning_text.delta':
        showThinking(event.delta);
        break;
      case 'response.output_text.delta':
        showText(event.delta);
        break;
      case 'response.function_call_arguments.done':
        console.log(event.name, event.arguments);
        break;
      case 'unknown':
        console.debug('new event type', event.eventType);
        break;
    }
  }
  const response = await stream.finalResponse();
  // #endregion docs
  return response;
}
