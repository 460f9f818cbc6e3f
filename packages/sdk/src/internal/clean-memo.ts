/**
 * Remembers strings that redaction left unchanged, per field key (or per event name for
 * messages), so that a value seen again (the request method, a route, a user agent, a rule's
 * name, a fixed message) skips the secret scan. Only clean values are kept: a cached value is
 * returned exactly as the full scan would return it (the same redactor, unchanged), and no string
 * that held a secret stays in memory because of this.
 *
 * Bounded three ways: values longer than {@link MAX_MEMO_VALUE_LENGTH} are not kept; a key that
 * shows more than {@link MAX_MEMO_VALUES_PER_KEY} distinct clean values (user ids, addresses,
 * free text) stops being remembered for good, so high-cardinality keys cost one property read
 * afterwards; and all memos of one emitter hold at most {@link MAX_MEMO_VALUES} values.
 */

export const MAX_MEMO_VALUE_LENGTH = 256;
export const MAX_MEMO_VALUES_PER_KEY = 128;
export const MAX_MEMO_VALUES = 2048;

/** The values remembered for one key: undefined until the first, null once the key gave up. */
export type CleanMemo = Set<string> | null | undefined;

/** How many values all memos of one emitter hold. */
export interface MemoBudget {
  used: number;
}

/**
 * The memo after learning that `value` is clean (the caller checked `safe === value`). Returns
 * the memo to store back: a new Set for the first value, null when the key has too many.
 */
export function learnClean(memo: CleanMemo, value: string, budget: MemoBudget): CleanMemo {
  if (memo === null || value.length > MAX_MEMO_VALUE_LENGTH) return memo;
  if (memo !== undefined && memo.size >= MAX_MEMO_VALUES_PER_KEY) {
    budget.used -= memo.size;
    return null; // high cardinality: stop remembering this key
  }
  if (budget.used >= MAX_MEMO_VALUES) return memo;
  const set = memo ?? new Set<string>();
  set.add(value);
  budget.used++;
  return set;
}
