// Verdicts on values a service sees over and over: the same user agent, Accept, Accept-Language,
// cookie header of a session and route path arrive on request after request. Scanning one is
// deterministic (same value, same source, same detector options: same findings), so a detector
// remembers what each such value gave and replays it. Bounded in entries and in value length;
// dropped whole when full, so a flood of distinct values costs a rescan, never memory.
import type { Rule } from '../types.js';

/** One finding as the scan of a value produced it. */
export interface CachedFinding {
  readonly rule: Rule;
  readonly location: string;
  readonly fragment: string;
}

/** The verdict of a value that gave no finding (shared, frozen). */
export const NO_CACHED_FINDINGS: readonly CachedFinding[] = Object.freeze([]);

/** The values of one group, and the one looked up last. */
interface Group<V> {
  readonly values: Map<string, V>;
  /**
   * The requests of one keep-alive connection arrive in a row with the same user agent and
   * cookie header: comparing with the last value is cheaper than hashing a fresh string.
   */
  last: string | undefined;
  lastVerdict: V | undefined;
}

/** Verdicts (by default, the findings a value gave) by group and value. */
export class VerdictCache<V = readonly CachedFinding[]> {
  /** Values by group (a header name; one group for caches of a single kind), so a lookup builds no composite key. */
  private readonly groups = new Map<string, Group<V>>();
  private entries = 0;
  private readonly maxEntries: number;
  /** Longer values are not remembered: they rarely repeat and would hold memory. */
  readonly maxValueLength: number;

  constructor(maxEntries: number, maxValueLength: number) {
    this.maxEntries = maxEntries;
    this.maxValueLength = maxValueLength;
  }

  get(group: string, value: string): V | undefined {
    const g = this.groups.get(group);
    if (g === undefined) return undefined;
    if (value === g.last) return g.lastVerdict;
    const found = g.values.get(value);
    if (found !== undefined) {
      g.last = value;
      g.lastVerdict = found;
    }
    return found;
  }

  set(group: string, value: string, verdict: V): void {
    if (value.length > this.maxValueLength) return;
    if (this.entries >= this.maxEntries) {
      this.groups.clear();
      this.entries = 0;
    }
    let g = this.groups.get(group);
    if (g === undefined) {
      g = { values: new Map(), last: undefined, lastVerdict: undefined };
      this.groups.set(group, g);
    }
    if (!g.values.has(value)) this.entries++;
    g.values.set(value, verdict);
    g.last = value;
    g.lastVerdict = verdict;
  }
}
