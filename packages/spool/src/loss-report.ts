// The security event that reports spool losses once the spool can take records again.
import { randomUUID } from 'node:crypto';
import { logs } from '@opentelemetry/api';
import type { AttributeValue } from '@opentelemetry/api';
import {
  ATTR_SECURITY_EVENT_CATEGORY,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_MONITOR_NAME,
  ATTR_SECURITY_REASON,
  SEVERITY_NUMBER_BY_LEVEL,
  getSecurityEventDefinition,
} from '@secotel/semconv';
import { SPOOL_NAME, SPOOL_VERSION } from './version.js';

/** The loss of one episode: from the first record the spool had to drop until it could write again. */
export interface SpoolLossReport {
  /** Security records dropped in the episode. */
  dropped: number;
  droppedByReason: { spool_full?: number; spool_write_failed?: number };
  /** The reason of the first drop. */
  reason: 'spool_full' | 'spool_write_failed';
  firstDropAt: Date;
  lastDropAt: Date;
  directory: string;
  maxBytes: number;
}

/** Name of the monitor in `security.monitor.name` of the report event. */
export const SPOOL_MONITOR_NAME = 'secotel.spool';
/** Attribute of the report event with the number of dropped security events. */
export const ATTR_SECURITY_SPOOL_DROPPED_EVENTS = 'security.spool.dropped_events';

/**
 * The fields of the `security.sys_monitor_disabled` event for a loss report, ready for
 * `securityEvent('sys_monitor_disabled', spoolLossEventFields(report))`.
 */
export function spoolLossEventFields(report: SpoolLossReport): { message: string } & Record<string, AttributeValue> {
  const why =
    report.reason === 'spool_full'
      ? `the spool at ${report.directory} was at its cap of ${report.maxBytes} bytes`
      : `writes to the spool at ${report.directory} failed`;
  return {
    message:
      `Security monitoring was partly disabled: ${report.dropped} security events were dropped between ` +
      `${report.firstDropAt.toISOString()} and ${report.lastDropAt.toISOString()} because ${why}.`,
    [ATTR_SECURITY_MONITOR_NAME]: SPOOL_MONITOR_NAME,
    [ATTR_SECURITY_REASON]: report.reason,
    [ATTR_SECURITY_SPOOL_DROPPED_EVENTS]: report.dropped,
  };
}

/**
 * Emits the report as a `security.sys_monitor_disabled` log record through the global
 * LoggerProvider; the default when no `onLoss` callback is given. (@secotel/node passes a callback
 * that goes through `securityEvent()` instead, so the event is redacted and counted like any other.)
 */
export function emitSpoolLossEvent(report: SpoolLossReport): void {
  const definition = getSecurityEventDefinition('sys_monitor_disabled');
  const level = definition?.level ?? 'WARN';
  const { message, ...fields } = spoolLossEventFields(report);
  logs.getLogger(SPOOL_NAME, SPOOL_VERSION).emit({
    eventName: 'security.sys_monitor_disabled',
    severityNumber: SEVERITY_NUMBER_BY_LEVEL[level],
    severityText: level,
    body: message,
    attributes: {
      ...fields,
      [ATTR_SECURITY_EVENT_CATEGORY]: definition?.category ?? 'sys',
      [ATTR_SECURITY_EVENT_OUTCOME]: definition?.outcome ?? 'success',
      [ATTR_SECURITY_EVENT_ID]: randomUUID(),
    },
  });
}
