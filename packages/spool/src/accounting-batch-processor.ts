import { createNoopMeter, diag } from '@opentelemetry/api';
import type { Attributes, Context, Counter, Meter, MeterProvider } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { BatchLogRecordProcessorOptions, LogRecordExporter, LogRecordProcessor, ReadWriteLogRecord, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { DeliveryCounters, isSecurityRecord } from './delivery.js';
import type { SecurityDeliveryReport, SecurityDeliveryReporter } from './delivery.js';

// The batch processor reports a record dropped from a full queue on this counter of its
// self-observability meter, synchronously inside onEmit, with error.type "queue_full".
const PROCESSED_LOGS_METRIC = 'otel.sdk.processor.log.processed';
const QUEUE_FULL = 'queue_full';
const DEFAULT_FLUSH_TIMEOUT_MS = 5_000;
// The batch processor's own default.
const DEFAULT_EXPORT_TIMEOUT_MS = 30_000;

function countSecurity(records: readonly ReadableLogRecord[]): number {
  let count = 0;
  for (const record of records) if (isSecurityRecord(record)) count++;
  return count;
}

/** A self-observability MeterProvider that tells us about queue-full drops, and forwards to `delegate` if any. */
function queueFullObserver(onQueueFull: (count: number) => void, delegate: MeterProvider | undefined): MeterProvider {
  return {
    getMeter(name, version, options): Meter {
      const meter = delegate?.getMeter(name, version, options) ?? createNoopMeter();
      const observed: Meter = Object.create(meter) as Meter;
      observed.createCounter = <A extends Attributes = Attributes>(metric: string, metricOptions?: Parameters<Meter['createCounter']>[1]): Counter<A> => {
        const counter = meter.createCounter<A>(metric, metricOptions);
        if (metric !== PROCESSED_LOGS_METRIC) return counter;
        return {
          add(value, attributes, ctx) {
            if (attributes?.['error.type'] === QUEUE_FULL) onQueueFull(value);
            counter.add(value, attributes, ctx);
          },
        };
      };
      return observed;
    },
  };
}

/**
 * The OpenTelemetry `BatchLogRecordProcessor` (in-memory queue, batched export), counting what
 * happens to security records: exported, dropped because the queue was full, dropped because the
 * exporter failed for good. Drops go to the `secotel.security.dropped` metric, and
 * `flushSecurity()` reports them instead of resolving as if all went well. Use it where you would
 * use a BatchLogRecordProcessor (same options).
 */
export class AccountingBatchLogRecordProcessor implements LogRecordProcessor, SecurityDeliveryReporter {
  private readonly inner: BatchLogRecordProcessor;
  private readonly counters = new DeliveryCounters();
  private accepted = 0;
  private emittingSecurity = false;
  private droppedNow = false;
  private isShutdown = false;
  private warned = false;

  constructor(options: BatchLogRecordProcessorOptions) {
    const exporter = options.exporter;
    const timeoutMs = options.exportTimeoutMillis ?? DEFAULT_EXPORT_TIMEOUT_MS;
    const accounted: LogRecordExporter = {
      export: (records, resultCallback) => {
        const security = countSecurity(records);
        let settled = false;
        // The batch processor gives up on an export after its timeout without telling anyone;
        // from then on the records are lost, so count them then. A later answer is ignored.
        const timer = setTimeout(() => settle(false, new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        timer.unref();
        const settle = (ok: boolean, error?: unknown): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (security === 0) return;
          if (ok) this.counters.exported += security;
          else this.drop('export_failed', security, error);
        };
        exporter.export(records, (result) => {
          settle(result.code === ExportResultCode.SUCCESS, result.error);
          resultCallback(result);
        });
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush(),
    };
    const onQueueFull = (count: number): void => {
      if (!this.emittingSecurity) return;
      this.droppedNow = true;
      this.drop('queue_full', count);
    };
    this.inner = new BatchLogRecordProcessor({
      ...options,
      exporter: accounted,
      selfObsMeterProvider: queueFullObserver(onQueueFull, options.selfObsMeterProvider),
    });
  }

  onEmit(record: ReadWriteLogRecord, _context?: Context): void {
    if (!isSecurityRecord(record)) {
      this.inner.onEmit(record);
      return;
    }
    if (this.isShutdown) {
      this.drop('shutdown', 1);
      return;
    }
    this.emittingSecurity = true;
    this.droppedNow = false;
    try {
      this.inner.onEmit(record);
    } finally {
      this.emittingSecurity = false;
    }
    if (!this.droppedNow) this.accepted++;
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  async shutdown(): Promise<void> {
    this.isShutdown = true;
    await this.inner.shutdown();
  }

  deliveryReport(): SecurityDeliveryReport {
    const failed = this.counters.droppedByReason.export_failed ?? 0;
    return this.counters.report(this.accepted - this.counters.exported - failed, undefined);
  }

  async flushSecurity(options: { timeoutMillis?: number } = {}): Promise<SecurityDeliveryReport> {
    const timeoutMs = options.timeoutMillis ?? DEFAULT_FLUSH_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.inner.forceFlush().catch((error: unknown) => diag.warn('secotel: flushing security events failed', error)), deadline]);
    clearTimeout(timer);
    return this.deliveryReport();
  }

  private drop(reason: 'queue_full' | 'export_failed' | 'shutdown', count: number, error?: unknown): void {
    this.counters.drop(reason, count);
    if (this.warned || reason === 'shutdown') return;
    this.warned = true;
    const why = reason === 'queue_full' ? 'the in-memory export queue is full' : 'the exporter gave up on them';
    const message =
      `secotel: security events are being lost because ${why}. They are counted in the secotel.security.dropped metric ` +
      '(by reason) and reported by flushSecurity(). For delivery that survives collector outages and restarts, set SECOTEL_SPOOL_DIR.';
    // The exporter's own words go to diag only: they name hosts and ports.
    diag.warn(message, error);
    process.emitWarning(message, { code: 'SECOTEL_SECURITY_EVENTS_DROPPED', type: 'SecotelWarning' });
  }
}
