import type { Context } from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { isSecurityRecord } from './delivery.js';

type EnabledOptions = Parameters<NonNullable<LogRecordProcessor['enabled']>>[0];

/**
 * Wraps a processor so that it never sees security records (`eventName` starting with
 * `security.`): put it beside a {@link SpoolingLogRecordProcessor} so that each record is
 * exported once, security records through the spool and the rest through `processor`.
 */
export function withoutSecurityRecords(processor: LogRecordProcessor): LogRecordProcessor {
  return {
    onEmit(record: ReadWriteLogRecord, context?: Context): void {
      if (!isSecurityRecord(record)) processor.onEmit(record, context);
    },
    enabled(options: EnabledOptions): boolean {
      if (options.eventName !== undefined && isSecurityRecord(options)) return false;
      return processor.enabled?.(options) ?? true;
    },
    forceFlush: (options) => processor.forceFlush(options),
    shutdown: () => processor.shutdown(),
  };
}
