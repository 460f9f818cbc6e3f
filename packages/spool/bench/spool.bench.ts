// What the spool costs per securityEvent(), beside the in-memory batch path.
//
//   node packages/spool/bench/spool.bench.ts [--json] [--dir <path>] [--quick]
//
// Each case registers a LoggerProvider as @secotel/node would build it (the accounting batch
// processor without a spool; the spool plus the batch processor for other logs with one) with an
// exporter that accepts everything at once, so the number is the cost on the application's thread:
// securityEvent() itself (redaction, ids, attributes), the SDK, and for the spool the encoding,
// the write and, with fsync `always`, the fdatasync. Events go in chunks with a turn of the event
// loop in between, so the background export runs as it would in a server. Only the time inside
// securityEvent() calls is counted.
//
// The spool's numbers depend on the disk under --dir (default: the OS temp directory, which may be
// a tmpfs where fsync costs nothing); the output names the directory and its file system type.
import { statfsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { logs } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, LogRecordProcessor, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { initSecurity, securityEvent } from '@secotel/sdk';
import { AccountingBatchLogRecordProcessor, SpoolingLogRecordProcessor, withoutSecurityRecords } from '@secotel/spool';

interface Row {
  name: string;
  fsync: string;
  events: number;
  nsPerEvent: number;
  eventsPerSecond: number;
  exported: number;
  dropped: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const dirArg = args.indexOf('--dir');
const baseDir = dirArg >= 0 && args[dirArg + 1] !== undefined ? (args[dirArg + 1] as string) : tmpdir();
const CHUNK = 256;

/** Accepts every batch at once: the benchmark measures the application side. */
class AcceptingExporter implements LogRecordExporter {
  exported = 0;
  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.exported += records.length;
    setImmediate(() => resultCallback({ code: ExportResultCode.SUCCESS }));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const fields = {
  'user.id': 'mallory',
  'client.address': '203.0.113.7',
  'http.request.method': 'GET',
  'url.path': '/admin/users',
  'http.response.status_code': 403,
  message: 'Access to /admin/users denied for mallory',
};

async function emit(count: number): Promise<number> {
  let elapsed = 0n;
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done);
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) securityEvent('authz_fail', fields);
    elapsed += process.hrtime.bigint() - start;
    await turn();
  }
  return Number(elapsed);
}

async function measure(name: string, fsync: string, events: number, build: (exporter: AcceptingExporter) => LogRecordProcessor[]): Promise<Row> {
  const exporter = new AcceptingExporter();
  const processors = build(exporter);
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': 'spool-bench' }), processors });
  logs.setGlobalLoggerProvider(provider);
  initSecurity({ spanEvents: false, metrics: false, thresholds: false }); // a fresh emitter takes the new provider's logger
  await emit(Math.min(1_000, events)); // warm-up
  const ns = await emit(events);
  const reporter = processors[0] as AccountingBatchLogRecordProcessor | SpoolingLogRecordProcessor;
  const report = await reporter.flushSecurity({ timeoutMillis: 30_000 });
  await provider.shutdown();
  logs.disable();
  return {
    name,
    fsync,
    events,
    nsPerEvent: Math.round(ns / events),
    eventsPerSecond: Math.round((events / ns) * 1e9),
    exported: report.exported,
    dropped: report.dropped,
  };
}

function fileSystemType(path: string): string {
  try {
    return `0x${statfsSync(path).type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(baseDir, 'secotel-spool-bench-'));
  const many = quick ? 10_000 : 50_000;
  const fewer = quick ? 500 : 2_000;
  const rows: Row[] = [];
  try {
    rows.push(
      await measure('in-memory batch (no spool)', '-', many, (exporter) => [new AccountingBatchLogRecordProcessor({ exporter, maxQueueSize: 1_000_000 })]),
    );
    rows.push(
      await measure('spool', '200 ms', many, (exporter) => [
        new SpoolingLogRecordProcessor({ directory: join(root, 'interval'), exporter, fsync: 200 }),
        withoutSecurityRecords(new BatchLogRecordProcessor({ exporter: new AcceptingExporter() })),
      ]),
    );
    rows.push(
      await measure('spool', 'always', fewer, (exporter) => [
        new SpoolingLogRecordProcessor({ directory: join(root, 'always'), exporter, fsync: 'always' }),
        withoutSecurityRecords(new BatchLogRecordProcessor({ exporter: new AcceptingExporter() })),
      ]),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const context = { directory: baseDir, fileSystemType: fileSystemType(baseDir), node: process.version };
  if (json) {
    process.stdout.write(`${JSON.stringify({ benchmark: 'spool', unit: 'ns/event', ...context, rows })}\n`);
    return;
  }
  process.stdout.write(`securityEvent() cost per event; spool directory under ${context.directory} (file system type ${context.fileSystemType}), Node.js ${context.node}\n\n`);
  const header = ['path', 'fsync', 'events', 'ns/event', 'events/s', 'exported', 'dropped'];
  const table = [header, ...rows.map((r) => [r.name, r.fsync, String(r.events), r.nsPerEvent.toLocaleString('en-US'), r.eventsPerSecond.toLocaleString('en-US'), String(r.exported), String(r.dropped)])];
  const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] as string).length)));
  for (const line of table) process.stdout.write(`${line.map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ')}\n`);
}

await main();
