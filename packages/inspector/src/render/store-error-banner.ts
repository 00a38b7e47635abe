import { MimoError } from '@mimo-agents/core';
import { escapeHtml } from './html.js';

/** Why the store could not be read on the last refresh: a code and a message ending in a fix. */
export interface StoreError {
  code: string;
  message: string;
}

/** The banner over the runs list while the store cannot be read (empty once it can again). */
export function renderStoreErrorBanner(error: StoreError | undefined): string {
  if (error === undefined) return '';
  return `<div class="error" id="store-error" role="alert"><b>${escapeHtml(error.code)}</b><pre>${escapeHtml(error.message)}</pre></div>`;
}

/** Describes a failed refresh of the store named `label` (e.g. Redis down) as a `StoreError`. */
export function storeErrorOf(error: unknown, label: string): StoreError {
  // A source's own typed wrapper (`store_unreachable`): the page shows what Redis said.
  const inner = error instanceof MimoError && error.code === 'store_unreachable' ? error.cause : error;
  const detail = inner instanceof Error ? inner.message : String(inner);
  return {
    code: 'store_unreachable',
    message: `Could not read the store (${label}): ${detail}. The list shows what was last read and recovers by itself once the store answers. Fix: check that the store is running and reachable (for Redis: redis-cli -u <url> ping).`,
  };
}
