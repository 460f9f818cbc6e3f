// The on-disk frame: one length-prefixed, checksummed entry of a segment file.
//
//   offset 0  'S' 'P' 'L' kind   kind is 'R' (a log record) or 'M' (metadata the records refer to)
//   offset 4  payload length     uint32 little-endian
//   offset 8  CRC-32             uint32 little-endian, over bytes 0..7 and the payload
//   offset 12 payload
//
// The magic lets a reader find the next frame after a damaged one; the CRC covers the length
// too, so a torn or bit-flipped header is caught as surely as a damaged payload.
import { crc32 } from 'node:zlib';

export const FRAME_HEADER_BYTES = 12;
/** Larger payloads are refused on write and treated as damage on read. */
export const MAX_FRAME_PAYLOAD_BYTES = 4 * 1024 * 1024;

export type FrameKind = 'record' | 'meta';

const S = 0x53;
const P = 0x50;
const L = 0x4c;
const KIND_RECORD = 0x52; // 'R'
const KIND_META = 0x4d; // 'M'
const MAGIC = Buffer.from('SPL', 'latin1');

/** A frame to write. */
export interface FrameInput {
  readonly kind: FrameKind;
  readonly payload: Uint8Array;
}

/** A frame found in a buffer; `offset` and `end` are relative to the buffer. */
export interface ParsedFrame {
  readonly kind: FrameKind;
  readonly offset: number;
  readonly end: number;
  readonly payload: Buffer;
}

/** A stretch of bytes that held no valid frame. */
export interface DamagedRange {
  readonly offset: number;
  readonly length: number;
  /** True when the range runs to the end of the input and starts with a plausible but incomplete frame: a torn write. */
  readonly torn: boolean;
}

export interface ParseResult {
  readonly frames: ParsedFrame[];
  readonly damaged: DamagedRange[];
  /** Bytes of the input that were consumed (frames and damaged ranges). */
  readonly consumed: number;
}

/** Encodes frames into one buffer, so that a single write puts them on disk together. */
export function encodeFrames(frames: readonly FrameInput[]): Buffer {
  let total = 0;
  for (const frame of frames) total += FRAME_HEADER_BYTES + frame.payload.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const frame of frames) {
    const length = frame.payload.length;
    out[at] = S;
    out[at + 1] = P;
    out[at + 2] = L;
    out[at + 3] = frame.kind === 'record' ? KIND_RECORD : KIND_META;
    out.writeUInt32LE(length, at + 4);
    out.writeUInt32LE(crc32(frame.payload, crc32(out.subarray(at, at + 8))), at + 8);
    out.set(frame.payload, at + FRAME_HEADER_BYTES);
    at += FRAME_HEADER_BYTES + length;
  }
  return out;
}

// Outcomes of checking the bytes at an offset.
const VALID = 0;
const INCOMPLETE = 1;
const INVALID = 2;
type Check = typeof VALID | typeof INCOMPLETE | typeof INVALID;

function check(buf: Buffer, at: number): Check {
  if (buf.length - at < FRAME_HEADER_BYTES) {
    // Too short for a header: a torn write if what is there matches the start of the magic.
    for (let i = at; i < Math.min(buf.length, at + 3); i++) if (buf[i] !== MAGIC[i - at]) return INVALID;
    return INCOMPLETE;
  }
  if (buf[at] !== S || buf[at + 1] !== P || buf[at + 2] !== L) return INVALID;
  const kind = buf[at + 3];
  if (kind !== KIND_RECORD && kind !== KIND_META) return INVALID;
  const length = buf.readUInt32LE(at + 4);
  if (length > MAX_FRAME_PAYLOAD_BYTES) return INVALID;
  const end = at + FRAME_HEADER_BYTES + length;
  if (end > buf.length) return INCOMPLETE;
  const expected = buf.readUInt32LE(at + 8);
  const actual = crc32(buf.subarray(at + FRAME_HEADER_BYTES, end), crc32(buf.subarray(at, at + 8)));
  return actual === expected ? VALID : INVALID;
}

/**
 * Reads frames from `buf`, at most `maxRecords` record frames (meta frames do not count).
 *
 * With `final` (the buffer ends where the file ends), an incomplete frame at the end is a torn
 * write and is reported as damaged; without it (more may follow), parsing stops before it.
 * A damaged frame is skipped by searching for the next valid one, so one bad frame costs only
 * itself.
 */
export function parseFrames(buf: Buffer, maxRecords: number, final: boolean): ParseResult {
  const frames: ParsedFrame[] = [];
  const damaged: DamagedRange[] = [];
  let at = 0;
  let records = 0;
  while (at < buf.length && records < maxRecords) {
    const state = check(buf, at);
    if (state === VALID) {
      const end = at + FRAME_HEADER_BYTES + buf.readUInt32LE(at + 4);
      const kind: FrameKind = buf[at + 3] === KIND_RECORD ? 'record' : 'meta';
      frames.push({ kind, offset: at, end, payload: buf.subarray(at + FRAME_HEADER_BYTES, end) });
      if (kind === 'record') records++;
      at = end;
      continue;
    }
    if (state === INCOMPLETE && !final) break;
    // An "incomplete" frame may also be a header whose length was damaged: look further either way.
    const next = findNextFrame(buf, at + 1, final);
    const stop = next < 0 ? buf.length : next;
    damaged.push({ offset: at, length: stop - at, torn: next < 0 && state === INCOMPLETE });
    at = stop;
  }
  return { frames, damaged, consumed: at };
}

/** Offset of the next valid frame at or after `from`, or -1. */
function findNextFrame(buf: Buffer, from: number, final: boolean): number {
  let at = from;
  for (;;) {
    at = buf.indexOf(MAGIC, at);
    if (at < 0) return -1;
    const state = check(buf, at);
    if (state === VALID || (state === INCOMPLETE && !final)) return at;
    at++;
  }
}
