import { diag } from '@opentelemetry/api';
import { OTLPLogExporter as OTLPGrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as OTLPJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { BatchLogRecordProcessor, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { SecurityConsoleExporter } from './console-exporter.js';

type Env = Readonly<Record<string, string | undefined>>;

function list(raw: string | undefined): string[] {
  return raw === undefined ? [] : raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0);
}

/** The OTLP logs exporter for `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL` (default http/protobuf). */
export function otlpLogExporterFromEnv(env: Env = process.env): LogRecordExporter {
  const protocol = (env.OTEL_EXPORTER_OTLP_LOGS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim() || 'http/protobuf';
  // The exporters read the endpoint, headers, timeout and compression variables themselves.
  if (protocol === 'http/json') return new OTLPJsonLogExporter();
  if (protocol === 'grpc') return new OTLPGrpcLogExporter();
  if (protocol !== 'http/protobuf') diag.warn(`secotel: unsupported OTLP protocol "${protocol}"; using http/protobuf.`);
  return new OTLPProtoLogExporter();
}

/**
 * Log record processors for `OTEL_LOGS_EXPORTER` (`otlp` by default, `console`, `none`, or a
 * comma-separated mix), like the NodeSDK's own, except that `console` prints one readable line per
 * security event instead of a multi-line object dump.
 */
export function logRecordProcessorsFromEnv(env: Env = process.env): LogRecordProcessor[] {
  const names = list(env.OTEL_LOGS_EXPORTER);
  if (names.length === 0) names.push('otlp');
  if (names.includes('none')) return [];
  const processors: LogRecordProcessor[] = [];
  for (const name of new Set(names)) {
    if (name === 'otlp') processors.push(new BatchLogRecordProcessor({ exporter: otlpLogExporterFromEnv(env) }));
    else if (name === 'console') processors.push(new SimpleLogRecordProcessor({ exporter: new SecurityConsoleExporter() }));
    else diag.warn(`secotel: unsupported OTEL_LOGS_EXPORTER value "${name}"; supported: otlp, console, none.`);
  }
  return processors;
}
