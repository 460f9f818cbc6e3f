// OTLP JSON to plain records that tests can assert on: the OTLP/HTTP JSON request bodies an
// exporter sends and the lines the collector's file exporter writes (pdata's JSON marshaler) are
// the same ExportLogs/Trace/MetricsServiceRequest shapes.

/** An OTLP attribute value as plain JSON: int64 becomes a number, bytes stay base64. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
/** Attributes flattened to key -> value. */
export type Attributes = Record<string, AttributeValue>;

/** The instrumentation scope a record came from. */
export interface CollectedScope {
  name: string;
  version: string;
}

/** One log record as the collector exported it. Ids are lowercase hex ('' when absent). */
export interface CollectedLogRecord {
  eventName: string;
  severityText: string;
  severityNumber: number;
  body: AttributeValue;
  attributes: Attributes;
  traceId: string;
  spanId: string;
  /** Nanoseconds since the epoch as a decimal string ('' when absent): int64 nanos exceed a double. */
  timeUnixNano: string;
  observedTimeUnixNano: string;
  resource: Attributes;
  scope: CollectedScope;
}

/** One span event. */
export interface CollectedSpanEvent {
  name: string;
  timeUnixNano: string;
  attributes: Attributes;
}

/** One span as the collector exported it. `kind` and `status.code` are the OTLP enum numbers. */
export interface CollectedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attributes;
  events: CollectedSpanEvent[];
  status: { code: number; message: string };
  resource: Attributes;
  scope: CollectedScope;
}

/** One metric data point; `value` is set for sums and gauges, `count`/`sum` for histograms and summaries. */
export interface CollectedDataPoint {
  attributes: Attributes;
  timeUnixNano: string;
  value?: number;
  count?: number;
  sum?: number;
}

/** One metric as the collector exported it. */
export interface CollectedMetric {
  name: string;
  description: string;
  unit: string;
  type: 'sum' | 'gauge' | 'histogram' | 'exponentialHistogram' | 'summary' | 'unknown';
  dataPoints: CollectedDataPoint[];
  resource: Attributes;
  scope: CollectedScope;
}


/** Names the in-process receiver's users know these by. */
export type FlatLogRecord = CollectedLogRecord;
export type FlatSpan = CollectedSpan;

type Json = Record<string, unknown>;

function asObject(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return Number(value);
  return 0;
}

/** Converts one OTLP AnyValue to plain JSON. */
export function anyValueToPlain(value: unknown): AttributeValue {
  const v = asObject(value);
  if ('stringValue' in v) return asString(v.stringValue);
  if ('boolValue' in v) return v.boolValue === true;
  if ('intValue' in v) return asNumber(v.intValue);
  if ('doubleValue' in v) return asNumber(v.doubleValue);
  if ('bytesValue' in v) return asString(v.bytesValue);
  if ('arrayValue' in v) return asArray(asObject(v.arrayValue).values).map(anyValueToPlain);
  if ('kvlistValue' in v) return attributesToPlain(asObject(v.kvlistValue).values);
  return null;
}

/** Converts an OTLP KeyValue list to key -> plain value. */
export function attributesToPlain(list: unknown): Attributes {
  const out: Attributes = {};
  for (const entry of asArray(list)) {
    const kv = asObject(entry);
    out[asString(kv.key)] = anyValueToPlain(kv.value);
  }
  return out;
}

function scopeOf(value: unknown): CollectedScope {
  const scope = asObject(value);
  return { name: asString(scope.name), version: asString(scope.version) };
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function enumNumber(value: unknown, names: Record<string, number>): number {
  if (typeof value === 'string' && value in names) return names[value] ?? 0;
  return asNumber(value);
}

/** Flattens one ExportLogsServiceRequest (one file-exporter line). */
export function flattenLogs(request: unknown): CollectedLogRecord[] {
  const records: CollectedLogRecord[] = [];
  for (const resourceLogs of asArray(asObject(request).resourceLogs)) {
    const rl = asObject(resourceLogs);
    const resource = attributesToPlain(asObject(rl.resource).attributes);
    for (const scopeLogs of asArray(rl.scopeLogs)) {
      const sl = asObject(scopeLogs);
      const scope = scopeOf(sl.scope);
      for (const logRecord of asArray(sl.logRecords)) {
        const r = asObject(logRecord);
        records.push({
          eventName: asString(r.eventName),
          severityText: asString(r.severityText),
          severityNumber: enumNumberOrZero(r.severityNumber),
          body: 'body' in r ? anyValueToPlain(r.body) : null,
          attributes: attributesToPlain(r.attributes),
          traceId: asString(r.traceId),
          spanId: asString(r.spanId),
          timeUnixNano: asString(r.timeUnixNano),
          observedTimeUnixNano: asString(r.observedTimeUnixNano),
          resource,
          scope,
        });
      }
    }
  }
  return records;
}

function enumNumberOrZero(value: unknown): number {
  const n = asNumber(value);
  return Number.isFinite(n) ? n : 0;
}

/** Flattens one ExportTraceServiceRequest (one file-exporter line). */
export function flattenSpans(request: unknown): CollectedSpan[] {
  const spans: CollectedSpan[] = [];
  for (const resourceSpans of asArray(asObject(request).resourceSpans)) {
    const rs = asObject(resourceSpans);
    const resource = attributesToPlain(asObject(rs.resource).attributes);
    for (const scopeSpans of asArray(rs.scopeSpans)) {
      const ss = asObject(scopeSpans);
      const scope = scopeOf(ss.scope);
      for (const span of asArray(ss.spans)) {
        const s = asObject(span);
        const status = asObject(s.status);
        spans.push({
          name: asString(s.name),
          traceId: asString(s.traceId),
          spanId: asString(s.spanId),
          parentSpanId: asString(s.parentSpanId),
          kind: enumNumber(s.kind, SPAN_KINDS),
          startTimeUnixNano: asString(s.startTimeUnixNano),
          endTimeUnixNano: asString(s.endTimeUnixNano),
          attributes: attributesToPlain(s.attributes),
          events: asArray(s.events).map((event) => {
            const e = asObject(event);
            return { name: asString(e.name), timeUnixNano: asString(e.timeUnixNano), attributes: attributesToPlain(e.attributes) };
          }),
          status: { code: enumNumber(status.code, STATUS_CODES), message: asString(status.message) },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

const METRIC_TYPES = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const;

/** Flattens one ExportMetricsServiceRequest (one file-exporter line). */
export function flattenMetrics(request: unknown): CollectedMetric[] {
  const metrics: CollectedMetric[] = [];
  for (const resourceMetrics of asArray(asObject(request).resourceMetrics)) {
    const rm = asObject(resourceMetrics);
    const resource = attributesToPlain(asObject(rm.resource).attributes);
    for (const scopeMetrics of asArray(rm.scopeMetrics)) {
      const sm = asObject(scopeMetrics);
      const scope = scopeOf(sm.scope);
      for (const metric of asArray(sm.metrics)) {
        const m = asObject(metric);
        const type = METRIC_TYPES.find((t) => t in m) ?? 'unknown';
        const data = type === 'unknown' ? {} : asObject(m[type]);
        metrics.push({
          name: asString(m.name),
          description: asString(m.description),
          unit: asString(m.unit),
          type,
          dataPoints: asArray(data.dataPoints).map((point) => flattenDataPoint(asObject(point))),
          resource,
          scope,
        });
      }
    }
  }
  return metrics;
}

function flattenDataPoint(p: Json): CollectedDataPoint {
  const point: CollectedDataPoint = { attributes: attributesToPlain(p.attributes), timeUnixNano: asString(p.timeUnixNano) };
  if ('asInt' in p) point.value = asNumber(p.asInt);
  else if ('asDouble' in p) point.value = asNumber(p.asDouble);
  if ('count' in p) point.count = asNumber(p.count);
  if ('sum' in p) point.sum = asNumber(p.sum);
  return point;
}
