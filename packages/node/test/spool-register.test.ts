// The spool and loss accounting under `--require/--import @secotel/node/register`, in real
// processes exporting OTLP/HTTP JSON to an in-process receiver: how records are routed, what
// flushSecurity() reports with and without a spool. (Collector outages, kills and a full spool are
// in test/e2e/spool-collector.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'secotel-spool-register-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const otlpEnv = (receiver: OtlpReceiver, serviceName: string) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_SERVICE_NAME: serviceName,
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_TRACES_EXPORTER: 'none',
  OTEL_BLRP_SCHEDULE_DELAY: '50',
});

interface Run {
  lines: string[];
  output: () => string;
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  send: (line: string) => void;
  exit: Promise<unknown[]>;
}

/** Runs an ESM snippet under --import @secotel/node/register. */
function run(code: string, env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', '@secotel/node/register', '--input-type=module', '-e', code], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: string[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    lines.push(...chunk.split('\n').filter((l) => l !== ''));
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exit = once(child, 'exit');
  return {
    lines,
    output: () => output,
    exit,
    send: (line) => child.stdin.write(`${line}\n`),
    async waitForLine(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines.find((l) => pattern.test(l));
        if (line !== undefined) return line;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no line matching ${pattern}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

// Emits `count` security events and one ordinary log, prints flushSecurity()'s report, and on
// "again" from the test prints a second report after a longer flush.
const emitAndReport = (count: number, firstTimeoutMs: number) => `
  import { securityEvent } from '@secotel/sdk';
  import { flushSecurity } from '@secotel/node';
  import { logs } from '@opentelemetry/api';
  import { createInterface } from 'node:readline';
  for (let i = 0; i < ${count}; i++) securityEvent('authz_fail', { 'user.id': 'eve', 'security.test.index': i });
  logs.getLogger('app').emit({ body: 'an ordinary application log' });
  console.log('first ' + JSON.stringify(await flushSecurity({ timeoutMillis: ${firstTimeoutMs} })));
  const input = createInterface({ input: process.stdin });
  for await (const line of input) {
    if (line === 'again') console.log('second ' + JSON.stringify(await flushSecurity({ timeoutMillis: 10000 })));
    if (line === 'end') break;
  }
  input.close();
  process.stdin.destroy(); // nothing left to do: the process ends, and register flushes on the way out`;

const report = (line: string) => JSON.parse(line.slice(line.indexOf(' ') + 1)) as { exported: number; dropped: number; pending: number; droppedByReason: Record<string, number>; spoolDirectory?: string };

describe('SECOTEL_SPOOL_DIR under register', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('sends security events through the spool and everything else through the batch processor, each exactly once', async () => {
    const directory = join(scratch, 'routing');
    const app = run(emitAndReport(25, 10_000), { ...otlpEnv(receiver, 'spool-routing'), SECOTEL_SPOOL_DIR: directory });
    const first = report(await app.waitForLine(/^first /));
    app.send('end');
    await app.exit;
    const mine = receiver.logs.filter((r) => r.resource['service.name'] === 'spool-routing');
    const authz = mine.filter((r) => r.eventName === 'security.authz_fail');
    console.log(`spool routing: 25 authz_fail emitted, ${authz.length} received, report ${JSON.stringify(first)}`);
    assert.equal(authz.length, 25);
    assert.equal(new Set(authz.map((r) => r.attributes['security.event.id'])).size, 25, 'no duplicates');
    assert.equal(mine.filter((r) => r.body === 'an ordinary application log').length, 1);
    assert.equal(first.spoolDirectory, directory);
    assert.equal(first.dropped, 0);
    assert.equal(first.pending, 0);
    assert.ok(first.exported >= 26, 'sys_startup and the 25 events');
    assert.ok(existsSync(join(directory, 'ack')));
    assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.seg')), [], 'nothing left to replay');
  });

  it('keeps security events in the spool while the collector refuses them, and reports them as pending, not lost', async () => {
    const directory = join(scratch, 'refused');
    receiver.failWith = 400;
    const app = run(emitAndReport(10, 1_500), { ...otlpEnv(receiver, 'spool-refused'), SECOTEL_SPOOL_DIR: directory });
    try {
      const first = report(await app.waitForLine(/^first /));
      assert.deepEqual({ exported: first.exported, dropped: first.dropped, pending: first.pending }, { exported: 0, dropped: 0, pending: 11 });
      receiver.failWith = undefined;
      app.send('again');
      const second = report(await app.waitForLine(/^second /));
      console.log(`collector refusing, then accepting: first ${JSON.stringify(first)}, then ${JSON.stringify(second)}`);
      assert.deepEqual({ exported: second.exported, dropped: second.dropped, pending: second.pending }, { exported: 11, dropped: 0, pending: 0 });
      app.send('end');
      await app.exit;
    } finally {
      receiver.failWith = undefined;
    }
    assert.equal(receiver.logs.filter((r) => r.resource['service.name'] === 'spool-refused' && r.eventName === 'security.authz_fail').length, 10);
  });
});

describe('startSecotel({ spool })', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('takes the spool settings in code, over the environment', async () => {
    const directory = join(scratch, 'in-code');
    const code = `
      import { startSecotel } from '@secotel/node';
      import { securityEvent } from '@secotel/sdk';
      const handle = startSecotel({ spool: { directory: ${JSON.stringify(directory)}, fsync: 'always' }, handleProcessEvents: false });
      securityEvent('authz_fail', { 'user.id': 'eve' });
      console.log('report ' + JSON.stringify(await handle.flushSecurity()));
      await handle.shutdown();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: root,
      env: { ...process.env, ...otlpEnv(receiver, 'spool-in-code'), SECOTEL_SPOOL_DIR: join(scratch, 'not-this-one') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    await once(child, 'exit');
    const line = out.split('\n').find((l) => l.startsWith('report '));
    assert.ok(line, out);
    const first = report(line);
    assert.equal(first.spoolDirectory, directory);
    assert.equal(first.exported, 2);
    assert.equal(existsSync(join(scratch, 'not-this-one')), false);
  });
});

describe('flushSecurity() without a spool', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('reports security events the collector refused as dropped instead of resolving as if all went well', async () => {
    receiver.failWith = 400;
    const app = run(emitAndReport(5, 10_000), otlpEnv(receiver, 'no-spool-refused'));
    try {
      const first = report(await app.waitForLine(/^first /));
      app.send('end');
      await app.exit;
      console.log(`no spool, collector refusing: ${JSON.stringify(first)}`);
      assert.deepEqual(first, { exported: 0, dropped: 6, droppedByReason: { export_failed: 6 }, pending: 0 });
      assert.match(app.output(), /SECOTEL_SECURITY_EVENTS_DROPPED/);
    } finally {
      receiver.failWith = undefined;
    }
  });

  it('reports everything exported when the collector takes it', async () => {
    const app = run(emitAndReport(5, 10_000), otlpEnv(receiver, 'no-spool-ok'));
    const first = report(await app.waitForLine(/^first /));
    app.send('end');
    await app.exit;
    assert.deepEqual(first, { exported: 6, dropped: 0, droppedByReason: {}, pending: 0 });
  });
});
