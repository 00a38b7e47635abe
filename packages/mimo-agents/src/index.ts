// mimo-agents: one import for the quick start. The client and errors (core), tools (tools) and the
// agent loop (runner); the test server is `mimo-agents/testing`, durable runs `mimo-agents/jobs`.
export * from '@mimo-agents/core';
export * from '@mimo-agents/runner';
export * from '@mimo-agents/tools';
