// docs/tools.md: a tool from a JSON Schema.
// #region docs
import { rawTool } from '@mimo-agents/tools';

const lookup = rawTool({
  name: 'lookup',
  description: 'Look a word up',
  jsonSchema: { type: 'object', properties: { word: { type: 'string' } }, required: ['word'] },
  execute: (args) => dictionary.get((args as { word: string }).word),
});

// #endregion docs

export { lookup };

const dictionary = new Map([['mimo', 'a small ape']]);
