// OTLP JSON (ExportLogsServiceRequest) to the record fields the chain covers, undoing what the
// round trip may have changed: int64 as strings or numbers, zero values present or omitted,
// enums as numbers or names, non-finite doubles as strings or null.
import { ATTR_SECURITY_CHAIN_HMAC, SECURITY_EVENT_NAME_PREFIX, chainPositionOfRecord } from '@secotel/semconv';
import type { ChainRecordFields, ChainValue } from '@secotel/semconv';

/** Where a record was read from. */
export interface RecordSource {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
}

/** One log record as read back, with its chain attributes pulled out. */
export interface ReadRecord extends ChainRecordFields {
  readonly source: RecordSource;
  /** The chain stream of `security.event.id` (`<stream>:<seq>`; older records: `security.chain.stream`), undefined when none. */
  readonly stream: string | undefined;
  /** The position of `security.event.id` in its stream, undefined when it names none. */
  readonly seq: number | undefined;
  /** `security.chain.hmac`, undefined when absent. */
  readonly hmac: string | undefined;
  /** Attribute keys that occur more than once in the OTLP list (never written by secotel). */
  readonly duplicateKeys: readonly string[];
  /** `droppedAttributesCount`: the SDK's attribute limits removed attributes after sealing. */
  readonly droppedAttributes: number;
  /** Resource `service.name`, for the report. */
  readonly service: string | undefined;
}

type Json = Record<string, unknown>;

const SEVERITY_NAMES = [
  'UNSPECIFIED',
  'TRACE', 'TRACE2', 'TRACE3', 'TRACE4',
  'DEBUG', 'DEBUG2', 'DEBUG3', 'DEBUG4',
  'INFO', 'INFO2', 'INFO3', 'INFO4',
  'WARN', 'WARN2', 'WARN3', 'WARN4',
  'ERROR', 'ERROR2', 'ERROR3', 'ERROR4',
  'FATAL', 'FATAL2', 'FATAL3', 'FATAL4',
];

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Parses one JSON line. int64 values written as JSON numbers beyond 2^53 keep their exact digits
 * (as strings): a timestamp in nanoseconds does not fit a double.
 */
export function parseJsonLine(line: string): unknown {
  return JSON.parse(line, (_key, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source)) {
      return context.source;
    }
    return value;
  });
}

function decimal(value: unknown): string {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value.replace(/^0+(?=\d)/, '');
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return '0';
}

function severityNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const index = SEVERITY_NAMES.indexOf(value.replace(/^SEVERITY_NUMBER_/, ''));
    if (index >= 0) return index;
  }
  return 0;
}

function bytes(base64: unknown): Uint8Array {
  return typeof base64 === 'string' ? new Uint8Array(Buffer.from(base64, 'base64')) : new Uint8Array(0);
}

/** One OTLP AnyValue as the chain sees it; an empty AnyValue is null. */
export function decodeAnyValue(value: unknown): ChainValue {
  const v = object(value);
  if (v === undefined) return null;
  if ('stringValue' in v) return typeof v.stringValue === 'string' ? v.stringValue : '';
  if ('boolValue' in v) return v.boolValue === true;
  // int64 and double collapse into one number, as in the canonical encoding.
  if ('intValue' in v) return Number(v.intValue ?? 0);
  if ('doubleValue' in v) return v.doubleValue === null ? Number.NaN : Number(v.doubleValue ?? 0);
  if ('bytesValue' in v) return bytes(v.bytesValue);
  if ('arrayValue' in v) return list(object(v.arrayValue)?.values).map(decodeAnyValue);
  if ('kvlistValue' in v) {
    const out: Record<string, ChainValue> = {};
    for (const entry of list(object(v.kvlistValue)?.values)) {
      const kv = object(entry);
      if (kv !== undefined && typeof kv.key === 'string') out[kv.key] = decodeAnyValue(kv.value);
    }
    return out;
  }
  return null;
}

function stringAttribute(attributes: Record<string, ChainValue>, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The log records of one ExportLogsServiceRequest (a collector file exporter line, or an
 * OTLP/HTTP JSON request body). Only records that carry chain attributes or whose event name
 * starts with `security.` are returned; `skipped` counts the others.
 */
export function decodeLogsRequest(request: unknown, file: string, line: number): { records: ReadRecord[]; skipped: number } {
  const records: ReadRecord[] = [];
  let skipped = 0;
  for (const resourceLogs of list(object(request)?.resourceLogs)) {
    const rl = object(resourceLogs);
    let service: string | undefined;
    for (const entry of list(object(rl?.resource)?.attributes)) {
      const kv = object(entry);
      const value = kv?.key === 'service.name' ? decodeAnyValue(kv.value) : undefined;
      if (typeof value === 'string') service = value;
    }
    for (const scopeLogs of list(rl?.scopeLogs)) {
      for (const logRecord of list(object(scopeLogs)?.logRecords)) {
        const r = object(logRecord);
        if (r === undefined) continue;
        const attributes: Record<string, ChainValue> = {};
        const duplicateKeys: string[] = [];
        for (const entry of list(r.attributes)) {
          const kv = object(entry);
          if (kv === undefined || typeof kv.key !== 'string') continue;
          if (Object.hasOwn(attributes, kv.key)) duplicateKeys.push(kv.key);
          attributes[kv.key] = decodeAnyValue(kv.value);
        }
        const eventName = typeof r.eventName === 'string' ? r.eventName : '';
        const position = chainPositionOfRecord(attributes);
        if (position === undefined && !eventName.startsWith(SECURITY_EVENT_NAME_PREFIX)) {
          skipped++;
          continue;
        }
        records.push({
          source: { file, line },
          eventName,
          timeUnixNano: decimal(r.timeUnixNano),
          severityNumber: severityNumber(r.severityNumber),
          severityText: typeof r.severityText === 'string' ? r.severityText : '',
          body: 'body' in r ? decodeAnyValue(r.body) : undefined,
          attributes,
          stream: position?.stream,
          seq: position?.seq,
          hmac: stringAttribute(attributes, ATTR_SECURITY_CHAIN_HMAC),
          duplicateKeys,
          droppedAttributes: Number(r.droppedAttributesCount ?? 0) || 0,
          service,
        });
      }
    }
  }
  return { records, skipped };
}
