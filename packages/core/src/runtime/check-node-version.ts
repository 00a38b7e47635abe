import { UnsupportedRuntimeError } from '../errors/unsupported-runtime-error.js';

/** The lowest Node.js major version mimo-agents runs on (its HTTP client, undici 8, needs it). */
export const MIN_NODE_MAJOR = 22;

/**
 * Throw `UnsupportedRuntimeError` when `version` (as in `process.versions.node`, e.g. `20.20.2`
 * or `v20.20.2`) is older than Node {@link MIN_NODE_MAJOR}. Pure: the caller passes the version.
 */
export function checkNodeVersion(version: string | undefined): void {
  const major = Number.parseInt((version ?? '').replace(/^v/, ''), 10);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return;
  const found = version === undefined || version === '' ? 'not Node.js' : version.replace(/^v/, '');
  throw new UnsupportedRuntimeError({ requiredMajor: MIN_NODE_MAJOR, found });
}
