import { ATTR_SECURITY_EVENT_OUTCOME } from '../attributes.js';
import { levelForOutcome, type SecurityEventDefinition } from '../definition.js';
import { SEVERITY_NUMBER_BY_LEVEL, type OwaspLevel } from '../levels.js';
import type { SecurityEventOutcome } from '../outcome.js';
import type { SecurityEventRecord } from '../record.js';

// Readers shared by toECS and toOCSF. Records come from exporters and user code, so every
// reader accepts loose input and returns undefined rather than throwing.

const NANOS_PER_MILLI = 1_000_000n;
const DIGITS = /^\d+$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]+$/;

// The range of a JavaScript Date; beyond it toISOString() throws.
const MAX_TIME_MILLIS = 8.64e15;

function validMillis(millis: number | undefined): number | undefined {
  if (millis === undefined || !Number.isFinite(millis) || Math.abs(millis) > MAX_TIME_MILLIS) return undefined;
  return Math.floor(millis) + 0; // whole milliseconds; + 0 turns -0 into 0
}

function nanosToMillis(nanos: SecurityEventRecord['timeUnixNano']): number | undefined {
  if (typeof nanos === 'bigint') return validMillis(Number(nanos / NANOS_PER_MILLI));
  if (typeof nanos === 'string' && DIGITS.test(nanos)) return validMillis(Number(BigInt(nanos) / NANOS_PER_MILLI));
  if (typeof nanos === 'number') return validMillis(Math.floor(nanos / 1e6));
  return undefined;
}

function timestampToMillis(timestamp: SecurityEventRecord['timestamp']): number | undefined {
  if (timestamp instanceof Date) return validMillis(timestamp.getTime());
  if (typeof timestamp === 'number') return validMillis(timestamp);
  if (typeof timestamp === 'string') return validMillis(Date.parse(timestamp));
  return undefined;
}

/** Time of the record in milliseconds since the epoch; now when the record has no usable time. */
export function recordTimeMillis(record: SecurityEventRecord): number {
  return nanosToMillis(record.timeUnixNano) ?? timestampToMillis(record.timestamp) ?? Date.now();
}

/** A copy of an attribute value that JSON can carry; undefined when it cannot be made one. */
export function jsonValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : String(value);
    case 'bigint':
      return String(value);
    case 'object':
      if (value === null) return undefined;
      try {
        return JSON.parse(JSON.stringify(value)) as unknown;
      } catch {
        return undefined; // circular, or holds a bigint: drop rather than fail the export
      }
    default:
      return undefined;
  }
}

export function isOwaspLevel(value: unknown): value is OwaspLevel {
  return value === 'INFO' || value === 'WARN' || value === 'CRITICAL';
}

export function isOutcome(value: unknown): value is SecurityEventOutcome {
  return value === 'success' || value === 'failure' || value === 'unknown';
}

/** The record's outcome attribute, else the definition's default, else unknown. */
export function recordOutcome(record: SecurityEventRecord, definition: SecurityEventDefinition | undefined): SecurityEventOutcome {
  const outcome = record.attributes[ATTR_SECURITY_EVENT_OUTCOME];
  if (isOutcome(outcome)) return outcome;
  return definition?.outcome ?? 'unknown';
}

export interface RecordSeverity {
  /** Severity text as given, else the catalogue level. */
  readonly text: string | undefined;
  /** OpenTelemetry SeverityNumber as given, else derived from an OWASP level. */
  readonly number: number | undefined;
}

export function recordSeverity(
  record: SecurityEventRecord,
  definition: SecurityEventDefinition | undefined,
  outcome: SecurityEventOutcome,
): RecordSeverity {
  const text =
    typeof record.severityText === 'string' && record.severityText !== ''
      ? record.severityText
      : definition === undefined
        ? undefined
        : levelForOutcome(definition, outcome);
  const given = record.severityNumber;
  const number =
    typeof given === 'number' && Number.isInteger(given) && given >= 1 && given <= 24
      ? given
      : isOwaspLevel(text)
        ? SEVERITY_NUMBER_BY_LEVEL[text]
        : undefined;
  return { text, number };
}

export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A finite number, or a string holding an integer (ports and status codes arrive both ways). */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : undefined; // + 0 turns -0 into 0
  if (typeof value === 'string' && DIGITS.test(value)) {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** A string array (non-string items dropped), or a single string as a one-item array. */
export function stringArrayValue(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value === '' ? undefined : [value];
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length === 0 ? undefined : strings;
}

export function isIpAddress(value: string): boolean {
  return IPV4.test(value) || (value.includes(':') && IPV6.test(value));
}

/** A copy without the undefined properties; undefined when none are left. */
export function compact<T extends object>(object: T): T | undefined {
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    result[key] = value;
    empty = false;
  }
  return empty ? undefined : (result as T);
}

/** The bare event name: `security.authn_login_fail` becomes `authn_login_fail`. */
export function bareEventName(eventName: string, prefix: string): string {
  return eventName.startsWith(prefix) ? eventName.slice(prefix.length) : eventName;
}
