// Real OpenTelemetry SDK setups for tests: the global providers registered the way an application
// would, exporting either over OTLP/HTTP to a receiver or into memory.
import assert from 'node:assert/strict';
import { context, logs, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface TestTelemetry {
  readonly loggerProvider: LoggerProvider;
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  /** Only for `inMemory` setups. */
  readonly logExporter: InMemoryLogRecordExporter | undefined;
  readonly spanExporter: InMemorySpanExporter | undefined;
  /** The log records exported so far (in-memory setups; none otherwise). */
  logs(): ReadableLogRecord[];
  /** The last of {@link logs}; fails the test when nothing was exported. */
  lastLog(): ReadableLogRecord;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * Registers global logger, tracer and meter providers and an AsyncLocalStorage context manager.
 * With `otlpUrl` they export over OTLP/HTTP JSON with batching, as in production; otherwise
 * logs and spans go to in-memory exporters synchronously (for unit tests).
 */
export function startTestTelemetry(options: { otlpUrl?: string; serviceName?: string } = {}): TestTelemetry {
  const resource = resourceFromAttributes({ 'service.name': options.serviceName ?? 'secotel-test' });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  let logExporter: InMemoryLogRecordExporter | undefined;
  let spanExporter: InMemorySpanExporter | undefined;
  let loggerProvider: LoggerProvider;
  let tracerProvider: TracerProvider;
  let meterProvider: MeterProvider;
  if (options.otlpUrl !== undefined) {
    loggerProvider = new LoggerProvider({
      resource,
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${options.otlpUrl}/v1/logs` }), scheduledDelayMillis: 100 })],
    });
    tracerProvider = new TracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${options.otlpUrl}/v1/traces` }), scheduledDelayMillis: 100 })],
    });
    meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: `${options.otlpUrl}/v1/metrics` }),
          exportIntervalMillis: 60_000,
        }),
      ],
    });
  } else {
    logExporter = new InMemoryLogRecordExporter();
    spanExporter = new InMemorySpanExporter();
    loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
    tracerProvider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] });
    meterProvider = new MeterProvider({ resource });
  }
  logs.setGlobalLoggerProvider(loggerProvider);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    loggerProvider,
    tracerProvider,
    meterProvider,
    logExporter,
    spanExporter,
    logs() {
      return logExporter?.getFinishedLogRecords() ?? [];
    },
    lastLog() {
      const records = logExporter?.getFinishedLogRecords() ?? [];
      const record = records[records.length - 1];
      assert.ok(record, 'expected a log record');
      return record;
    },
    async flush() {
      await Promise.all([loggerProvider.forceFlush(), tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    },
    async shutdown() {
      await Promise.all([loggerProvider.shutdown(), tracerProvider.shutdown(), meterProvider.shutdown()]);
      logs.disable();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}
