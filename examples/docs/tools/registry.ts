// docs/tools.md: a registry of tools.
// #region docs
import { createToolRegistry } from '@mimo-agents/tools';

const registry = createToolRegistry([getWeather, lookup]); // DuplicateToolError on a repeated name
registry.get('get_weather'); // the tool, or undefined
registry.names(); // ['get_weather', 'lookup']
registry.definitions(); // the function definitions, computed once
registry.size; // 2

// #endregion docs

export { registry };

import { getWeather } from './get-weather.js';
import { lookup } from './raw-tool.js';
