import type { Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import { METRICS } from './gen-ai-attributes.js';

/** What the three hooks share: the tracer, the instruments and the content settings. */
export interface Telemetry {
  tracer: Tracer;
  tokenUsage: Histogram;
  operationDuration: Histogram;
  toolDuration: Histogram;
  runs: Counter;
  /** Record instructions, messages, tool arguments and outputs (redacted). */
  recordContent: boolean;
  /** Most characters of one recorded content attribute. */
  maxContentLength: number;
}

/** Creates the instruments on `meter` (bucket boundaries as the conventions advise). */
export function createInstruments(
  meter: Meter,
): Pick<Telemetry, 'tokenUsage' | 'operationDuration' | 'toolDuration' | 'runs'> {
  const seconds = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
  return {
    tokenUsage: meter.createHistogram(METRICS.tokenUsage, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: {
        explicitBucketBoundaries: [
          1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
        ],
      },
    }),
    operationDuration: meter.createHistogram(METRICS.operationDuration, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: seconds },
    }),
    toolDuration: meter.createHistogram(METRICS.toolDuration, {
      description: 'Duration of one tool call execution.',
      unit: 's',
      advice: { explicitBucketBoundaries: seconds },
    }),
    runs: meter.createCounter(METRICS.runs, {
      description: 'Agent runs ended, by outcome (`mimo_agents.run.status`).',
      unit: '{run}',
    }),
  };
}
