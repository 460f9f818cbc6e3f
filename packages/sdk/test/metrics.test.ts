import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metrics } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { SECURITY_EVENTS_METRIC, initSecurity, securityEvent } from '@secotel/sdk';

async function collect(reader: PeriodicExportingMetricReader, exporter: InMemoryMetricExporter) {
  await reader.forceFlush();
  const points: { name: string; value: number; attributes: Record<string, unknown> }[] = [];
  for (const resourceMetrics of exporter.getMetrics()) {
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        for (const point of metric.dataPoints) points.push({ name: metric.descriptor.name, value: Number(point.value), attributes: point.attributes });
      }
    }
  }
  return points;
}

describe('the secotel.security.events counter', () => {
  it('counts events by name, category and outcome, even when the meter provider is registered after the first event', async () => {
    initSecurity({ thresholds: false });
    securityEvent('authz_fail'); // before any MeterProvider: must not break later counting
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    securityEvent('authz_fail', { 'user.id': 'a' });
    securityEvent('authz_fail', { 'user.id': 'b' });
    securityEvent('authn_login_success', { 'user.id': 'a' });
    const points = (await collect(reader, exporter)).filter((p) => p.name === SECURITY_EVENTS_METRIC);
    const authz = points.find((p) => p.attributes['security.event.name'] === 'security.authz_fail');
    assert.equal(authz?.value, 2);
    assert.equal(authz?.attributes['security.event.category'], 'authz');
    assert.equal(authz?.attributes['security.event.outcome'], 'failure');
    const success = points.find((p) => p.attributes['security.event.name'] === 'security.authn_login_success');
    assert.equal(success?.value, 1);
    assert.equal(success?.attributes['security.event.outcome'], 'success');
    assert.equal(points.some((p) => 'user.id' in p.attributes), false, 'no high-cardinality user attribute on the metric');
    await provider.shutdown();
  });

  it('counts a summary with security.event.count N as N events, and any other count value as one', async () => {
    initSecurity({ thresholds: false });
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    metrics.disable();
    const provider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(provider);
    securityEvent('attack_detected', { 'security.event.count': 40 });
    securityEvent('attack_detected');
    for (const odd of [2.5, -3, 0, Number.NaN, '7']) securityEvent('attack_detected', { 'security.event.count': odd as number });
    const points = (await collect(reader, exporter)).filter((p) => p.name === SECURITY_EVENTS_METRIC);
    assert.equal(points.find((p) => p.attributes['security.event.name'] === 'security.attack_detected')?.value, 40 + 1 + 5);
    await provider.shutdown();
  });

  it('can be turned off', async () => {
    initSecurity({ thresholds: false, metrics: false });
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    metrics.disable();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    securityEvent('authz_fail');
    assert.deepEqual((await collect(reader, exporter)).filter((p) => p.name === SECURITY_EVENTS_METRIC), []);
  });
});
