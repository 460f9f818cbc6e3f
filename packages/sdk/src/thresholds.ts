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

// A slot's state for one value is a row of a Float64Array: when it was last counted (a stamp of
// the tracker's clock), when the rule last fired for it, and a ring of the times of its most
// recent events (oldest first, at most `rule.count`). One row instead of an object, an array and
// its elements per value: counting an event reads one map and one row, allocates nothing, and
// touches no other value's state.
const LAST_USED = 0;
const FIRED_AT = 1;
const RING_START = 2;
const RING_LENGTH = 3;
const RING = 4;
/** Rules that count up to this many events keep their times in the row; others in an array. */
const MAX_INLINE_COUNT = 16;
const INITIAL_ROWS = 16;
/** When the cap is exceeded, this fraction of it (the least recently used) is evicted at once. */
const EVICTION_FRACTION = 8;

/**
 * One attribute key of one rule, with its state by value: looked up with the attribute's value
 * as it is, so counting an event builds no key string. From {@link ThresholdTracker.slotsFor}.
 */
export interface ThresholdSlot {
  readonly rule: ThresholdRule;
  /** The attribute key (one of `rule.by`). */
  readonly key: string;
}

class Slot implements ThresholdSlot {
  readonly rule: ThresholdRule;
  readonly key: string;
  /** Row of each tracked value. */
  readonly rows = new Map<string, number>();
  /** Value of each row in use. */
  readonly values: (string | undefined)[] = [];
  readonly free: number[] = [];
  /** Row width: the header, plus the ring when it is inline. */
  readonly stride: number;
  readonly inline: boolean;
  data: Float64Array;
  /** Times of each row, for rules with counts above MAX_INLINE_COUNT. */
  readonly times: (number[] | undefined)[] = [];

  constructor(rule: ThresholdRule, key: string) {
    this.rule = rule;
    this.key = key;
    this.inline = rule.count <= MAX_INLINE_COUNT;
    this.stride = RING + (this.inline ? rule.count : 0);
    this.data = new Float64Array(INITIAL_ROWS * this.stride);
  }

  /** A row for `value`, its header reset. */
  allocate(value: string, stamp: number): number {
    let row = this.free.pop();
    if (row === undefined) {
      row = this.values.length;
      this.values.push(undefined);
      if ((row + 1) * this.stride > this.data.length) {
        const grown = new Float64Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
    }
    this.values[row] = value;
    this.rows.set(value, row);
    const base = row * this.stride;
    this.data[base + LAST_USED] = stamp;
    this.data[base + FIRED_AT] = Number.NEGATIVE_INFINITY;
    this.data[base + RING_START] = 0;
    this.data[base + RING_LENGTH] = 0;
    return row;
  }

  release(row: number): void {
    const value = this.values[row];
    if (value === undefined) return;
    this.rows.delete(value);
    this.values[row] = undefined;
    if (!this.inline) this.times[row] = undefined;
    this.free.push(row);
  }

  clear(): void {
    this.rows.clear();
    this.values.length = 0;
    this.free.length = 0;
    this.times.length = 0;
    this.data = new Float64Array(INITIAL_ROWS * this.stride);
  }
}

/**
 * Sliding-window counters for a set of rules with bounded memory: at most `maxKeys` (rule, key,
 * value) entries, least recently used evicted first (an eighth of the cap at once, when it is
 * exceeded), and at most `rule.count` timestamps each.
 */
export class ThresholdTracker {
  private readonly slotsByEvent = new Map<string, Slot[]>();
  private readonly slots: Slot[] = [];
  private readonly maxKeys: number;
  private count = 0;
  /** Stamps rows with the order of use (a counter, not a time). */
  private clock = 0;

  constructor(rules: readonly ThresholdRule[] = DEFAULT_THRESHOLD_RULES, maxKeys = DEFAULT_THRESHOLD_MAX_KEYS) {
    for (const rule of rules) {
      const list = this.slotsByEvent.get(rule.event) ?? [];
      for (const key of rule.by) {
        const slot = new Slot(rule, key);
        list.push(slot);
        this.slots.push(slot);
      }
      this.slotsByEvent.set(rule.event, list);
    }
    this.maxKeys = Math.max(1, maxKeys);
  }

  /** True when some rule counts events of this name (cheap pre-check for the hot path). */
  watches(event: string): boolean {
    return this.slotsByEvent.has(event);
  }

  /**
   * The (rule, key) slots that count events of this name, in rule order and `by` order; undefined
   * when no rule does. For callers that count one event with {@link hit} per slot.
   */
  slotsFor(event: string): readonly ThresholdSlot[] | undefined {
    return this.slotsByEvent.get(event);
  }

  /** Number of tracked keys (for tests and memory reports). */
  get size(): number {
    return this.count;
  }

  /**
   * Counts one event and returns the keys that reached their threshold with it. `lookup`
   * returns the event's value for an attribute key.
   */
  record(event: string, lookup: (key: string) => unknown, now = Date.now()): ThresholdHit[] {
    const slots = this.slotsByEvent.get(event);
    if (slots === undefined) return [];
    let hits: ThresholdHit[] | undefined;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as Slot;
      const raw = lookup(slot.key);
      if (raw === undefined || raw === null || raw === '') continue;
      const value = String(raw);
      if (this.hit(slot, value, now)) (hits ??= []).push({ rule: slot.rule, key: slot.key, value });
    }
    return hits ?? [];
  }

  /**
   * Counts one event whose `slot.key` attribute is `value` (not empty), `slot` from
   * {@link slotsFor} of this tracker; true when the rule fires for it now. Allocates nothing for
   * a value already tracked.
   */
  hit(slotOfRule: ThresholdSlot, value: string, now: number): boolean {
    const slot = slotOfRule as Slot;
    const stamp = ++this.clock;
    let row = slot.rows.get(value);
    if (row === undefined) {
      row = slot.allocate(value, stamp);
      if (++this.count > this.maxKeys) this.evict();
    }
    const data = slot.data;
    const base = row * slot.stride;
    data[base + LAST_USED] = stamp;
    const rule = slot.rule;
    const windowStart = now - rule.windowMs;
    let length: number;
    if (slot.inline) {
      const size = rule.count;
      let start = data[base + RING_START] as number;
      length = data[base + RING_LENGTH] as number;
      while (length > 0 && (data[base + RING + start] as number) <= windowStart) {
        start = start + 1 === size ? 0 : start + 1;
        length--;
      }
      if (length === size) {
        start = start + 1 === size ? 0 : start + 1; // the oldest makes room
        length--;
      }
      const end = start + length;
      data[base + RING + (end >= size ? end - size : end)] = now;
      length++;
      data[base + RING_START] = start;
      data[base + RING_LENGTH] = length;
    } else {
      let times = slot.times[row];
      if (times === undefined) {
        times = [];
        slot.times[row] = times;
      }
      while (times.length > 0 && (times[0] as number) <= windowStart) times.shift();
      times.push(now);
      if (times.length > rule.count) times.shift();
      length = times.length;
    }
    if (length < rule.count || now - (data[base + FIRED_AT] as number) < rule.windowMs) return false;
    data[base + FIRED_AT] = now;
    // The window starts afresh.
    if (slot.inline) data[base + RING_LENGTH] = 0;
    else (slot.times[row] as number[]).length = 0;
    return true;
  }

  /** Forgets all counters. */
  clear(): void {
    for (const slot of this.slots) slot.clear();
    this.count = 0;
  }

  /**
   * Evicts the least recently used eighth of the cap (at least one entry, never the entry just
   * counted: it has the newest stamp), so a flood of new values costs a sort per eighth.
   */
  private evict(): void {
    const stamps = new Float64Array(this.count);
    let n = 0;
    for (const slot of this.slots) {
      const data = slot.data;
      for (const row of slot.rows.values()) stamps[n++] = data[row * slot.stride + LAST_USED] as number;
    }
    stamps.sort();
    const excess = this.count - this.maxKeys;
    const evicted = Math.min(this.count - 1, Math.max(excess, Math.floor(this.maxKeys / EVICTION_FRACTION)));
    const cutoff = stamps[evicted - 1] as number;
    for (const slot of this.slots) {
      const data = slot.data;
      for (const row of slot.rows.values()) {
        if ((data[row * slot.stride + LAST_USED] as number) <= cutoff) {
          slot.release(row);
          this.count--;
        }
      }
    }
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
