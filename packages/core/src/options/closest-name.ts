/** Lower case without `_` and `-`, so `max_retries`, `MaxRetries` and `maxRetries` compare equal. */
function normalize(name: string): string {
  return name.toLowerCase().replaceAll(/[_-]/g, '');
}

/** The words of a name: split at `_`, `-` and camelCase humps, lower-cased. */
function words(name: string): string[] {
  return name
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter((word) => word !== '');
}

/** Whether every word of the shorter name (two words at least) occurs in the longer one: `max_tokens` in `max_output_tokens`. */
function sharesWords(a: string, b: string): boolean {
  const [short, long] = [words(a), words(b)].sort((x, y) => x.length - y.length) as [string[], string[]];
  return short.length >= 2 && short.every((word) => long.includes(word));
}

/** Edit distance (insert, delete, replace, swap of neighbours); `limit + 1` when the lengths alone differ by more than `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current: number[] = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `name` (case, `_` and `-` ignored), or `undefined` when none is near: at most
 * 2 edits, or a third of the name's length (rounded up) for longer names, or one name containing the other
 * (or all the other's words: `max_tokens` → `max_output_tokens`).
 * @example closestName('maxRetry', ['maxRetries', 'timeouts']) // 'maxRetries'
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = normalize(name);
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(2, Math.ceil(wanted.length / 3));
  for (const candidate of candidates) {
    const other = normalize(candidate);
    const contained =
      (wanted.length >= 4 && (other.includes(wanted) || wanted.includes(other))) ||
      sharesWords(name, candidate);
    const distance = contained
      ? Math.min(limit, editDistance(wanted, other, limit))
      : editDistance(wanted, other, limit);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
