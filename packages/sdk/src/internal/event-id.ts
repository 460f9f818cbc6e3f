import { randomBytes } from 'node:crypto';

/**
 * `security.event.id` values: UUID syntax, version 4 layout (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-
 * xxxxxxxxxxxx`), but made from a per-process random prefix and a counter instead of 122 fresh
 * random bits per id, so an id costs a string concatenation instead of `randomUUID()` (which
 * refills a random pool and formats 16 bytes every time).
 *
 * - The first 74 variable bits (the first four groups, minus the version and variant bits) are
 *   random per process (`crypto.randomBytes`), drawn on first use.
 * - The last group (48 bits) is a counter that starts at a random value in [2^47, 2^47 + 2^46)
 *   and counts up, so it always has 12 hex digits and cannot run out for 2^46 ids; if it ever
 *   reached 2^48 the prefix is drawn again.
 *
 * Ids are unique within a process (the counter) and across processes as long as no two
 * processes draw the same 74-bit prefix with overlapping counter ranges (for a million
 * processes, a chance of about 10^-11). A process restored from a snapshot, or otherwise with a
 * different pid than the one that drew the prefix, draws a new one at its next block of 256.
 */

const BLOCK_BITS = 8;
const BLOCK = 1 << BLOCK_BITS; // ids per block: the last two hex digits come from a table
const COUNTER_FLOOR = 2 ** 47;
const COUNTER_START_SPAN = 2 ** 46;
const COUNTER_LIMIT = 2 ** 48;

const LOW_HEX: readonly string[] = Array.from({ length: BLOCK }, (_, i) => i.toString(16).padStart(2, '0'));

interface IdState {
  prefix: string;
  counter: number;
  /** The prefix plus the first ten digits of the last group, for the current block of 256. */
  block: string;
  blockEnd: number;
  pid: number;
}

const state: IdState = { prefix: '', counter: 0, block: '', blockEnd: 0, pid: 0 };

function seed(): void {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // variant 10xx
  const hex = bytes.toString('hex');
  state.prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
  // 2^47 + a random 46-bit offset: six random bytes, the top two bits dropped.
  const offset = bytes.readUIntBE(10, 6) % COUNTER_START_SPAN;
  state.counter = COUNTER_FLOOR + offset;
  state.pid = process.pid;
}

function nextBlock(): void {
  if (state.prefix === '' || state.counter >= COUNTER_LIMIT || process.pid !== state.pid) seed();
  const high = Math.floor(state.counter / BLOCK);
  state.block = state.prefix + high.toString(16); // ten hex digits: 2^39 <= high < 2^40
  state.blockEnd = (high + 1) * BLOCK;
}

/** A new `security.event.id`. */
export function nextEventId(): string {
  if (state.counter >= state.blockEnd) nextBlock();
  const n = state.counter++;
  return state.block + (LOW_HEX[n % BLOCK] as string);
}

/** Forgets the prefix so the next id draws a new one (for tests). */
export function resetEventIds(): void {
  state.prefix = '';
  state.blockEnd = 0;
}
