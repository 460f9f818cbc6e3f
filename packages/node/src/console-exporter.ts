import { ExportResultCode, hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** Attributes shown first, in this order, when present; the rest follow alphabetically. */
const LEADING_ATTRIBUTES = [
  'security.event.outcome',
  'user.id',
  'client.address',
  'http.request.method',
  'url.path',
  'http.route',
  'http.response.status_code',
  'security_rule.category',
  'security_rule.name',
  'security.attack.location',
  'security.attack.payload',
];
/** Noise for a person scanning a terminal; still exported by the OTLP exporters. */
const HIDDEN_ATTRIBUTES = new Set(['security.event.id', 'security.event.category']);
/** Hash-chain bookkeeping (`security.chain.*`): for `secotel verify`, not for people. */
const CHAIN_PREFIX = 'security.chain.';
const COLORS: Record<string, string> = { INFO: '\u001b[36m', WARN: '\u001b[33m', CRITICAL: '\u001b[31m' };
const RESET = '\u001b[0m';

function show(value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const short = flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
  return /[\s"=]/.test(short) ? JSON.stringify(short) : short;
}

/**
 * Formats one log record as a single line a person can scan, e.g.
 * `10:21:04.123 WARN security.authn_login_fail outcome=failure user.id=alice client.address=10.0.0.7 "Failed login" trace=4bf9…`.
 */
export function formatSecurityLine(record: ReadableLogRecord, color = false): string {
  const time = new Date(hrTimeToMilliseconds(record.hrTime)).toISOString().slice(11, 23);
  const level = record.severityText ?? 'INFO';
  const name = record.eventName ?? 'log';
  const attributes = record.attributes;
  const parts: string[] = [];
  for (const key of LEADING_ATTRIBUTES) {
    if (attributes[key] !== undefined) parts.push(`${key === 'security.event.outcome' ? 'outcome' : key}=${show(attributes[key])}`);
  }
  for (const key of Object.keys(attributes).sort()) {
    if (LEADING_ATTRIBUTES.includes(key) || HIDDEN_ATTRIBUTES.has(key) || key.startsWith(CHAIN_PREFIX) || attributes[key] === undefined) continue;
    parts.push(`${key}=${show(attributes[key])}`);
  }
  if (record.body !== undefined && record.body !== '') parts.push(show(record.body));
  const traceId = record.spanContext?.traceId;
  if (traceId !== undefined) parts.push(`trace=${traceId}`);
  const head = color ? `${COLORS[level] ?? ''}${level.padEnd(8)}${RESET}` : level.padEnd(8);
  return `${time} ${head} ${name} ${parts.join(' ')}`;
}

/**
 * A logs exporter for terminals: one readable line per record (security events and any other
 * log the application emits). Selected with `OTEL_LOGS_EXPORTER=console`.
 */
export class SecurityConsoleExporter implements LogRecordExporter {
  private readonly write: (line: string) => void;
  private readonly color: boolean;

  constructor(options: { write?: (line: string) => void; color?: boolean } = {}) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.color = options.color ?? (process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
  }

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    try {
      for (const record of records) this.write(formatSecurityLine(record, this.color));
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
