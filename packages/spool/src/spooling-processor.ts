import { context, diag } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordExporter, LogRecordProcessor, ReadWriteLogRecord, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryCounters, isSecurityRecord } from './delivery.js';
import type { SecurityDeliveryReport, SecurityDeliveryReporter } from './delivery.js';
import { decodeMeta, decodeRecord, encodeMeta, encodeRecord } from './internal/record-codec.js';
import type { RecordMeta, RecordScope } from './internal/record-codec.js';
import { emitSpoolLossEvent } from './loss-report.js';
import type { SpoolLossReport } from './loss-report.js';
import { SPOOL_NAME, SPOOL_VERSION } from './version.js';
import { WriteAheadLog, comparePositions } from './write-ahead-log.js';
import type { AppendResult, FsyncPolicy, WalPosition, WalReadResult } from './write-ahead-log.js';

/** Options of {@link SpoolingLogRecordProcessor}. */
export interface SpoolingLogRecordProcessorOptions {
  /** The spool directory (env `SECOTEL_SPOOL_DIR`); created if missing. One process per directory. */
  directory: string;
  /** Where spooled records go, for example the OTLP logs exporter. */
  exporter: LogRecordExporter;
  /** `always`, or an interval in ms (env `SECOTEL_SPOOL_FSYNC`). Default 200. */
  fsync?: FsyncPolicy;
  /** Disk cap in bytes (env `SECOTEL_SPOOL_MAX_BYTES`). Default 256 MiB. */
  maxBytes?: number;
  /** Segment file size. Default: an eighth of `maxBytes`, between 4 KiB and 16 MiB. */
  segmentBytes?: number;
  /** Records per export. Default 512. */
  maxExportBatchSize?: number;
  /** How long to gather records before an export when fewer than a batch are waiting, in ms. Default 200. */
  scheduledDelayMillis?: number;
  /** An export that has not answered after this long counts as failed, in ms. Default 30000. */
  exportTimeoutMillis?: number;
  /** First retry delay after a failed export, in ms; doubles per failure. Default 250. */
  initialBackoffMillis?: number;
  /** Ceiling of the retry delay, in ms. Retries go on for as long as it takes. Default 5000. */
  maxBackoffMillis?: number;
  /** Bound of `forceFlush()`, in ms. Default 5000. */
  flushTimeoutMillis?: number;
  /** Bound of the export attempt in `shutdown()`, in ms; what is left stays on disk for the next start. Default 2000. */
  shutdownTimeoutMillis?: number;
  /**
   * Called once the spool can write again after it had to drop records (cap reached or write
   * failures). Default: emit `security.sys_monitor_disabled` through the global LoggerProvider.
   */
  onLoss?: (report: SpoolLossReport) => void;
}

interface Batch {
  readonly records: ReadableLogRecord[];
  readonly end: WalPosition;
}

interface LossEpisode {
  first: number;
  last: number;
  dropped: number;
  reason: 'spool_full' | 'spool_write_failed';
  droppedByReason: { spool_full?: number; spool_write_failed?: number };
}

// A guess at a record's size, to decide on a new segment before encoding it.
const TYPICAL_RECORD_BYTES = 1024;
// After deliveries free space, the episode of drops is over once this share of the cap is free.
const RESUME_FREE_SHARE = 0.1;

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function waitForResources(records: readonly ReadableLogRecord[]): Promise<void> {
  const pending = new Set<Resource>();
  for (const record of records) if (record.resource.asyncAttributesPending === true) pending.add(record.resource);
  await Promise.all([...pending].map((resource) => resource.waitForAsyncAttributes?.()));
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code ?? error.name;
  return error.message.startsWith(code) ? error.message : `${code}: ${error.message}`;
}

/**
 * A LogRecordProcessor that makes security records durable: each record whose `eventName` starts
 * with `security.` is appended to an on-disk write-ahead log inside `onEmit` (that is, before
 * `securityEvent()` returns), then exported in batches by a background loop that retries with
 * capped exponential backoff for as long as it takes, and deleted only after the exporter
 * reported success. Records left unacknowledged by an earlier process are sent again at start
 * (at least once: `security.event.id` lets a backend drop duplicates). Other records are ignored:
 * give them to a normal processor wrapped with {@link withoutSecurityRecords}.
 *
 * The constructor throws {@link SpoolError} when the directory cannot be used; after that the
 * processor never throws. Records it cannot keep (cap reached, write failure) are counted in
 * `secotel.security.dropped`, warned about once, and reported by `onLoss` when space returns.
 *
 * @example
 * const exporter = new OTLPLogExporter();
 * new LoggerProvider({ processors: [
 *   new SpoolingLogRecordProcessor({ directory: '/var/lib/myapp/spool', exporter }),
 *   withoutSecurityRecords(new BatchLogRecordProcessor({ exporter })),
 * ] });
 */
export class SpoolingLogRecordProcessor implements LogRecordProcessor, SecurityDeliveryReporter {
  /** The spool directory, resolved. */
  readonly directory: string;
  /** The disk cap in bytes. */
  readonly maxBytes: number;

  private readonly wal: WriteAheadLog;
  private readonly exporter: LogRecordExporter;
  private readonly counters = new DeliveryCounters();
  private readonly maxExportBatchSize: number;
  private readonly scheduledDelayMillis: number;
  private readonly exportTimeoutMillis: number;
  private readonly initialBackoffMillis: number;
  private readonly maxBackoffMillis: number;
  private readonly flushTimeoutMillis: number;
  private readonly shutdownTimeoutMillis: number;
  private readonly onLoss: (report: SpoolLossReport) => void;

  // Writing: meta frames already in the current segment, by resource and scope identity.
  private writerSegment = -1;
  private readonly writtenMetas = new Map<Resource, Map<RecordScope, number>>();
  private nextMetaId = 0;
  // Reading: the objects behind the meta ids, per segment; this process's own, or rebuilt for replay.
  private readonly liveMetas = new Map<number, Map<number, RecordMeta>>();
  private readonly replayMetas = new Map<number, Map<number, RecordMeta>>();
  private unknownMeta: RecordMeta | undefined;

  private batch: Batch | undefined;
  private reading = false;
  private gatherNext = false;
  private previousRunRecords = 0;
  private settledRecords = 0;
  private failures = 0;
  private lastExportError: unknown;
  private wakeUp: (() => void) | undefined;
  private pausing: 'idle' | 'backoff' | undefined;
  private delayTimer: NodeJS.Timeout | undefined;
  private flushRequests = 0;
  private readonly flushWaiters = new Set<() => void>();
  private stopped = false;
  private shuttingDown = false;
  private shutdownOnce: Promise<void> | undefined;
  private episode: LossEpisode | undefined;
  private readonly loop: Promise<void>;

  constructor(options: SpoolingLogRecordProcessorOptions) {
    this.wal = WriteAheadLog.open({ directory: options.directory, fsync: options.fsync, maxBytes: options.maxBytes, segmentBytes: options.segmentBytes });
    this.directory = this.wal.directory;
    this.maxBytes = this.wal.maxBytes;
    this.exporter = options.exporter;
    this.maxExportBatchSize = Math.floor(positive(options.maxExportBatchSize, 512));
    this.scheduledDelayMillis = positive(options.scheduledDelayMillis, 200);
    this.exportTimeoutMillis = positive(options.exportTimeoutMillis, 30_000);
    this.initialBackoffMillis = positive(options.initialBackoffMillis, 250);
    this.maxBackoffMillis = Math.max(this.initialBackoffMillis, positive(options.maxBackoffMillis, 5_000));
    this.flushTimeoutMillis = positive(options.flushTimeoutMillis, 5_000);
    this.shutdownTimeoutMillis = positive(options.shutdownTimeoutMillis, 2_000);
    this.onLoss = options.onLoss ?? emitSpoolLossEvent;
    this.loop = this.run();
  }

  /** The fsync policy in effect. */
  get fsync(): FsyncPolicy {
    return this.wal.fsync;
  }

  /** Bytes the spool uses on disk now. */
  get usedBytes(): number {
    return this.wal.usedBytes;
  }

  onEmit(record: ReadWriteLogRecord, _context?: Context): void {
    if (!isSecurityRecord(record)) return;
    if (this.shuttingDown) {
      this.counters.drop('shutdown');
      return;
    }
    let result: AppendResult;
    try {
      const resource = record.resource;
      const scope = record.instrumentationScope;
      const segment = this.wal.segmentFor(TYPICAL_RECORD_BYTES);
      if (segment !== this.writerSegment) {
        // Each segment carries its own meta frames, so it can be read (and deleted) on its own.
        this.writtenMetas.clear();
        this.writerSegment = segment;
      }
      let metaId = this.writtenMetas.get(resource)?.get(scope);
      const isNewMeta = metaId === undefined;
      metaId ??= this.nextMetaId++;
      const payload = encodeRecord(metaId, record);
      result = this.wal.append(
        isNewMeta ? [{ kind: 'meta', payload: encodeMeta(metaId, resource, scope) }, { kind: 'record', payload }] : [{ kind: 'record', payload }],
      );
      if (result === 'ok' && isNewMeta) this.rememberMeta(segment, metaId, resource, scope);
    } catch (error) {
      this.wal.lastError = error;
      result = 'failed';
    }
    if (result === 'ok') {
      if (this.episode !== undefined) this.endEpisode();
      this.onAppended();
    } else {
      this.dropOnAppend(result === 'full' ? 'spool_full' : 'spool_write_failed');
    }
  }

  /** Only security records are taken; others belong to other processors. */
  enabled(options: { eventName?: string }): boolean {
    return options.eventName === undefined || isSecurityRecord(options);
  }

  /** Tries to export everything spooled within `flushTimeoutMillis`; resolves either way (what is left stays on disk). */
  async forceFlush(): Promise<void> {
    await this.flush(this.flushTimeoutMillis);
  }

  async flushSecurity(options: { timeoutMillis?: number } = {}): Promise<SecurityDeliveryReport> {
    await this.flush(positive(options.timeoutMillis, this.flushTimeoutMillis));
    return this.deliveryReport();
  }

  deliveryReport(): SecurityDeliveryReport {
    return this.counters.report(this.pendingRecords(), this.directory);
  }

  /** Exports what it can within `shutdownTimeoutMillis`, then closes the spool; the rest is sent at the next start. */
  shutdown(): Promise<void> {
    this.shutdownOnce ??= this.stop();
    return this.shutdownOnce;
  }

  private async stop(): Promise<void> {
    try {
      await this.flush(this.shutdownTimeoutMillis);
    } finally {
      this.shuttingDown = true;
      this.stopped = true;
      this.wake('stop');
      clearTimeout(this.delayTimer);
      // An export still in flight is not waited for: its records are on disk and go again next time.
      await Promise.race([this.loop, sleep(100)]);
      await this.wal.close();
      const pending = this.pendingRecords();
      if (pending > 0) diag.info(`secotel: ${pending} security events stay in the spool at ${this.directory} and are sent when the process starts again.`);
      await Promise.race([this.exporter.shutdown().catch((error: unknown) => diag.warn('secotel: spool exporter shutdown failed', error)), sleep(1_000)]);
    }
  }

  private pendingRecords(): number {
    return this.previousRunRecords + this.wal.appendedRecords - this.settledRecords;
  }

  private rememberMeta(segment: number, metaId: number, resource: Resource, scope: RecordScope): void {
    let byScope = this.writtenMetas.get(resource);
    if (byScope === undefined) this.writtenMetas.set(resource, (byScope = new Map()));
    byScope.set(scope, metaId);
    let metas = this.liveMetas.get(segment);
    if (metas === undefined) this.liveMetas.set(segment, (metas = new Map()));
    metas.set(metaId, { resource, scope });
    if (resource.asyncAttributesPending === true) {
      // The meta frame has the attributes known so far: write a complete one once detection ends.
      void resource.waitForAsyncAttributes?.().then(() => this.writtenMetas.delete(resource));
    }
  }

  private dropOnAppend(reason: 'spool_full' | 'spool_write_failed'): void {
    this.counters.drop(reason);
    const now = Date.now();
    if (this.episode === undefined) {
      this.episode = { first: now, last: now, dropped: 0, reason, droppedByReason: {} };
      const message =
        reason === 'spool_full'
          ? `secotel: the security event spool at ${this.directory} is full (cap ${this.maxBytes} bytes, SECOTEL_SPOOL_MAX_BYTES) ` +
            'because the collector has not accepted the backlog yet; new security events are dropped until it does. Each one is counted ' +
            'in the secotel.security.dropped metric (reason spool_full), and a security.sys_monitor_disabled event reports the total ' +
            'when space returns. Check the collector, or raise SECOTEL_SPOOL_MAX_BYTES.'
          : `secotel: writing to the security event spool at ${this.directory} failed (${errorText(this.wal.lastError)}); security ` +
            'events are dropped until writes succeed again, counted in the secotel.security.dropped metric (reason spool_write_failed) ' +
            'and reported by a security.sys_monitor_disabled event. Check the disk.';
      diag.warn(message);
      process.emitWarning(message, { code: reason === 'spool_full' ? 'SECOTEL_SPOOL_FULL' : 'SECOTEL_SPOOL_WRITE_FAILED', type: 'SecotelWarning' });
    }
    const episode = this.episode;
    episode.dropped++;
    episode.last = now;
    episode.droppedByReason[reason] = (episode.droppedByReason[reason] ?? 0) + 1;
  }

  private endEpisode(): void {
    const episode = this.episode;
    if (episode === undefined) return;
    this.episode = undefined;
    const report: SpoolLossReport = {
      dropped: episode.dropped,
      droppedByReason: { ...episode.droppedByReason },
      reason: episode.reason,
      firstDropAt: new Date(episode.first),
      lastDropAt: new Date(episode.last),
      directory: this.directory,
      maxBytes: this.maxBytes,
    };
    diag.info(`secotel: the spool at ${this.directory} takes security events again after dropping ${report.dropped}.`);
    // Not from inside onEmit: the report is itself a security event.
    setImmediate(() => {
      try {
        this.onLoss(report);
      } catch (error) {
        diag.error('secotel: reporting spool losses failed', error);
      }
    });
  }

  private onAppended(): void {
    if (this.wakeUp === undefined) return; // busy: the loop looks again when it is done
    if (this.flushRequests > 0 || this.unreadRecords() >= this.maxExportBatchSize) this.wake();
    else this.armDelay();
  }

  private unreadRecords(): number {
    return this.previousRunRecords + this.wal.appendedRecords - this.settledRecords - (this.batch?.records.length ?? 0);
  }

  private armDelay(): void {
    if (this.delayTimer !== undefined) return;
    this.delayTimer = setTimeout(() => {
      this.delayTimer = undefined;
      this.wake();
    }, this.scheduledDelayMillis);
    this.delayTimer.unref();
  }

  /** Ends the loop's pause; new records do not cut a backoff short, a flush or shutdown does. */
  private wake(reason: 'data' | 'flush' | 'stop' | 'timeout' = 'data'): void {
    if (this.wakeUp === undefined || (reason === 'data' && this.pausing === 'backoff')) return;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    this.pausing = undefined;
    wakeUp();
  }

  /** Waits for `ms` (or until woken). */
  private pause(ms: number | undefined, kind: 'idle' | 'backoff'): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.pausing = kind;
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
      if (ms !== undefined) {
        timer = setTimeout(() => this.wake('timeout'), ms);
        timer.unref();
      }
    });
  }

  private isDrained(target: WalPosition): boolean {
    if (comparePositions(this.wal.ackedPosition, target) >= 0) return true;
    return this.batch === undefined && !this.reading && !this.wal.hasUnread();
  }

  private flush(timeoutMs: number): Promise<boolean> {
    const target = this.wal.writePosition;
    if (this.stopped || this.isDrained(target)) return Promise.resolve(this.isDrained(target));
    this.flushRequests++;
    this.wake('flush');
    return new Promise<boolean>((resolve) => {
      const check = (): void => {
        if (this.isDrained(target)) finish(true);
        else if (this.stopped) finish(false);
      };
      // Not unref'd: whoever flushes asked to wait up to timeoutMs, even at the end of a script.
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (drained: boolean): void => {
        clearTimeout(timer);
        this.flushWaiters.delete(check);
        this.flushRequests--;
        resolve(drained);
      };
      this.flushWaiters.add(check);
    });
  }

  private notifyFlushWaiters(): void {
    for (const check of [...this.flushWaiters]) check();
  }

  private async run(): Promise<void> {
    try {
      this.previousRunRecords = await this.wal.countPreviousRun();
      if (this.previousRunRecords > 0) {
        diag.info(`secotel: sending ${this.previousRunRecords} security events left in the spool at ${this.directory} by an earlier process.`);
      }
    } catch (error) {
      diag.warn(`secotel: could not count the records left in the spool at ${this.directory}`, error);
    }
    while (!this.stopped) {
      try {
        await this.step();
      } catch (error) {
        // Never let the loop die: the records are on disk, try again later.
        diag.error(`secotel: the spool exporter at ${this.directory} hit an unexpected problem; retrying`, error);
        await this.pause(this.maxBackoffMillis, 'backoff');
      }
    }
    this.notifyFlushWaiters();
  }

  private async step(): Promise<void> {
    if (this.batch === undefined) {
      if (!this.wal.hasUnread()) {
        this.gatherNext = false;
        this.notifyFlushWaiters();
        await this.pause(undefined, 'idle'); // until onAppended arms the delay, or a flush or shutdown
        return;
      }
      if (this.gatherNext) {
        this.gatherNext = false;
        if (this.flushRequests === 0 && this.unreadRecords() < this.maxExportBatchSize) {
          // A partial batch right after an export: give it time to fill, as the batch processor does.
          this.armDelay();
          await this.pause(undefined, 'idle');
          return;
        }
      }
      this.reading = true;
      let batch: Batch;
      try {
        batch = this.decode(await this.wal.read(this.maxExportBatchSize));
      } finally {
        this.reading = false;
      }
      if (batch.records.length === 0) {
        await this.wal.acknowledge(batch.end); // only meta frames or damage: nothing to send
        this.afterAcknowledge();
        return;
      }
      this.batch = batch;
    }
    const batch = this.batch;
    if (await this.export(batch.records)) {
      if (this.stopped) return; // closed meanwhile: these go again next time, at least once
      await this.wal.acknowledge(batch.end);
      this.batch = undefined;
      this.counters.exported += batch.records.length;
      this.settledRecords += batch.records.length;
      if (this.failures > 0) diag.info(`secotel: the spool at ${this.directory} exports again after ${this.failures} failed attempts.`);
      this.failures = 0;
      this.afterAcknowledge();
      return;
    }
    this.failures++;
    if (this.failures === 1) {
      diag.warn(
        `secotel: exporting security events from the spool at ${this.directory} failed (${errorText(this.lastExportError)}); ` +
          'they stay on disk and are retried with backoff.',
      );
    }
    if (this.stopped) return;
    const base = Math.min(this.maxBackoffMillis, this.initialBackoffMillis * 2 ** Math.min(this.failures - 1, 30));
    await this.pause(base * (0.8 + Math.random() * 0.4), 'backoff');
  }

  private afterAcknowledge(): void {
    if (this.episode !== undefined && this.wal.usedBytes <= this.maxBytes * (1 - RESUME_FREE_SHARE)) this.endEpisode();
    this.notifyFlushWaiters();
    this.gatherNext = true;
  }

  private decode(result: WalReadResult): Batch {
    const records: ReadableLogRecord[] = [];
    for (const entry of result.entries) {
      if (entry.kind === 'meta') {
        if (!entry.previousRun) continue; // this process's own: the live objects are in liveMetas
        const decoded = decodeMeta(entry.payload);
        if (decoded === undefined) continue;
        let metas = this.replayMetas.get(entry.segment);
        if (metas === undefined) this.replayMetas.set(entry.segment, (metas = new Map()));
        metas.set(decoded.id, decoded.meta);
        continue;
      }
      const metas = (entry.previousRun ? this.replayMetas : this.liveMetas).get(entry.segment);
      const record = decodeRecord(entry.payload, (id) => metas?.get(id) ?? this.fallbackMeta());
      if (record !== undefined) {
        records.push(record);
      } else {
        this.counters.drop('spool_damaged');
        this.settledRecords++;
      }
    }
    for (const damage of result.damaged) {
      this.counters.drop('spool_damaged');
      diag.warn(
        `secotel: skipped ${damage.length} ${damage.torn ? 'bytes of a write cut short by a crash' : 'damaged bytes'} at offset ${damage.offset} ` +
          `of spool segment ${damage.segment} in ${this.directory}; the security events in them are lost (counted as reason spool_damaged).`,
      );
    }
    // The reader has left these segments behind.
    for (const metas of [this.liveMetas, this.replayMetas]) {
      for (const segment of [...metas.keys()]) if (segment < result.end.segment) metas.delete(segment);
    }
    return { records, end: result.end };
  }

  private fallbackMeta(): RecordMeta {
    // A record whose meta frame was lost to damage: still worth delivering, without its resource.
    this.unknownMeta ??= { resource: resourceFromAttributes({}), scope: { name: SPOOL_NAME, version: SPOOL_VERSION } };
    return this.unknownMeta;
  }

  private async export(records: ReadableLogRecord[]): Promise<boolean> {
    await waitForResources(records);
    return new Promise<boolean>((resolve) => {
      let settled = false;
      const finish = (ok: boolean, error?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!ok) this.lastExportError = error;
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false, new Error(`no answer within ${this.exportTimeoutMillis} ms`)), this.exportTimeoutMillis);
      timer.unref();
      try {
        // Exporting must not create telemetry of its own (an HTTP client span per export).
        context.with(suppressTracing(context.active()), () => {
          this.exporter.export(records, (result) => finish(result.code === ExportResultCode.SUCCESS, result.error));
        });
      } catch (error) {
        finish(false, error);
      }
    });
  }
}
