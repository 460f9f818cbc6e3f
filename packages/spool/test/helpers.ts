// Test doubles with real OpenTelemetry parts: a logger provider, exporters whose answers a test
// controls, and a metric reader for secotel.security.dropped.
import { metrics } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** An exporter that answers as `mode` says: succeed, fail, or never answer. */
export class ControlledExporter implements LogRecordExporter {
  mode: 'succeed' | 'fail' | 'hang' = 'succeed';
  readonly exported: ReadableLogRecord[] = [];
  calls = 0;
  failures = 0;

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.calls++;
    if (this.mode === 'hang') return;
    if (this.mode === 'fail') {
      this.failures++;
      setImmediate(() => resultCallback({ code: ExportResultCode.FAILED, error: new Error('collector unavailable') }));
      return;
    }
    this.exported.push(...records);
    setImmediate(() => resultCallback({ code: ExportResultCode.SUCCESS }));
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export function loggerProviderWith(processors: LogRecordProcessor[], serviceName = 'spool-test'): LoggerProvider {
  return new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), processors });
}

class CollectingReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Registers a global MeterProvider and reads `secotel.security.dropped` by reason. */
export function watchDroppedMetric(): { byReason(): Promise<Record<string, number>>; stop(): Promise<void> } {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    async byReason() {
      const { resourceMetrics } = await reader.collect();
      const totals: Record<string, number> = {};
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== 'secotel.security.dropped') continue;
          for (const point of metric.dataPoints) totals[String(point.attributes.reason)] = point.value as number;
        }
      }
      return totals;
    },
    async stop() {
      await provider.shutdown();
      metrics.disable();
    },
  };
}

/** Collects process warnings with the given codes while the test runs. */
export function captureWarnings(): { warnings: { code: string; message: string }[]; stop(): void } {
  const warnings: { code: string; message: string }[] = [];
  const onWarning = (warning: Error & { code?: string }) => warnings.push({ code: warning.code ?? '', message: warning.message });
  process.on('warning', onWarning);
  return { warnings, stop: () => process.off('warning', onWarning) };
}
