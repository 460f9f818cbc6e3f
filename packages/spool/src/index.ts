/**
 * @secotel/spool: durable delivery of security log records, and loss accounting.
 *
 * - {@link SpoolingLogRecordProcessor}: security records go to an on-disk write-ahead log before
 *   `securityEvent()` returns and are exported from there, retried until the collector accepts them,
 *   and replayed after a restart.
 * - {@link AccountingBatchLogRecordProcessor}: the in-memory batch path, counting what it loses.
 * - {@link withoutSecurityRecords}: keeps security records out of another processor.
 *
 * Works with any OpenTelemetry JS logs SDK setup; `@secotel/node` wires it from `SECOTEL_SPOOL_*`.
 */
export { SpoolingLogRecordProcessor } from './spooling-processor.js';
export type { SpoolingLogRecordProcessorOptions } from './spooling-processor.js';
export { AccountingBatchLogRecordProcessor } from './accounting-batch-processor.js';
export { withoutSecurityRecords } from './without-security-records.js';
export { SECURITY_DROPPED_METRIC, combineDeliveryReports, isSecurityRecord } from './delivery.js';
export type { SecurityDeliveryReport, SecurityDeliveryReporter, SecurityDropReason } from './delivery.js';
export { ATTR_SECURITY_SPOOL_DROPPED_EVENTS, SPOOL_MONITOR_NAME, emitSpoolLossEvent, spoolLossEventFields } from './loss-report.js';
export type { SpoolLossReport } from './loss-report.js';
export { parseByteSize, parseFsyncPolicy, spoolConfigFromEnv } from './options.js';
export type { SpoolEnvConfig } from './options.js';
export { SpoolError } from './errors.js';
export type { SpoolErrorCode } from './errors.js';
export {
  DEFAULT_SPOOL_FSYNC_INTERVAL_MS,
  DEFAULT_SPOOL_MAX_BYTES,
  MIN_SPOOL_MAX_BYTES,
  WriteAheadLog,
  comparePositions,
} from './write-ahead-log.js';
export type { AppendResult, FsyncPolicy, WalDamage, WalEntry, WalPosition, WalReadResult, WriteAheadLogOptions } from './write-ahead-log.js';
export type { FrameInput, FrameKind } from './internal/frame.js';
export { SPOOL_NAME, SPOOL_VERSION } from './version.js';
