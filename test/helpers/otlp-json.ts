// Flattens OTLP JSON (OTLP/HTTP JSON request bodies and the collector file exporter's lines) into
// plain records that tests can assert on.

export type OtlpAnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
};
export type OtlpKeyValue = { key: string; value?: OtlpAnyValue };

export interface FlatLogRecord {
  eventName: string | undefined;
  severityText: string | undefined;
  severityNumber: number | undefined;
  body: unknown;
  attributes: Record<string, unknown>;
  traceId: string | undefined;
  spanId: string | undefined;
  timeUnixNano: string | undefined;
  resource: Record<string, unknown>;
  scope: string | undefined;
}

export interface FlatSpan {
  name: string;
  kind: number | undefined;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
}

export function anyValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return value.bytesValue;
  if ('arrayValue' in value) return (value.arrayValue?.values ?? []).map(anyValue);
  if ('kvlistValue' in value) return keyValues(value.kvlistValue?.values);
  return undefined;
}

export function keyValues(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

/** OTLP/JSON ids are hex; some encoders use base64. Normalise to lower-case hex. */
export function hexId(id: string | undefined): string | undefined {
  if (id === undefined || id === '') return undefined;
  if (/^[0-9a-fA-F]+$/.test(id) && (id.length === 32 || id.length === 16)) return id.toLowerCase();
  return Buffer.from(id, 'base64').toString('hex');
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export function flattenLogs(request: unknown): FlatLogRecord[] {
  const out: FlatLogRecord[] = [];
  for (const rl of list((request as Json)?.resourceLogs)) {
    const resource = keyValues(((rl.resource as Json | undefined)?.attributes as OtlpKeyValue[] | undefined) ?? []);
    for (const sl of list(rl.scopeLogs)) {
      const scope = (sl.scope as Json | undefined)?.name as string | undefined;
      for (const lr of list(sl.logRecords)) {
        out.push({
          eventName: (lr.eventName as string | undefined) || undefined,
          severityText: lr.severityText as string | undefined,
          severityNumber: lr.severityNumber === undefined ? undefined : Number(lr.severityNumber),
          body: anyValue(lr.body as OtlpAnyValue | undefined),
          attributes: keyValues(lr.attributes as OtlpKeyValue[] | undefined),
          traceId: hexId(lr.traceId as string | undefined),
          spanId: hexId(lr.spanId as string | undefined),
          timeUnixNano: lr.timeUnixNano === undefined ? undefined : String(lr.timeUnixNano),
          resource,
          scope,
        });
      }
    }
  }
  return out;
}

export function flattenSpans(request: unknown): FlatSpan[] {
  const out: FlatSpan[] = [];
  for (const rs of list((request as Json)?.resourceSpans)) {
    const resource = keyValues(((rs.resource as Json | undefined)?.attributes as OtlpKeyValue[] | undefined) ?? []);
    for (const ss of list(rs.scopeSpans)) {
      for (const span of list(ss.spans)) {
        out.push({
          name: span.name as string,
          kind: span.kind === undefined ? undefined : Number(span.kind),
          traceId: hexId(span.traceId as string) as string,
          spanId: hexId(span.spanId as string) as string,
          parentSpanId: hexId(span.parentSpanId as string | undefined),
          attributes: keyValues(span.attributes as OtlpKeyValue[] | undefined),
          events: list(span.events).map((event) => ({
            name: event.name as string,
            attributes: keyValues(event.attributes as OtlpKeyValue[] | undefined),
          })),
          resource,
        });
      }
    }
  }
  return out;
}

/** Metric data points flattened to { name, value, attributes } (sums and gauges). */
export function flattenMetrics(request: unknown): { name: string; value: number; attributes: Record<string, unknown> }[] {
  const out: { name: string; value: number; attributes: Record<string, unknown> }[] = [];
  for (const rm of list((request as Json)?.resourceMetrics)) {
    for (const sm of list(rm.scopeMetrics)) {
      for (const metric of list(sm.metrics)) {
        const data = (metric.sum ?? metric.gauge) as Json | undefined;
        for (const point of list(data?.dataPoints)) {
          out.push({
            name: metric.name as string,
            value: Number(point.asInt ?? point.asDouble ?? 0),
            attributes: keyValues(point.attributes as OtlpKeyValue[] | undefined),
          });
        }
      }
    }
  }
  return out;
}
