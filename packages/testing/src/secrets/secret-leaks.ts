// Test helpers for the secrets tests: render an error every way it can be printed, and look for any slice of a key.
import { inspect } from 'node:util';

/** Every way an error can be printed or shipped: String, JSON, util.inspect, stack, and the same for each cause. */
export function errorRenderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    out.push(String(current), JSON.stringify(current) ?? '', inspect(current, { depth: 20 }));
    if (current instanceof Error) {
      out.push(current.stack ?? '', current.message);
      out.push(...Object.values(current).map((value) => JSON.stringify(value) ?? ''));
      current = current.cause;
    } else current = undefined;
  }
  return out;
}

/** The secret itself and every 12-character slice of it (a cut key still leaks its first characters). */
export function secretSlices(secret: string, size = 12): string[] {
  const out = new Set<string>([secret]);
  for (let start = 0; start + size <= secret.length; start++) out.add(secret.slice(start, start + size));
  return [...out];
}

/** The first slice of `secret` found in any of `texts`, with where; `undefined` when none leaks. */
export function findSecretLeak(texts: readonly string[], secret: string): string | undefined {
  const slices = secretSlices(secret);
  for (const [index, text] of texts.entries()) {
    const slice = slices.find((candidate) => text.includes(candidate));
    if (slice !== undefined) return `text #${index} contains "${slice}": ${text.slice(0, 300)}`;
  }
  return undefined;
}
