// "Did you mean user.id?" for attribute keys that are one or two typing mistakes away from a key
// secotel knows. Runs only for keys that are not known (and the emitter caches the answer), so
// the cost stays off the hot path of correctly spelled keys.
import { KNOWN_ATTRIBUTES } from '@secotel/semconv';

/** Keys longer than this are not compared (no known key is near that long). */
const MAX_COMPARED_LENGTH = 64;

/** The keys a misspelling is compared with: every known attribute and the reserved fields. */
const CANDIDATES: readonly string[] = [...KNOWN_ATTRIBUTES, 'message', 'outcome', 'severity'];

/** True for the keys of {@link CANDIDATES}: spelled right. */
export const KNOWN_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(CANDIDATES);

/**
 * Optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions and
 * swaps of two neighbours each count 1), or `max + 1` as soon as it must exceed `max`.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length > MAX_COMPARED_LENGTH || b.length > MAX_COMPARED_LENGTH) return max + 1;
  const width = b.length + 1;
  let before = new Uint8Array(width); // row i - 2
  let previous = new Uint8Array(width); // row i - 1
  let current = new Uint8Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const cb = b.charCodeAt(j - 1);
      let cost = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) cost = Math.min(cost, (before[j - 2] as number) + 1);
      current[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    if (rowMin > max) return max + 1;
    const recycled = before;
    before = previous;
    previous = current;
    current = recycled;
  }
  return Math.min(previous[width - 1] as number, max + 1);
}

/**
 * The known key that `key` is most likely a misspelling of: at most one edit away for keys of up
 * to 9 characters, two for longer ones. Undefined for known keys, keys under `app.`, header
 * attributes (`http.request.header.*`, an open set) and keys that are not near any known key.
 */
export function suggestAttributeKey(key: string): string | undefined {
  if (KNOWN_ATTRIBUTE_KEYS.has(key) || key.startsWith('app.') || key.startsWith('http.request.header.') || key.startsWith('http.response.header.')) return undefined;
  if (key.length > MAX_COMPARED_LENGTH) return undefined;
  const max = key.length >= 10 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of CANDIDATES) {
    const distance = boundedEditDistance(key, candidate, Math.min(max, bestDistance - 1));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 1) break;
    }
  }
  return best;
}
