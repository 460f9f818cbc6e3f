// Log records <-> frame payloads. A record frame is a JSON array; the resource and the
// instrumentation scope, the same for thousands of records, are written once per segment in a
// meta frame that records refer to by number.
import type { Attributes, AnyValue, HrTime, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** The scope as a log record carries it. */
export type RecordScope = ReadableLogRecord['instrumentationScope'];

/** What a meta frame stands for. */
export interface RecordMeta {
  readonly resource: Resource;
  readonly scope: RecordScope;
}

interface MetaJson {
  id: number;
  r: Attributes;
  ru?: string;
  s: { n: string; v?: string; u?: string; a?: Attributes };
}

// [meta, t0, t1, o0, o1, severityNumber, severityText, eventName, body, attributes, traceId, spanId, traceFlags, droppedAttributesCount, bytes]
type RecordJson = [
  number,
  number,
  number,
  number,
  number,
  number | null,
  string | null,
  string | null,
  AnyValue,
  Attributes,
  string | null,
  string | null,
  number | null,
  number,
  0 | 1,
];

const BYTES_KEY = '$b';

function isPromiseLike(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Resource attributes without touching `attributes` while detectors are still running (which logs an error). */
export function settledResourceAttributes(resource: Resource): Attributes {
  if (resource.asyncAttributesPending !== true) return resource.attributes;
  const attributes: Attributes = {};
  for (const [key, value] of resource.getRawAttributes()) {
    if (!isPromiseLike(value) && !(key in attributes) && value !== undefined) attributes[key] = value as Attributes[string];
  }
  return attributes;
}

export function encodeMeta(id: number, resource: Resource, scope: RecordScope): Buffer {
  const meta: MetaJson = { id, r: settledResourceAttributes(resource), s: { n: scope.name } };
  if (resource.schemaUrl !== undefined) meta.ru = resource.schemaUrl;
  if (scope.version !== undefined) meta.s.v = scope.version;
  if (scope.schemaUrl !== undefined) meta.s.u = scope.schemaUrl;
  if (scope.attributes !== undefined) meta.s.a = scope.attributes;
  return Buffer.from(JSON.stringify(meta), 'utf8');
}

/** Decodes a meta frame into fresh Resource and scope objects; undefined when it is not one. */
export function decodeMeta(payload: Buffer): { id: number; meta: RecordMeta } | undefined {
  try {
    const json = JSON.parse(payload.toString('utf8')) as MetaJson;
    if (!Number.isSafeInteger(json.id) || typeof json.s?.n !== 'string') return undefined;
    const resource = resourceFromAttributes(json.r ?? {}, json.ru !== undefined ? { schemaUrl: json.ru } : undefined);
    const scope: InstrumentationScope & { attributes?: Attributes } = {
      name: json.s.n,
      ...(json.s.v !== undefined ? { version: json.s.v } : {}),
      ...(json.s.u !== undefined ? { schemaUrl: json.s.u } : {}),
      ...(json.s.a !== undefined ? { attributes: json.s.a } : {}),
    };
    return { id: json.id, meta: { resource, scope } };
  } catch {
    return undefined;
  }
}

function containsBytes(value: unknown, depth = 0): boolean {
  if (value instanceof Uint8Array) return true;
  if (typeof value !== 'object' || value === null || depth > 8) return false;
  for (const item of Array.isArray(value) ? value : Object.values(value)) if (containsBytes(item, depth + 1)) return true;
  return false;
}

// JSON has no bytes: `{"$b": base64}` stands for a Uint8Array, only in records flagged as having some.
function bytesReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Uint8Array) return { [BYTES_KEY]: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString('base64') };
  return value;
}

function bytesReviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.keys(value);
    const encoded = (value as Record<string, unknown>)[BYTES_KEY];
    if (entries.length === 1 && typeof encoded === 'string') return new Uint8Array(Buffer.from(encoded, 'base64'));
  }
  return value;
}

/** The fields of a record the spool keeps. */
export interface SpoolableRecord {
  readonly hrTime: HrTime;
  readonly hrTimeObserved: HrTime;
  readonly spanContext?: SpanContext;
  readonly severityText?: string;
  readonly severityNumber?: number;
  readonly body?: AnyValue;
  readonly eventName?: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export function encodeRecord(metaId: number, record: SpoolableRecord): Buffer {
  const bytes = containsBytes(record.body) || containsBytes(record.attributes);
  const span = record.spanContext;
  const json: RecordJson = [
    metaId,
    record.hrTime[0],
    record.hrTime[1],
    record.hrTimeObserved[0],
    record.hrTimeObserved[1],
    record.severityNumber ?? null,
    record.severityText ?? null,
    record.eventName ?? null,
    record.body ?? null,
    record.attributes,
    span?.traceId ?? null,
    span?.spanId ?? null,
    span?.traceFlags ?? null,
    record.droppedAttributesCount,
    bytes ? 1 : 0,
  ];
  return Buffer.from(bytes ? JSON.stringify(json, bytesReplacer) : JSON.stringify(json), 'utf8');
}

/** The meta id a record frame refers to, and the rest of it as a ReadableLogRecord once given its meta. */
export function decodeRecord(payload: Buffer, metaFor: (id: number) => RecordMeta): ReadableLogRecord | undefined {
  let json: RecordJson;
  try {
    const text = payload.toString('utf8');
    // The flag is the last element: `,1]` means the record holds bytes.
    json = (text.endsWith(',1]') ? JSON.parse(text, bytesReviver) : JSON.parse(text)) as RecordJson;
    if (!Array.isArray(json) || json.length < 15) return undefined;
  } catch {
    return undefined;
  }
  const meta = metaFor(json[0]);
  const spanContext: SpanContext | undefined =
    json[10] !== null && json[11] !== null ? { traceId: json[10], spanId: json[11], traceFlags: json[12] ?? 0 } : undefined;
  return {
    hrTime: [json[1], json[2]],
    hrTimeObserved: [json[3], json[4]],
    spanContext,
    severityNumber: json[5] ?? undefined,
    severityText: json[6] ?? undefined,
    eventName: json[7] ?? undefined,
    body: json[8] ?? undefined,
    attributes: json[9] ?? {},
    droppedAttributesCount: json[13] ?? 0,
    resource: meta.resource,
    instrumentationScope: meta.scope,
  };
}
