import { ConfigError } from '@mimo-agents/core';
import type { RunSource } from '../source/run-source.js';
import type { ApprovalSubmitter } from './queue-approvals.js';

/** Options of `startInspector`. */
export interface InspectorOptions {
  /** Where the runs come from (`createFileRunSource` or `createRedisRunSource`). */
  source: RunSource;
  /** TCP port; 0 picks a free one. Default 4173. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`; anything else needs `token`. */
  host?: string;
  /** Access token required on every request (`?token=`, a cookie set from it, or `Authorization: Bearer`). */
  token?: string;
  /** Show texts, reasoning, arguments, outputs and history. Default true. */
  showContent?: boolean;
  /** Extra strings never to show (besides the API keys core's redaction recognises). */
  secrets?: readonly string[];
  /** How often the store is re-read for changes, in ms. Default 1000. */
  pollIntervalMs?: number;
  /** Most live-update (SSE) connections at once; more are refused with 503. Default 32. */
  maxLiveClients?: number;
  /** Rows per page of the runs list. Default 50 (at most 500). */
  pageSize?: number;
  /** Where Approve / Reject send decisions (`createQueueApprovals`); without it the buttons are not shown. Closed with the inspector. */
  approvals?: ApprovalSubmitter;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Checks the options that could expose runs: a non-loopback host needs a token. */
export function checkInspectorOptions(options: InspectorOptions): void {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && (options.token === undefined || options.token.length < 16)) {
    throw new ConfigError({
      field: 'host',
      problem: `${host} is not loopback and no access token of at least 16 characters was given`,
      fix: 'pass --token <a long random string> (or keep the default host 127.0.0.1)',
    });
  }
  const positive = (field: keyof InspectorOptions, value: number | undefined) => {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new ConfigError({ field, problem: `got ${value}`, fix: `give ${field} as a positive integer` });
    }
  };
  positive('pollIntervalMs', options.pollIntervalMs);
  positive('maxLiveClients', options.maxLiveClients);
  positive('pageSize', options.pageSize);
  if (options.pageSize !== undefined && options.pageSize > 500) {
    throw new ConfigError({
      field: 'pageSize',
      problem: `got ${options.pageSize}`,
      fix: 'use at most 500 rows per page',
    });
  }
}
