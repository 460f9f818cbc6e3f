import type { Readable } from 'node:stream';

/** Longest line read (bytes); a collector batch of thousands of records stays far below it. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** One line of input, or the reason it could not be read whole. */
export type InputLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly tooLong: true };

/**
 * Splits a byte stream into lines (LF or CRLF), without holding more than one line in memory and
 * never more than {@link MAX_LINE_BYTES} of it. Blank lines are skipped but counted.
 */
export async function* readLines(input: Readable, maxLineBytes: number = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  function* finish(): Generator<InputLine> {
    line++;
    if (tooLong) {
      yield { line, tooLong: true };
    } else {
      const text = Buffer.concat(pending, pendingBytes).toString('utf8').replace(/\r$/, '');
      if (text.trim() !== '') yield { line, text };
    }
    pending = [];
    pendingBytes = 0;
    tooLong = false;
  }
  for await (const chunk of input) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    for (let newline = buffer.indexOf(0x0a); newline >= 0; newline = buffer.indexOf(0x0a)) {
      if (!tooLong) {
        pending.push(buffer.subarray(0, newline));
        pendingBytes += newline;
        if (pendingBytes > maxLineBytes) tooLong = true;
      }
      yield* finish();
      buffer = buffer.subarray(newline + 1);
    }
    if (!tooLong && buffer.length > 0) {
      pending.push(buffer);
      pendingBytes += buffer.length;
      if (pendingBytes > maxLineBytes) {
        tooLong = true;
        pending = [];
      }
    }
  }
  if (pendingBytes > 0 || tooLong) yield* finish();
}
