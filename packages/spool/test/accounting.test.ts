// Loss accounting without a spool: the batch processor's queue-full drops and the exporter's
// failures are counted for security records, in the metric and in flushSecurity().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AccountingBatchLogRecordProcessor, combineDeliveryReports, parseByteSize, parseFsyncPolicy, spoolConfigFromEnv, withoutSecurityRecords } from '@secotel/spool';
import { ControlledExporter, captureWarnings, loggerProviderWith, watchDroppedMetric } from './helpers.ts';

function emit(provider: ReturnType<typeof loggerProviderWith>, security: number, other = 0): void {
  const logger = provider.getLogger('@secotel/sdk');
  for (let i = 0; i < security; i++) logger.emit({ eventName: 'security.authz_fail', body: `denied ${i}`, attributes: { index: i } });
  for (let i = 0; i < other; i++) logger.emit({ body: `app log ${i}` });
}

describe('AccountingBatchLogRecordProcessor', () => {
  it('reports every security record as exported when all goes well', async () => {
    const exporter = new ControlledExporter();
    const processor = new AccountingBatchLogRecordProcessor({ exporter, scheduledDelayMillis: 10 });
    const provider = loggerProviderWith([processor]);
    emit(provider, 50, 20);
    const report = await processor.flushSecurity();
    assert.deepEqual(report, { exported: 50, dropped: 0, droppedByReason: {}, pending: 0, spoolDirectory: undefined });
    assert.equal(exporter.exported.length, 70, 'other records are exported too, just not counted');
    await provider.shutdown();
  });

  it('counts security records dropped because the queue was full, in the report and the metric', async () => {
    const dropped = watchDroppedMetric();
    const warnings = captureWarnings();
    try {
      const exporter = new ControlledExporter();
      exporter.mode = 'hang'; // a collector that never answers: the queue fills up
      const processor = new AccountingBatchLogRecordProcessor({ exporter, maxQueueSize: 4, maxExportBatchSize: 4, scheduledDelayMillis: 10, exportTimeoutMillis: 1_000 });
      const provider = loggerProviderWith([processor]);
      emit(provider, 20, 5);
      const report = await processor.flushSecurity({ timeoutMillis: 100 });
      console.log(`queue of 4, collector hanging: 20 security records emitted, ${report.dropped} dropped, ${report.pending} pending`);
      assert.deepEqual({ dropped: report.dropped, pending: report.pending, exported: report.exported }, { dropped: 12, pending: 8, exported: 0 });
      assert.deepEqual(report.droppedByReason, { queue_full: 12 });
      assert.deepEqual(await dropped.byReason(), { queue_full: 12 });
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(warnings.warnings.filter((w) => w.code === 'SECOTEL_SECURITY_EVENTS_DROPPED').length, 1, 'one warning, not one per record');
    } finally {
      warnings.stop();
      await dropped.stop();
    }
  });

  it('counts the security records of an export that never answers once the export times out', async () => {
    const exporter = new ControlledExporter();
    exporter.mode = 'hang';
    const processor = new AccountingBatchLogRecordProcessor({ exporter, scheduledDelayMillis: 10, exportTimeoutMillis: 50 });
    const provider = loggerProviderWith([processor]);
    emit(provider, 3);
    await processor.flushSecurity({ timeoutMillis: 2_000 });
    for (let i = 0; i < 100 && processor.deliveryReport().dropped < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(processor.deliveryReport().droppedByReason, { export_failed: 3 });
    assert.equal(processor.deliveryReport().pending, 0);
  });

  it('counts security records the exporter failed for good', async () => {
    const dropped = watchDroppedMetric();
    const warnings = captureWarnings();
    try {
      const exporter = new ControlledExporter();
      exporter.mode = 'fail';
      const processor = new AccountingBatchLogRecordProcessor({ exporter, scheduledDelayMillis: 10 });
      const provider = loggerProviderWith([processor]);
      emit(provider, 30, 10);
      const report = await processor.flushSecurity();
      assert.deepEqual({ exported: report.exported, dropped: report.dropped, pending: report.pending }, { exported: 0, dropped: 30, pending: 0 });
      assert.deepEqual(await dropped.byReason(), { export_failed: 30 });
      await provider.shutdown();
    } finally {
      warnings.stop();
      await dropped.stop();
    }
  });
});

describe('withoutSecurityRecords', () => {
  it('keeps security records away from the wrapped processor and says it does not want them', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const processor = withoutSecurityRecords(new SimpleLogRecordProcessor({ exporter }));
    const provider = loggerProviderWith([processor]);
    emit(provider, 3, 2);
    assert.deepEqual(exporter.getFinishedLogRecords().map((r) => r.body), ['app log 0', 'app log 1']);
    const logger = provider.getLogger('x');
    assert.equal(logger.enabled({ eventName: 'security.authz_fail' }), false);
    assert.equal(logger.enabled({ eventName: 'app.event' }), true);
    await provider.shutdown();
  });
});

describe('delivery reports and spool settings', () => {
  it('sums reports of several processors', () => {
    const report = combineDeliveryReports([
      { exported: 3, dropped: 1, droppedByReason: { queue_full: 1 }, pending: 2, spoolDirectory: undefined },
      { exported: 4, dropped: 2, droppedByReason: { queue_full: 1, spool_full: 1 }, pending: 0, spoolDirectory: '/var/spool' },
    ]);
    assert.deepEqual(report, { exported: 7, dropped: 3, droppedByReason: { queue_full: 2, spool_full: 1 }, pending: 2, spoolDirectory: '/var/spool' });
  });

  it('reads SECOTEL_SPOOL_DIR, SECOTEL_SPOOL_FSYNC and SECOTEL_SPOOL_MAX_BYTES', () => {
    assert.equal(spoolConfigFromEnv({}), undefined);
    assert.equal(spoolConfigFromEnv({ SECOTEL_SPOOL_DIR: '  ' }), undefined);
    assert.deepEqual(spoolConfigFromEnv({ SECOTEL_SPOOL_DIR: '/var/spool' }), { directory: '/var/spool', fsync: 200, maxBytes: 256 * 1024 * 1024 });
    assert.deepEqual(spoolConfigFromEnv({ SECOTEL_SPOOL_DIR: '/s', SECOTEL_SPOOL_FSYNC: 'always', SECOTEL_SPOOL_MAX_BYTES: '64MiB' }), {
      directory: '/s',
      fsync: 'always',
      maxBytes: 64 * 1024 * 1024,
    });
    assert.throws(() => spoolConfigFromEnv({ SECOTEL_SPOOL_DIR: '/s', SECOTEL_SPOOL_FSYNC: 'sometimes' }), { code: 'SECOTEL_ERR_SPOOL_OPTION' });
    assert.throws(() => spoolConfigFromEnv({ SECOTEL_SPOOL_DIR: '/s', SECOTEL_SPOOL_MAX_BYTES: '1k' }), { code: 'SECOTEL_ERR_SPOOL_OPTION' });
  });

  it('parses sizes and fsync policies', () => {
    assert.equal(parseByteSize('268435456'), 268435456);
    assert.equal(parseByteSize('256MiB'), 256 * 1024 * 1024);
    assert.equal(parseByteSize('64 k'), 64 * 1024);
    assert.equal(parseByteSize('1.5g'), 1.5 * 1024 ** 3);
    assert.equal(parseByteSize('lots'), undefined);
    assert.equal(parseByteSize('-5'), undefined);
    assert.equal(parseFsyncPolicy('ALWAYS'), 'always');
    assert.equal(parseFsyncPolicy('50'), 50);
    assert.equal(parseFsyncPolicy('0'), undefined);
    assert.equal(parseFsyncPolicy('1.5'), undefined);
  });
});
