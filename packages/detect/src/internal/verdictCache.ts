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

const NOTHING: readonly CachedFinding[] = Object.freeze([]);

export class VerdictCache {
  /** Values by group (a header name, the path), so a lookup builds no composite key. */
  private readonly groups = new Map<string, Map<string, readonly CachedFinding[]>>();
  private entries = 0;
  private readonly maxEntries: number;
  /** Longer values are not remembered: they rarely repeat and would hold memory. */
  readonly maxValueLength: number;

  constructor(maxEntries: number, maxValueLength: number) {
    this.maxEntries = maxEntries;
    this.maxValueLength = maxValueLength;
  }

  get(group: string, value: string): readonly CachedFinding[] | undefined {
    return this.groups.get(group)?.get(value);
  }

  set(group: string, value: string, findings: readonly CachedFinding[]): void {
    if (value.length > this.maxValueLength) return;
    if (this.entries >= this.maxEntries) {
      this.groups.clear();
      this.entries = 0;
    }
    let values = this.groups.get(group);
    if (values === undefined) {
      values = new Map();
      this.groups.set(group, values);
    }
    if (!values.has(value)) this.entries++;
    values.set(value, findings.length === 0 ? NOTHING : findings);
  }
}
