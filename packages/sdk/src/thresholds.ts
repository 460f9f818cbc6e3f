import { LRUCache } from 'lru-cache';

/**
 * A rule that turns repeated events into one aggregate event, in the spirit of OWASP's
 * `authn_login_fail_max`: `count` events named `event` with the same value of one of the `by`
 * attributes within `windowMs` emit one `emit` event for that window.
 */
export interface ThresholdRule {
  /** Source event name, without the `security.` prefix (e.g. `authn_login_fail`). */
  readonly event: string;
  /** Attribute keys to count by, each on its own (e.g. `['user.id', 'client.address']`). */
  readonly by: readonly string[];
  /** Number of events that fires the rule. */
  readonly count: number;
  /** Sliding window length in milliseconds. */
  readonly windowMs: number;
  /** Event to emit when the rule fires (e.g. `authn_login_fail_max`). */
  readonly emit: string;
}

/** 5 failed logins for the same user or the same client address within 300 s. */
export const DEFAULT_THRESHOLD_RULES: readonly ThresholdRule[] = Object.freeze([
  Object.freeze({
    event: 'authn_login_fail',
    by: Object.freeze(['user.id', 'client.address']),
    count: 5,
    windowMs: 300_000,
    emit: 'authn_login_fail_max',
  }),
]);

/** Default cap on tracked keys; a flood of random client addresses evicts the oldest. */
export const DEFAULT_THRESHOLD_MAX_KEYS = 10_000;

/** One key of one rule that reached its threshold. */
export interface ThresholdHit {
  readonly rule: ThresholdRule;
  /** The attribute key that reached the threshold (one of `rule.by`). */
  readonly key: string;
  /** The value of that attribute. */
  readonly value: string;
}

interface WindowState {
  /** Timestamps of the most recent events, oldest first, at most `rule.count` of them. */
  readonly times: number[];
  /** When the rule last fired for this key; it stays quiet until a full window has passed. */
  firedAt: number;
}

/**
 * Sliding-window counters for a set of rules with bounded memory: at most `maxKeys` (rule, key,
 * value) entries, least recently used evicted first, and at most `rule.count` timestamps each.
 */
export class ThresholdTracker {
  private readonly rulesByEvent = new Map<string, ThresholdRule[]>();
  private readonly state: LRUCache<string, WindowState>;

  constructor(rules: readonly ThresholdRule[] = DEFAULT_THRESHOLD_RULES, maxKeys = DEFAULT_THRESHOLD_MAX_KEYS) {
    for (const rule of rules) {
      const list = this.rulesByEvent.get(rule.event) ?? [];
      list.push(rule);
      this.rulesByEvent.set(rule.event, list);
    }
    this.state = new LRUCache<string, WindowState>({ max: Math.max(1, maxKeys) });
  }

  /** True when some rule counts events of this name (cheap pre-check for the hot path). */
  watches(event: string): boolean {
    return this.rulesByEvent.has(event);
  }

  /** Number of tracked keys (for tests and memory reports). */
  get size(): number {
    return this.state.size;
  }

  /**
   * Counts one event and returns the keys that reached their threshold with it. `lookup`
   * returns the event's value for an attribute key.
   */
  record(event: string, lookup: (key: string) => unknown, now = Date.now()): ThresholdHit[] {
    const rules = this.rulesByEvent.get(event);
    if (rules === undefined) return [];
    let hits: ThresholdHit[] | undefined;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r] as ThresholdRule;
      for (const key of rule.by) {
        const raw = lookup(key);
        if (raw === undefined || raw === null || raw === '') continue;
        const value = String(raw);
        if (this.count(rule, `${event}\u0000${r}\u0000${key}\u0000${value}`, now)) {
          (hits ??= []).push({ rule, key, value });
        }
      }
    }
    return hits ?? [];
  }

  /** Forgets all counters. */
  clear(): void {
    this.state.clear();
  }

  private count(rule: ThresholdRule, stateKey: string, now: number): boolean {
    let entry = this.state.get(stateKey);
    if (entry === undefined) {
      entry = { times: [], firedAt: Number.NEGATIVE_INFINITY };
      this.state.set(stateKey, entry);
    }
    const times = entry.times;
    const windowStart = now - rule.windowMs;
    while (times.length > 0 && (times[0] as number) <= windowStart) times.shift();
    times.push(now);
    if (times.length > rule.count) times.shift();
    if (times.length < rule.count || now - entry.firedAt < rule.windowMs) return false;
    entry.firedAt = now;
    times.length = 0;
    return true;
  }
}

/**
 * Parses a threshold written as `COUNT/DURATION`, e.g. `20/60s`, `5/300s`, `100/1m`, `3/500ms`.
 * Returns undefined for anything else.
 */
export function parseThreshold(text: string): { count: number; windowMs: number } | undefined {
  const match = /^\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*(ms|s|m|h)?\s*$/.exec(text);
  if (match === null) return undefined;
  const count = Number(match[1]);
  const unit = match[3] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  const windowMs = Number(match[2]) * factor;
  if (count < 1 || windowMs < 1) return undefined;
  return { count, windowMs };
}
