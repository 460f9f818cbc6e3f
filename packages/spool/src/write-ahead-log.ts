// The on-disk write-ahead log under the spool: numbered segment files of checksummed frames
// (internal/frame.ts), an acknowledgement file, and a lock file.
//
//   <directory>/lock                     pid of the process that owns the directory
//   <directory>/ack                      {"segment":N,"offset":M}: everything before is acknowledged
//   <directory>/0000000000000007.seg     segments; every process start writes to a new one
//
// Appends are synchronous (writeSync at the end of the current segment, fdatasync per append with
// fsync `always`, else every N ms in the background), so a record is in the kernel before the
// call returns and survives the process being killed. Reads are asynchronous and follow the
// appends. Segments are deleted once everything in them is acknowledged.
import { diag } from '@opentelemetry/api';
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SpoolError } from './errors.js';
import { FRAME_HEADER_BYTES, MAX_FRAME_PAYLOAD_BYTES, encodeFrames, parseFrames } from './internal/frame.js';
import type { FrameInput, FrameKind } from './internal/frame.js';

/** `always`: fdatasync before every append returns; a number: fdatasync every that many ms. */
export type FsyncPolicy = 'always' | number;

/** Default disk cap of a spool: 256 MiB. */
export const DEFAULT_SPOOL_MAX_BYTES = 256 * 1024 * 1024;
/** Default fsync interval in ms. */
export const DEFAULT_SPOOL_FSYNC_INTERVAL_MS = 200;
/** Smallest accepted cap. */
export const MIN_SPOOL_MAX_BYTES = 16 * 1024;

const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 1024;
const DEFAULT_MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
const DEFAULT_MIN_SEGMENT_BYTES = 4 * 1024;
// Enough for the largest frame, so a window that starts at a frame always holds all of it.
const READ_WINDOW_BYTES = 2 * (MAX_FRAME_PAYLOAD_BYTES + FRAME_HEADER_BYTES);
const PROBE_BYTES = 4096;
const MIN_FREE_BYTES = 1024 * 1024;
const SEGMENT_NAME = /^(\d{16})\.seg$/;
const LOCK_FILE = 'lock';
const ACK_FILE = 'ack';

// Directories opened by this process: the pid in the lock file cannot tell two spools of one
// process apart. On globalThis, so that the CommonJS and ESM copies of this package share it.
const OPEN_DIRECTORIES = Symbol.for('secotel.spool.open-directories.v1');
const openDirectories: Set<string> = ((globalThis as unknown as Record<symbol, Set<string> | undefined>)[OPEN_DIRECTORIES] ??= new Set<string>());

/** Options of {@link WriteAheadLog.open}. */
export interface WriteAheadLogOptions {
  /** The directory; created if missing. One process per directory. */
  directory: string;
  /** Disk cap in bytes (all segments together). Default 256 MiB, at least 16 KiB. */
  maxBytes?: number;
  /** A segment is closed and a new one started past this size. Default: an eighth of `maxBytes`, between 4 KiB and 16 MiB. */
  segmentBytes?: number;
  /** Default 200 (ms). */
  fsync?: FsyncPolicy;
}

/** A place in the log: a segment number and a byte offset in it. */
export interface WalPosition {
  readonly segment: number;
  readonly offset: number;
}

/** `ok`: written; `full`: refused because of the cap; `failed`: the write failed (see `lastError`). */
export type AppendResult = 'ok' | 'full' | 'failed';

/** A frame read back. */
export interface WalEntry {
  readonly kind: FrameKind;
  readonly payload: Buffer;
  readonly segment: number;
  readonly offset: number;
  /** Written by an earlier process (replay), not by this one. */
  readonly previousRun: boolean;
}

/** Bytes of a segment that held no valid frame, skipped by the reader. */
export interface WalDamage {
  readonly segment: number;
  readonly offset: number;
  readonly length: number;
  /** An incomplete frame at the end of a segment: a write cut short by a crash. */
  readonly torn: boolean;
}

/** What {@link WriteAheadLog.read} returns. */
export interface WalReadResult {
  /** Frames in log order; meta frames of a segment come before the records that use them. */
  readonly entries: WalEntry[];
  /** Number of record entries. */
  readonly records: number;
  readonly damaged: WalDamage[];
  /** Position after the last entry read: acknowledge it once the records are delivered. */
  readonly end: WalPosition;
}

interface Segment {
  readonly id: number;
  size: number;
  closed: boolean;
  readonly previousRun: boolean;
}

/** Orders positions: negative when `a` comes first. */
export function comparePositions(a: WalPosition, b: WalPosition): number {
  return a.segment !== b.segment ? a.segment - b.segment : a.offset - b.offset;
}

function segmentFileName(id: number): string {
  return `${String(id).padStart(16, '0')}.seg`;
}

function errorCode(error: unknown): string {
  return typeof (error as NodeJS.ErrnoException)?.code === 'string' ? String((error as NodeJS.ErrnoException).code) : 'UNKNOWN';
}

/** `EACCES: permission denied, open '...'`: the code once, then what failed. */
function describe(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(code) ? message : `${code}: ${message}`;
}

function uidHint(): string {
  return typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '';
}

function unusable(directory: string, error: unknown, maxBytes: number): SpoolError {
  const code = errorCode(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SpoolError(
      'SECOTEL_ERR_SPOOL_NO_SPACE',
      directory,
      `The spool directory ${directory} is on a full file system (${describe(error)}). ` +
        `Free space there (the spool may use up to ${maxBytes} bytes, SECOTEL_SPOOL_MAX_BYTES) or point SECOTEL_SPOOL_DIR at another file system.`,
      { cause: error },
    );
  }
  return new SpoolError(
    'SECOTEL_ERR_SPOOL_UNWRITABLE',
    directory,
    `The spool directory ${directory} cannot be used (${describe(error)}). ` +
      `Make it a directory this process${uidHint()} can create and write files in, on a writable file system, or point SECOTEL_SPOOL_DIR elsewhere.`,
    { cause: error },
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function positiveNumber(directory: string, name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new SpoolError('SECOTEL_ERR_SPOOL_OPTION', directory, `Spool option ${name} must be a number from ${min} to ${max}, got ${String(value)}.`);
  }
  return Math.floor(value);
}

/** Makes a new directory entry durable (Linux, macOS); a no-op where directories cannot be opened. */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Windows and some file systems do not support it; the data itself is still synced.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function acquireLock(directory: string, maxBytes: number): void {
  const path = join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw unusable(directory, error, maxBytes);
    }
    let owner = Number.NaN;
    try {
      owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    } catch {
      // Unreadable or vanished: treat as stale.
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new SpoolError(
        'SECOTEL_ERR_SPOOL_LOCKED',
        directory,
        `The spool directory ${directory} is in use by process ${owner}. Every process needs its own spool directory: ` +
          'give each instance (cluster worker, replica) a distinct SECOTEL_SPOOL_DIR.',
      );
    }
    // Left behind by a process that is gone (killed, crashed): take over.
    try {
      unlinkSync(path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw unusable(directory, error, maxBytes);
    }
  }
  throw new SpoolError('SECOTEL_ERR_SPOOL_LOCKED', directory, `Could not take the lock of the spool directory ${directory}; another process keeps taking it. Give each process its own SECOTEL_SPOOL_DIR.`);
}

function releaseLock(directory: string): void {
  const path = join(directory, LOCK_FILE);
  try {
    if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/** Finds out now, rather than at the first security event, that the directory cannot take writes. */
function probe(directory: string, maxBytes: number): void {
  const path = join(directory, 'probe.tmp');
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeSync(fd, Buffer.alloc(PROBE_BYTES));
    fdatasyncSync(fd);
  } catch (error) {
    throw unusable(directory, error, maxBytes);
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // Nothing to clean up.
    }
  }
  let free: number | undefined;
  try {
    const stats = statfsSync(directory);
    free = stats.bavail * stats.bsize;
  } catch {
    // statfs is not available everywhere; the probe write is the real test.
  }
  if (free === undefined) return;
  if (free < Math.min(MIN_FREE_BYTES, maxBytes)) {
    const error = Object.assign(new Error(`only ${free} bytes free`), { code: 'ENOSPC' });
    throw unusable(directory, error, maxBytes);
  }
  if (free < maxBytes) {
    diag.warn(
      `secotel: the spool directory ${directory} has ${free} bytes free, less than its cap of ${maxBytes} bytes; ` +
        'security events will be dropped (and counted) if the disk fills before the cap is reached.',
    );
  }
}

function readAck(directory: string): WalPosition | undefined {
  try {
    const value = JSON.parse(readFileSync(join(directory, ACK_FILE), 'utf8')) as { segment?: unknown; offset?: unknown };
    if (Number.isSafeInteger(value.segment) && Number.isSafeInteger(value.offset) && (value.segment as number) >= 0 && (value.offset as number) >= 0) {
      return { segment: value.segment as number, offset: value.offset as number };
    }
  } catch {
    // Missing or damaged (a crash during the rename): replay from the oldest segment, at least once.
  }
  return undefined;
}

/**
 * A segmented, checksummed write-ahead log in one directory, with a disk cap. Used by
 * {@link SpoolingLogRecordProcessor}; exported for tools and tests.
 *
 * Appends are synchronous and never throw; reads and acknowledgements are asynchronous and are
 * meant for one consumer at a time.
 */
export class WriteAheadLog {
  readonly directory: string;
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly fsync: FsyncPolicy;
  /** The error of the last append that returned `failed`. */
  lastError: unknown;

  private readonly segments = new Map<number, Segment>();
  private current: Segment;
  private fd: number;
  private used = 0;
  private appended = 0;
  private reader: { segment: number; offset: number };
  private skipBefore: WalPosition | undefined;
  private acked: WalPosition;
  private cache: { segment: number; start: number; buf: Buffer } | undefined;
  private dirty = false;
  private syncing: Promise<void> | undefined;
  private readonly retiredFds: number[] = [];
  private readonly timer: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * Opens (creating if needed) the log in `options.directory`, takes its lock, checks that it can
   * be written, and starts a new segment. Throws {@link SpoolError} when the directory cannot be
   * used.
   */
  static open(options: WriteAheadLogOptions): WriteAheadLog {
    return new WriteAheadLog(options);
  }

  private constructor(options: WriteAheadLogOptions) {
    const directory = resolve(options.directory);
    this.directory = directory;
    this.maxBytes = positiveNumber(directory, 'maxBytes', options.maxBytes, DEFAULT_SPOOL_MAX_BYTES, MIN_SPOOL_MAX_BYTES);
    const defaultSegment = Math.min(DEFAULT_MAX_SEGMENT_BYTES, Math.max(DEFAULT_MIN_SEGMENT_BYTES, Math.floor(this.maxBytes / 8)));
    this.segmentBytes = positiveNumber(directory, 'segmentBytes', options.segmentBytes, defaultSegment, MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, this.maxBytes));
    const fsync = options.fsync ?? DEFAULT_SPOOL_FSYNC_INTERVAL_MS;
    this.fsync = fsync === 'always' ? 'always' : positiveNumber(directory, 'fsync', fsync, DEFAULT_SPOOL_FSYNC_INTERVAL_MS, 1, 3_600_000);

    if (openDirectories.has(directory)) {
      throw new SpoolError('SECOTEL_ERR_SPOOL_LOCKED', directory, `The spool directory ${directory} is already open in this process; give each spool its own directory.`);
    }
    try {
      mkdirSync(directory, { recursive: true });
      if (!statSync(directory).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (error) {
      throw unusable(directory, error, this.maxBytes);
    }
    acquireLock(directory, this.maxBytes);
    try {
      probe(directory, this.maxBytes);
      const ack = readAck(directory);
      let lastId = ack?.segment ?? 0;
      const ids = readdirSync(directory)
        .map((name) => SEGMENT_NAME.exec(name)?.[1])
        .filter((id): id is string => id !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      for (const id of ids) {
        lastId = Math.max(lastId, id);
        const path = join(directory, segmentFileName(id));
        if (ack !== undefined && id < ack.segment) {
          unlinkSync(path); // acknowledged, but the process ended before deleting it
          continue;
        }
        const size = statSync(path).size;
        this.segments.set(id, { id, size, closed: true, previousRun: true });
        this.used += size;
      }
      this.acked = ack ?? { segment: 0, offset: 0 };
      this.skipBefore = ack !== undefined && this.segments.has(ack.segment) ? ack : undefined;
      const id = lastId + 1;
      this.fd = openSync(join(directory, segmentFileName(id)), 'wx');
      syncDirectory(directory);
      this.current = { id, size: 0, closed: false, previousRun: false };
      this.segments.set(id, this.current);
      const first = this.segments.keys().next().value ?? id;
      this.reader = { segment: first, offset: 0 };
    } catch (error) {
      releaseLock(directory);
      throw error instanceof SpoolError ? error : unusable(directory, error, this.maxBytes);
    }
    openDirectories.add(directory);
    if (this.fsync !== 'always') {
      this.timer = setInterval(() => this.syncInBackground(), this.fsync);
      this.timer.unref();
    }
  }

  /** Bytes on disk in segments, acknowledged or not, counted against `maxBytes`. */
  get usedBytes(): number {
    return this.used;
  }

  /** Record frames appended by this process. */
  get appendedRecords(): number {
    return this.appended;
  }

  /** The end of the log: where the next append goes. */
  get writePosition(): WalPosition {
    return { segment: this.current.id, offset: this.current.size };
  }

  /** Everything before this position has been acknowledged. */
  get ackedPosition(): WalPosition {
    return this.acked;
  }

  /** True when there are bytes the reader has not read yet. */
  hasUnread(): boolean {
    return comparePositions(this.reader, this.writePosition) < 0;
  }

  /**
   * The segment an append of about `bytes` bytes will go to, starting a new segment first if the
   * current one would grow past `segmentBytes`. Call it before composing frames that depend on
   * the segment (meta frames are written once per segment).
   */
  segmentFor(bytes: number): number {
    if (!this.closed && this.current.size > 0 && this.current.size + bytes > this.segmentBytes) this.rotate();
    return this.current.id;
  }

  /** Appends frames in one write. Synchronous; never throws. */
  append(frames: readonly FrameInput[]): AppendResult {
    if (this.closed) {
      this.lastError = new Error(`the spool at ${this.directory} is closed`);
      return 'failed';
    }
    let records = 0;
    for (const frame of frames) {
      if (frame.payload.length > MAX_FRAME_PAYLOAD_BYTES) {
        this.lastError = new Error(`a record of ${frame.payload.length} bytes exceeds the limit of ${MAX_FRAME_PAYLOAD_BYTES} bytes`);
        return 'failed';
      }
      if (frame.kind === 'record') records++;
    }
    const buf = encodeFrames(frames);
    if (this.used + buf.length > this.maxBytes) return 'full';
    const segment = this.current;
    try {
      let written = 0;
      while (written < buf.length) written += writeSync(this.fd, buf, written, buf.length - written, segment.size + written);
    } catch (error) {
      this.lastError = error;
      try {
        // Keep the segment a clean sequence of frames.
        ftruncateSync(this.fd, segment.size);
      } catch {
        // The reader stops at segment.size in this process; a later one skips the damage.
      }
      return 'failed';
    }
    segment.size += buf.length;
    this.used += buf.length;
    this.appended += records;
    if (this.fsync === 'always') {
      try {
        fdatasyncSync(this.fd);
      } catch (error) {
        // The bytes may still reach the disk: reporting a loss that did not happen is the safe side.
        this.lastError = error;
        return 'failed';
      }
    } else {
      this.dirty = true;
    }
    return 'ok';
  }

  /** Flushes appended data to the disk now. */
  sync(): void {
    if (this.closed || !this.dirty) return;
    this.dirty = false;
    try {
      fdatasyncSync(this.fd);
    } catch (error) {
      diag.warn(`secotel: fdatasync of the spool at ${this.directory} failed`, error);
    }
  }

  /**
   * Reads up to `maxRecords` records (and the meta frames before them) from where the last read
   * ended. The first read after open starts at the oldest unacknowledged record and replays meta
   * frames before it. Damaged bytes are skipped and reported, never thrown.
   */
  async read(maxRecords: number): Promise<WalReadResult> {
    const entries: WalEntry[] = [];
    const damaged: WalDamage[] = [];
    let records = 0;
    while (records < maxRecords && !this.closed) {
      const segment = this.segments.get(this.reader.segment);
      if (segment === undefined) {
        if (!this.advanceReader()) break;
        continue;
      }
      const from = this.reader.offset;
      const limit = segment.size;
      if (from >= limit) {
        if (segment.closed && this.advanceReader()) continue;
        break;
      }
      const { buf, cached } = await this.window(segment, from, limit);
      if (buf.length === 0) break; // the file is shorter than we thought: nothing more to read here
      const final = segment.closed && from + buf.length >= limit;
      let parsed = parseFrames(buf, maxRecords - records, final);
      if (parsed.consumed === 0) {
        if (cached) {
          this.cache = undefined;
          continue;
        }
        // A frame that should have fitted in a fresh window did not: its header is damaged.
        parsed = parseFrames(buf, maxRecords - records, true);
      }
      const skip = this.skipBefore !== undefined && this.skipBefore.segment === segment.id ? this.skipBefore.offset : -1;
      for (const frame of parsed.frames) {
        const offset = from + frame.offset;
        if (frame.kind === 'record') {
          if (offset < skip) continue;
          records++;
        }
        entries.push({ kind: frame.kind, payload: frame.payload, segment: segment.id, offset, previousRun: segment.previousRun });
      }
      for (const range of parsed.damaged) damaged.push({ segment: segment.id, offset: from + range.offset, length: range.length, torn: range.torn });
      this.reader.offset = from + parsed.consumed;
    }
    // Step past finished segments, so that acknowledging `end` lets them be deleted.
    for (;;) {
      const segment = this.segments.get(this.reader.segment);
      if (segment !== undefined && (this.reader.offset < segment.size || !segment.closed)) break;
      if (!this.advanceReader()) break;
    }
    return { entries, records, damaged, end: { ...this.reader } };
  }

  /**
   * Counts the records written by earlier processes that are not acknowledged yet (what will be
   * replayed). Reads those segments once; meant to be called once, after open.
   */
  async countPreviousRun(): Promise<number> {
    let count = 0;
    for (const segment of [...this.segments.values()]) {
      if (!segment.previousRun) continue;
      let buf: Buffer;
      try {
        buf = await readFile(join(this.directory, segmentFileName(segment.id)));
      } catch {
        continue;
      }
      const skip = this.skipBefore !== undefined && this.skipBefore.segment === segment.id ? this.skipBefore.offset : -1;
      for (const frame of parseFrames(buf, Number.POSITIVE_INFINITY, true).frames) {
        if (frame.kind === 'record' && frame.offset >= skip) count++;
      }
    }
    return count;
  }

  /**
   * Records that everything before `position` has been delivered: persists it and deletes the
   * segments that hold nothing else.
   */
  async acknowledge(position: WalPosition): Promise<void> {
    if (this.closed || comparePositions(position, this.acked) <= 0) return;
    this.acked = { segment: position.segment, offset: position.offset };
    const tmp = join(this.directory, `${ACK_FILE}.tmp`);
    // Written and renamed without fsync: losing it to a power cut only means sending again.
    await writeFile(tmp, JSON.stringify(this.acked));
    await rename(tmp, join(this.directory, ACK_FILE));
    for (const segment of [...this.segments.values()]) {
      if (segment.id >= position.segment || !segment.closed) continue;
      try {
        await unlink(join(this.directory, segmentFileName(segment.id)));
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') {
          diag.warn(`secotel: could not delete the delivered spool segment ${segmentFileName(segment.id)} in ${this.directory}`, error);
          continue;
        }
      }
      this.segments.delete(segment.id);
      this.used -= segment.size;
      if (this.cache?.segment === segment.id) this.cache = undefined;
    }
  }

  /** Syncs, closes the files and releases the directory. Appends after this return `failed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    if (this.syncing !== undefined) await this.syncing;
    try {
      if (this.dirty) fdatasyncSync(this.fd);
    } catch (error) {
      diag.warn(`secotel: fdatasync of the spool at ${this.directory} failed`, error);
    }
    closeSync(this.fd);
    for (const fd of this.retiredFds.splice(0)) closeSync(fd);
    this.cache = undefined;
    if (this.current.size === 0 || comparePositions(this.acked, this.writePosition) >= 0) {
      // Empty, or everything delivered: leave no segment to re-read at the next start.
      try {
        unlinkSync(join(this.directory, segmentFileName(this.current.id)));
      } catch {
        // Harmless: the next start skips what is acknowledged.
      }
    }
    releaseLock(this.directory);
    openDirectories.delete(this.directory);
  }

  private advanceReader(): boolean {
    let next: number | undefined;
    for (const id of this.segments.keys()) if (id > this.reader.segment && (next === undefined || id < next)) next = id;
    if (next === undefined) return false;
    if (this.skipBefore !== undefined && this.skipBefore.segment < next) this.skipBefore = undefined;
    this.reader = { segment: next, offset: 0 };
    return true;
  }

  private async window(segment: Segment, from: number, limit: number): Promise<{ buf: Buffer; cached: boolean }> {
    const cache = this.cache;
    if (cache !== undefined && cache.segment === segment.id && from >= cache.start && from < cache.start + cache.buf.length) {
      return { buf: cache.buf.subarray(from - cache.start, Math.min(cache.buf.length, limit - cache.start)), cached: true };
    }
    const length = Math.min(limit - from, READ_WINDOW_BYTES);
    const buf = Buffer.allocUnsafe(length);
    let read = 0;
    const handle = await open(join(this.directory, segmentFileName(segment.id)), 'r');
    try {
      while (read < length) {
        const { bytesRead } = await handle.read(buf, read, length - read, from + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
    } finally {
      await handle.close();
    }
    const filled = buf.subarray(0, read);
    this.cache = { segment: segment.id, start: from, buf: filled };
    return { buf: filled, cached: false };
  }

  private rotate(): void {
    const old = this.current;
    const id = old.id + 1;
    let fd: number;
    try {
      fd = openSync(join(this.directory, segmentFileName(id)), 'wx');
    } catch (error) {
      // Keep appending to the current segment; it only grows past segmentBytes.
      diag.warn(`secotel: could not start a new spool segment in ${this.directory}`, error);
      return;
    }
    syncDirectory(this.directory);
    try {
      if (this.dirty) fdatasyncSync(this.fd);
    } catch (error) {
      diag.warn(`secotel: fdatasync of the spool at ${this.directory} failed`, error);
    }
    this.dirty = false;
    // A background fdatasync may still be using the old descriptor: close it when that ends.
    if (this.syncing !== undefined) this.retiredFds.push(this.fd);
    else closeSync(this.fd);
    old.closed = true;
    this.fd = fd;
    this.current = { id, size: 0, closed: false, previousRun: false };
    this.segments.set(id, this.current);
  }

  private syncInBackground(): void {
    if (!this.dirty || this.syncing !== undefined || this.closed) return;
    this.dirty = false;
    const fd = this.fd;
    this.syncing = new Promise<void>((done) => {
      fdatasync(fd, (error) => {
        if (error) diag.warn(`secotel: fdatasync of the spool at ${this.directory} failed`, error);
        this.syncing = undefined;
        for (const retired of this.retiredFds.splice(0)) closeSync(retired);
        done();
      });
    });
  }
}
