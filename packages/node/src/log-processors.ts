import { diag } from '@opentelemetry/api';
import { OTLPLogExporter as OTLPGrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as OTLPJsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OTLPProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { BatchLogRecordProcessor, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { BatchLogRecordProcessorOptions, LogRecordExporter, LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { securityEvent } from '@secotel/sdk';
import { AccountingBatchLogRecordProcessor, SpoolError, SpoolingLogRecordProcessor, spoolConfigFromEnv, spoolLossEventFields, withoutSecurityRecords } from '@secotel/spool';
import type { FsyncPolicy, SecurityDeliveryReporter, SpoolLossReport } from '@secotel/spool';
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

/** The log record processors of a secotel setup, and the ones that account for security records. */
export interface LogPipeline {
  /** For the LoggerProvider, in order. */
  readonly processors: LogRecordProcessor[];
  /** The processors that export security records over OTLP, for `flushSecurity()`. */
  readonly reporters: SecurityDeliveryReporter[];
  /** The spool, when `SECOTEL_SPOOL_DIR` is set and the directory could be used. */
  readonly spool: SpoolingLogRecordProcessor | undefined;
}

/** The spool in code: the equivalent of the `SECOTEL_SPOOL_*` variables. */
export interface SpoolSettings {
  /** `SECOTEL_SPOOL_DIR`. */
  directory: string;
  /** `SECOTEL_SPOOL_FSYNC`: `always` or an interval in ms. Default 200. */
  fsync?: FsyncPolicy;
  /** `SECOTEL_SPOOL_MAX_BYTES`. Default 256 MiB. */
  maxBytes?: number;
}

/** Options of {@link logPipelineFromEnv}. */
export interface LogPipelineOptions {
  /** Spool settings; they win over `SECOTEL_SPOOL_*`. `false`: no spool, whatever the environment says. */
  spool?: SpoolSettings | false;
  /** How spool losses are reported once space returns. Default: `securityEvent('sys_monitor_disabled', ...)`. */
  onSpoolLoss?: (report: SpoolLossReport) => void;
}

function envInteger(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  diag.warn(`secotel: ignoring ${name}="${raw}": expected a positive integer.`);
  return undefined;
}

/** The `OTEL_BLRP_*` settings, which a BatchLogRecordProcessor built by hand does not read itself. */
function batchOptionsFromEnv(env: Env): Omit<BatchLogRecordProcessorOptions, 'exporter'> {
  const options: Omit<BatchLogRecordProcessorOptions, 'exporter'> = {};
  const scheduledDelayMillis = envInteger(env, 'OTEL_BLRP_SCHEDULE_DELAY');
  const exportTimeoutMillis = envInteger(env, 'OTEL_BLRP_EXPORT_TIMEOUT');
  const maxQueueSize = envInteger(env, 'OTEL_BLRP_MAX_QUEUE_SIZE');
  const maxExportBatchSize = envInteger(env, 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE');
  if (scheduledDelayMillis !== undefined) options.scheduledDelayMillis = scheduledDelayMillis;
  if (exportTimeoutMillis !== undefined) options.exportTimeoutMillis = exportTimeoutMillis;
  if (maxQueueSize !== undefined) options.maxQueueSize = maxQueueSize;
  if (maxExportBatchSize !== undefined) options.maxExportBatchSize = maxExportBatchSize;
  return options;
}

/** Reports spool losses as a security event, redacted and counted like any other. */
function reportSpoolLoss(report: SpoolLossReport): void {
  securityEvent('sys_monitor_disabled', spoolLossEventFields(report));
}

function warnSpoolUnavailable(directory: string, error: unknown): void {
  const detail =
    error instanceof SpoolError
      ? `${error.message} (${error.code})`
      : `The spool directory ${directory} could not be opened: ${error instanceof Error ? error.message : String(error)}.`;
  process.emitWarning(
    `secotel: ${detail} Security events go through the in-memory queue instead, without the spool: ` +
      'they are lost if the collector is unreachable for long or the process dies.',
    { code: 'SECOTEL_SPOOL_UNAVAILABLE', type: 'SecotelWarning' },
  );
}

/** The spool of `SECOTEL_SPOOL_*`, or undefined (not configured, or unusable: then a warning says why). */
function openSpoolFromEnv(env: Env, batch: Omit<BatchLogRecordProcessorOptions, 'exporter'>, options: LogPipelineOptions): SpoolingLogRecordProcessor | undefined {
  if (options.spool === false) return undefined;
  const directory = options.spool?.directory ?? env.SECOTEL_SPOOL_DIR?.trim() ?? '';
  try {
    const config = options.spool ?? spoolConfigFromEnv(env);
    if (config === undefined) return undefined;
    return new SpoolingLogRecordProcessor({
      ...config,
      exporter: otlpLogExporterFromEnv(env),
      scheduledDelayMillis: batch.scheduledDelayMillis,
      exportTimeoutMillis: batch.exportTimeoutMillis,
      maxExportBatchSize: batch.maxExportBatchSize,
      onLoss: options.onSpoolLoss ?? reportSpoolLoss,
    });
  } catch (error) {
    // Never stop the application because of its telemetry: say so and use the in-memory path.
    warnSpoolUnavailable(directory, error);
    return undefined;
  }
}

/**
 * The log pipeline for `OTEL_LOGS_EXPORTER` (`otlp` by default, `console`, `none`, or a
 * comma-separated mix) and `SECOTEL_SPOOL_*`:
 * - `otlp` without a spool: one batch processor (reading `OTEL_BLRP_*`) that counts the security
 *   records it loses;
 * - `otlp` with `SECOTEL_SPOOL_DIR`: security records through the spool, everything else through
 *   the batch processor, so nothing is exported twice; if the directory cannot be used, a warning
 *   says why and the in-memory path is used;
 * - `console`: one readable line per record, security events included.
 */
export function logPipelineFromEnv(env: Env = process.env, options: LogPipelineOptions = {}): LogPipeline {
  const names = list(env.OTEL_LOGS_EXPORTER);
  if (names.length === 0) names.push('otlp');
  const spoolWanted = options.spool !== false && (options.spool !== undefined || (env.SECOTEL_SPOOL_DIR?.trim() ?? '') !== '');
  if (names.includes('none')) {
    if (spoolWanted) diag.warn('secotel: the spool is not used because OTEL_LOGS_EXPORTER is "none".');
    return { processors: [], reporters: [], spool: undefined };
  }
  const processors: LogRecordProcessor[] = [];
  const reporters: SecurityDeliveryReporter[] = [];
  let spool: SpoolingLogRecordProcessor | undefined;
  for (const name of new Set(names)) {
    if (name === 'otlp') {
      const batch = batchOptionsFromEnv(env);
      spool = openSpoolFromEnv(env, batch, options);
      if (spool !== undefined) {
        processors.push(spool, withoutSecurityRecords(new BatchLogRecordProcessor({ ...batch, exporter: otlpLogExporterFromEnv(env) })));
        reporters.push(spool);
      } else {
        const accounting = new AccountingBatchLogRecordProcessor({ ...batch, exporter: otlpLogExporterFromEnv(env) });
        processors.push(accounting);
        reporters.push(accounting);
      }
    } else if (name === 'console') processors.push(new SimpleLogRecordProcessor({ exporter: new SecurityConsoleExporter() }));
    else diag.warn(`secotel: unsupported OTEL_LOGS_EXPORTER value "${name}"; supported: otlp, console, none.`);
  }
  if (spoolWanted && !names.includes('otlp')) diag.warn('secotel: the spool is not used because OTEL_LOGS_EXPORTER does not include "otlp".');
  return { processors, reporters, spool };
}

/**
 * Log record processors for `OTEL_LOGS_EXPORTER` and `SECOTEL_SPOOL_*`, like the NodeSDK's own,
 * except that `console` prints one readable line per security event instead of a multi-line
 * object dump, and security records are accounted for (and spooled when configured); see
 * {@link logPipelineFromEnv}.
 */
export function logRecordProcessorsFromEnv(env: Env = process.env): LogRecordProcessor[] {
  return logPipelineFromEnv(env).processors;
}
