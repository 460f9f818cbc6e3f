// SpoolingLogRecordProcessor with the real logs SDK: what is spooled and exported, retries,
// replay after a restart, the cap and how losses are reported, bounded flushes.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { SPOOL_VERSION, SpoolingLogRecordProcessor, withoutSecurityRecords } from '@secotel/spool';
import type { SpoolLossReport } from '@secotel/spool';
import { ControlledExporter, captureWarnings, loggerProviderWith, watchDroppedMetric } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'secotel-spool-test-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `spool-${++dirs}`);

const FAST = { scheduledDelayMillis: 10, initialBackoffMillis: 10, maxBackoffMillis: 50 };

function emitSecurity(provider: ReturnType<typeof loggerProviderWith>, count: number, from = 0): void {
  const logger = provider.getLogger('@secotel/sdk', '0.1.0');
  for (let i = from; i < from + count; i++) {
    logger.emit({
      eventName: 'security.authz_fail',
      severityNumber: 17,
      severityText: 'CRITICAL',
      body: `Access denied ${i}`,
      attributes: { 'security.event.id': `id-${i}`, 'user.id': 'mallory', 'http.response.status_code': 403, index: i },
    });
  }
}

describe('SpoolingLogRecordProcessor', () => {
  it('exports each security record with everything it carried, and leaves other records to other processors', async () => {
    const exporter = new ControlledExporter();
    const others = new InMemoryLogRecordExporter();
    const spool = new SpoolingLogRecordProcessor({ directory: freshDir(), exporter, ...FAST });
    const provider = loggerProviderWith([spool, withoutSecurityRecords(new SimpleLogRecordProcessor({ exporter: others }))]);
    const logger = provider.getLogger('@secotel/sdk', '0.1.0');
    const spanContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 };
    logger.emit({
      eventName: 'security.authn_login_fail',
      severityNumber: 13,
      severityText: 'WARN',
      body: 'Failed login for alice',
      attributes: { 'user.id': 'alice', 'security.event.id': 'e-1', 'user.roles': ['admin', 'ops'], 'http.response.status_code': 401 },
      context: trace.setSpanContext(ROOT_CONTEXT, spanContext),
    });
    logger.emit({ body: 'an ordinary application log', severityNumber: 9 });
    logger.emit({ eventName: 'app.cache_miss', body: 'not a security event' });
    const report = await spool.flushSecurity({ timeoutMillis: 5_000 });

    assert.deepEqual({ exported: report.exported, dropped: report.dropped, pending: report.pending }, { exported: 1, dropped: 0, pending: 0 });
    assert.equal(exporter.exported.length, 1);
    const [record] = exporter.exported;
    assert.equal(record?.eventName, 'security.authn_login_fail');
    assert.equal(record?.severityText, 'WARN');
    assert.equal(record?.severityNumber, 13);
    assert.equal(record?.body, 'Failed login for alice');
    assert.deepEqual(record?.attributes, { 'user.id': 'alice', 'security.event.id': 'e-1', 'user.roles': ['admin', 'ops'], 'http.response.status_code': 401 });
    assert.deepEqual(record?.spanContext, spanContext);
    assert.equal(record?.resource.attributes['service.name'], 'spool-test');
    assert.equal(record?.instrumentationScope.name, '@secotel/sdk');
    assert.deepEqual(others.getFinishedLogRecords().map((r) => r.body), ['an ordinary application log', 'not a security event']);
    await provider.shutdown();
  });

  it('keeps retrying a failing exporter with backoff until it succeeds, losing nothing', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'fail';
    const spool = new SpoolingLogRecordProcessor({ directory: freshDir(), exporter, ...FAST });
    const provider = loggerProviderWith([spool]);
    emitSecurity(provider, 1200);
    const during = await spool.flushSecurity({ timeoutMillis: 300 });
    assert.equal(during.pending, 1200);
    assert.equal(during.dropped, 0);
    assert.ok(exporter.failures >= 3, `${exporter.failures} failed attempts`);
    exporter.mode = 'succeed';
    const report = await spool.flushSecurity({ timeoutMillis: 5_000 });
    console.log(`failing exporter: ${exporter.failures} failed attempts, then ${report.exported} exported, ${report.dropped} dropped, ${report.pending} pending`);
    assert.deepEqual({ exported: report.exported, dropped: report.dropped, pending: report.pending }, { exported: 1200, dropped: 0, pending: 0 });
    assert.deepEqual(
      exporter.exported.map((r) => r.attributes.index),
      Array.from({ length: 1200 }, (_, i) => i),
    );
    assert.ok(exporter.exported.every((r) => r.resource === exporter.exported[0]?.resource), 'one resource object: one ResourceLogs per export');
    await provider.shutdown();
  });

  it('sends the records an earlier process left unacknowledged when it starts again', async () => {
    const directory = freshDir();
    const down = new ControlledExporter();
    down.mode = 'fail';
    const first = new SpoolingLogRecordProcessor({ directory, exporter: down, ...FAST, shutdownTimeoutMillis: 100 });
    const firstProvider = loggerProviderWith([first], 'first-run');
    emitSecurity(firstProvider, 300);
    await firstProvider.shutdown();
    assert.equal(first.deliveryReport().pending, 300);

    const up = new ControlledExporter();
    const second = new SpoolingLogRecordProcessor({ directory, exporter: up, ...FAST });
    const secondProvider = loggerProviderWith([second], 'second-run');
    emitSecurity(secondProvider, 5, 300);
    const report = await second.flushSecurity({ timeoutMillis: 5_000 });
    assert.deepEqual({ exported: report.exported, pending: report.pending }, { exported: 305, pending: 0 });
    assert.deepEqual(
      up.exported.map((r) => r.attributes.index),
      Array.from({ length: 305 }, (_, i) => i),
    );
    assert.equal(up.exported[0]?.resource.attributes['service.name'], 'first-run', 'replayed records keep the resource they were emitted with');
    assert.equal(up.exported[300]?.resource.attributes['service.name'], 'second-run');
    await secondProvider.shutdown();
  });

  it('counts what it drops at the cap, warns once, and reports the loss once space returns', async () => {
    const dropped = watchDroppedMetric();
    const warnings = captureWarnings();
    const losses: SpoolLossReport[] = [];
    try {
      const exporter = new ControlledExporter();
      exporter.mode = 'fail';
      const spool = new SpoolingLogRecordProcessor({ directory: freshDir(), exporter, maxBytes: 16 * 1024, onLoss: (loss) => losses.push(loss), ...FAST });
      const provider = loggerProviderWith([spool]);
      emitSecurity(provider, 300);
      const full = spool.deliveryReport();
      assert.ok(full.dropped > 0, 'some records were refused');
      assert.equal(full.droppedByReason.spool_full, full.dropped);
      assert.equal(full.pending + full.dropped, 300);
      assert.ok(spool.usedBytes <= 16 * 1024);
      assert.deepEqual(await dropped.byReason(), { spool_full: full.dropped });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      assert.equal(warnings.warnings.filter((w) => w.code === 'SECOTEL_SPOOL_FULL').length, 1);
      assert.equal(losses.length, 0, 'no report while the spool is still full');

      exporter.mode = 'succeed';
      const report = await spool.flushSecurity({ timeoutMillis: 5_000 });
      await new Promise((resolve) => setImmediate(resolve));
      console.log(`spool cap 16 KiB: 300 emitted, ${report.exported} exported, ${report.dropped} dropped (reported: ${losses[0]?.dropped})`);
      assert.equal(report.exported + report.dropped, 300, 'every record is either delivered or counted as dropped');
      assert.equal(losses.length, 1);
      assert.equal(losses[0]?.dropped, report.dropped);
      assert.equal(losses[0]?.reason, 'spool_full');
      emitSecurity(provider, 1, 300);
      assert.equal(spool.deliveryReport().dropped, report.dropped, 'the spool takes records again');
      await provider.shutdown();
    } finally {
      warnings.stop();
      await dropped.stop();
    }
  });

  it('bounds forceFlush and shutdown when the exporter never answers, keeping the records on disk', async () => {
    const directory = freshDir();
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const spool = new SpoolingLogRecordProcessor({ directory, exporter, ...FAST, flushTimeoutMillis: 200, shutdownTimeoutMillis: 200 });
    const provider = loggerProviderWith([spool]);
    emitSecurity(provider, 10);
    const started = Date.now();
    await spool.forceFlush();
    await provider.shutdown();
    assert.ok(Date.now() - started < 5_000);
    assert.equal(spool.deliveryReport().pending, 10);
    assert.equal(existsSync(join(directory, 'ack')), false, 'nothing was acknowledged');
  });

  it('keeps SPOOL_VERSION in step with package.json', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string };
    assert.equal(SPOOL_VERSION, manifest.version);
  });
});
