import type { Workload } from '../lib/scenario.js';

/** One way to run the scenario agent, set up against a server: `runOnce()` does one whole run. */
export interface Implementation {
  runOnce(): Promise<string>;
  close(): Promise<void>;
}

/** Where the scenario server is, and how many runs may be in flight at once. */
export interface ImplementationOptions {
  url: string;
  apiKey: string;
  concurrency: number;
  /** What the scripted server streams (default: the coarse workload). */
  workload?: Workload;
}

/** Builds an implementation (one client or model object, reused by every run). */
export type ImplementationFactory = (options: ImplementationOptions) => Implementation;
