// Counting what happened to security records after securityEvent() returned: delivered,
// dropped (and why), or still pending. The same report for the in-memory and the spooled path.
import { metrics } from '@opentelemetry/api';
import type { Counter, MeterProvider } from '@opentelemetry/api';
import { SECURITY_EVENT_NAME_PREFIX } from '@secotel/semconv';
import { SPOOL_NAME, SPOOL_VERSION } from './version.js';

/** Metric counting security records that were lost, by `reason`. */
export const SECURITY_DROPPED_METRIC = 'secotel.security.dropped';

/**
 * Why a security record was lost:
 * - `queue_full`: the in-memory export queue was full (collector slow or unreachable);
 * - `export_failed`: the exporter gave up on it (after its own retries) and there is no spool;
 * - `spool_full`: the spool reached its disk cap;
 * - `spool_write_failed`: writing to the spool failed (disk full, I/O error);
 * - `spool_damaged`: found damaged on disk when replaying (counted once per damaged range);
 * - `shutdown`: emitted after the pipeline was shut down.
 */
export type SecurityDropReason = 'queue_full' | 'export_failed' | 'spool_full' | 'spool_write_failed' | 'spool_damaged' | 'shutdown';

/** What became of the security records of this process (and, with a spool, of earlier ones it replays). */
export interface SecurityDeliveryReport {
  /** Security records the exporter reported as delivered (acknowledged by the collector). */
  exported: number;
  /** Security records lost for good; see `droppedByReason`. */
  dropped: number;
  /** Dropped records by reason. */
  droppedByReason: Partial<Record<SecurityDropReason, number>>;
  /**
   * Security records not delivered yet: in the in-memory queue (lost if the process ends now) or
   * in the spool (kept on disk and sent later, also after a restart).
   */
  pending: number;
  /** The spool directory when security records are spooled, otherwise undefined. */
  spoolDirectory: string | undefined;
}

/** A log record processor that can say what became of the security records it handled. */
export interface SecurityDeliveryReporter {
  /** A snapshot of the counters, without flushing. */
  deliveryReport(): SecurityDeliveryReport;
  /**
   * Tries to export every pending security record within `timeoutMillis`, then reports. Resolves
   * (never rejects) with what is still pending when the time is up.
   */
  flushSecurity(options?: { timeoutMillis?: number }): Promise<SecurityDeliveryReport>;
}

/** True for the log records secotel treats as security events: `eventName` starting with `security.`. */
export function isSecurityRecord(record: { readonly eventName?: string | undefined }): boolean {
  return record.eventName !== undefined && record.eventName.startsWith(SECURITY_EVENT_NAME_PREFIX);
}

/** Sums the reports of several reporters (for example one per logs exporter). */
export function combineDeliveryReports(reports: readonly SecurityDeliveryReport[]): SecurityDeliveryReport {
  const total: SecurityDeliveryReport = { exported: 0, dropped: 0, droppedByReason: {}, pending: 0, spoolDirectory: undefined };
  for (const report of reports) {
    total.exported += report.exported;
    total.dropped += report.dropped;
    total.pending += report.pending;
    total.spoolDirectory ??= report.spoolDirectory;
    for (const [reason, count] of Object.entries(report.droppedByReason) as [SecurityDropReason, number][]) {
      total.droppedByReason[reason] = (total.droppedByReason[reason] ?? 0) + count;
    }
  }
  return total;
}

/** Exported and dropped counts of one processor, and the `secotel.security.dropped` metric. */
export class DeliveryCounters {
  exported = 0;
  dropped = 0;
  readonly droppedByReason: Partial<Record<SecurityDropReason, number>> = {};
  private counter: Counter | undefined;
  private counterProvider: MeterProvider | undefined;

  drop(reason: SecurityDropReason, count = 1): void {
    if (count <= 0) return;
    this.dropped += count;
    this.droppedByReason[reason] = (this.droppedByReason[reason] ?? 0) + count;
    // A meter taken before the SDK registered its provider stays a no-op: follow the global one.
    const provider = metrics.getMeterProvider();
    if (provider !== this.counterProvider || this.counter === undefined) {
      this.counterProvider = provider;
      this.counter = provider.getMeter(SPOOL_NAME, SPOOL_VERSION).createCounter(SECURITY_DROPPED_METRIC, {
        description: 'Security events lost before reaching the collector, by reason.',
        unit: '{event}',
      });
    }
    this.counter.add(count, { reason });
  }

  report(pending: number, spoolDirectory: string | undefined): SecurityDeliveryReport {
    return { exported: this.exported, dropped: this.dropped, droppedByReason: { ...this.droppedByReason }, pending: Math.max(0, pending), spoolDirectory };
  }
}
