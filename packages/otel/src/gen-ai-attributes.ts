/**
 * Attribute, span and metric names of the OpenTelemetry GenAI semantic conventions we follow
 * (`open-telemetry/semantic-conventions-genai`, status Development, registry as of commit e8fc575),
 * plus our own `mimo_agents.*` attributes for what the conventions do not name.
 */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  agentName: 'gen_ai.agent.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  cachedInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  reasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  tokenType: 'gen_ai.token.type',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  toolType: 'gen_ai.tool.type',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  systemInstructions: 'gen_ai.system_instructions',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
} as const;

/** Our attributes (not in the conventions): run id, turn, attempt, cost, outcome. */
export const MIMO = {
  runId: 'mimo_agents.run.id',
  runStatus: 'mimo_agents.run.status',
  runTurns: 'mimo_agents.run.turns',
  resumed: 'mimo_agents.run.resumed',
  turn: 'mimo_agents.turn',
  attempt: 'mimo_agents.attempt',
  costUsd: 'mimo_agents.cost.usd',
  toolOutcome: 'mimo_agents.tool.outcome',
  retryEvent: 'mimo_agents.request.retry',
  retryDelayMs: 'mimo_agents.retry.delay_ms',
  retryReason: 'mimo_agents.retry.reason',
} as const;

/** `gen_ai.provider.name` for Xiaomi MiMo (not in the conventions' registered list yet). */
export const PROVIDER_NAME = 'xiaomi';

/** Metric names: the conventions' two client metrics, then ours. */
export const METRICS = {
  tokenUsage: 'gen_ai.client.token.usage',
  operationDuration: 'gen_ai.client.operation.duration',
  toolDuration: 'mimo_agents.tool.duration',
  runs: 'mimo_agents.runs',
} as const;
