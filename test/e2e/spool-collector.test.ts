// Fault tests of the durable spool against the real OpenTelemetry Collector (the secotel-otelcol
// build), with real application processes under `--import @secotel/node/register`:
// - 10,000 security events while the collector is stopped for 15 s, then restarted: none lost;
// - the application killed with SIGKILL right after securityEvent() returned (fsync always), then
//   started again: those events still arrive;
// - the spool filled to its cap: the application keeps serving and the loss is reported
//   (warning, metric, security.sys_monitor_disabled), with exact accounting;
// - a read-only or full spool directory: a clear warning at start, and the application serves.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, startCollector } from '../helpers/collector.ts';
import type { CollectedLogRecord, RunningCollector } from '../helpers/collector.ts';
import { startNodeApp } from '../helpers/node-app.ts';
import type { RunningNodeApp } from '../helpers/node-app.ts';

const HTTP_APP = join(REPO_ROOT, 'examples/http/src/server.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'secotel-spool-e2e-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

type App = RunningNodeApp;

const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

function appEnv(endpoint: string, env: Record<string, string>): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_BLRP_SCHEDULE_DELAY: '200',
    SECOTEL_404_THRESHOLD: 'off',
    ...env,
  };
}

/** A Node.js script of ours, with its output. */
function spawnTracked(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { child, output: () => output };
}

async function waitForOutput(run: { child: ChildProcess; output: () => string }, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(run.output());
    if (match !== null) return match;
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) throw new Error(`no output matching ${pattern}:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The example http app under --import @secotel/node/register; as another user when `user` is given. */
async function startHttpApp(endpoint: string, env: Record<string, string>, user?: { uid: number; gid: number }): Promise<App> {
  const app = await startNodeApp(['--import', '@secotel/node/register', HTTP_APP], { cwd: REPO_ROOT, env: appEnv(endpoint, env), user });
  children.add(app.child);
  app.child.once('exit', () => children.delete(app.child));
  return app;
}

// Keep-alive requests without fetch's overhead: the outage test sends 10,000 of them.
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
after(() => agent.destroy());
function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Sends `count` requests, `concurrency` at a time; resolves with the status codes. */
async function traffic(url: string, count: number, concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        statuses.push(await get(url));
      }
    }),
  );
  return statuses;
}

async function closedPortEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Polls `check` until it returns true or the time is up; returns its last answer. */
async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const ofService = (records: CollectedLogRecord[], service: string, eventName?: string) =>
  records.filter((r) => r.resource['service.name'] === service && (eventName === undefined || r.eventName === eventName));
const uniqueIds = (records: CollectedLogRecord[]) => new Set(records.map((r) => String(r.attributes['security.event.id'])));

describe('the spool against a real collector', { timeout: 240_000 }, () => {
  let collector: RunningCollector;
  before(async () => {
    collector = await startCollector();
  });
  after(() => collector?.stop());

  it('loses none of 10,000 security events sent while the collector is stopped for 15 s', async () => {
    const service = 'spool-outage';
    const app = await startHttpApp(collector.otlpHttpEndpoint, { OTEL_SERVICE_NAME: service, SECOTEL_SPOOL_DIR: join(scratch, 'outage') });
    await collector.waitForSecurityRecords((r) => r.resource['service.name'] === service && r.eventName === 'security.sys_startup', 20_000);

    let collectorBack = false;
    const outage = collector.restart(15_000).then(() => (collectorBack = true));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the collector is down now
    const started = Date.now();
    const statuses = await traffic(`${app.base}/admin`, 10_000, 16);
    const sentWhileDown = collectorBack ? 'not all' : 'all';
    const trafficMs = Date.now() - started;
    await outage;
    await waitUntil(() => uniqueIds(ofService(collector.readSecurityRecords(), service, 'security.authz_fail')).size >= 10_000, 40_000);
    const received = ofService(collector.readSecurityRecords(), service, 'security.authz_fail');
    const unique = uniqueIds(received).size;
    console.log(
      `collector down 15 s: 10000 authz_fail sent in ${trafficMs} ms (${sentWhileDown} while it was down), ${unique} arrived, ` +
        `${10_000 - unique} lost, ${received.length - unique} duplicates`,
    );
    assert.ok(statuses.every((s) => s === 403), 'the app answered every request as it would without secotel');
    assert.equal(statuses.length, 10_000);
    assert.equal(unique, 10_000, 'no security event lost');
    await app.stop();
  });

  it('delivers the events of a process killed with SIGKILL right after securityEvent() returned, once it starts again', async () => {
    const service = 'spool-sigkill';
    const directory = join(scratch, 'sigkill');
    // First run: the collector is unreachable, so the events can only survive on disk.
    const emitter = spawnTracked(
      [
        '--import',
        '@secotel/node/register',
        '--input-type=module',
        '-e',
        `import { securityEvent } from '@secotel/sdk';
         const ids = [];
         for (let i = 0; i < 100; i++) ids.push(securityEvent('authz_fail', { 'user.id': 'mallory', 'security.test.index': i }));
         process.stdout.write('emitted ' + JSON.stringify(ids) + '\\n');
         setInterval(() => {}, 1000);`,
      ],
      appEnv(await closedPortEndpoint(), { OTEL_SERVICE_NAME: service, SECOTEL_SPOOL_DIR: directory, SECOTEL_SPOOL_FSYNC: 'always' }),
    );
    const match = await waitForOutput(emitter, /emitted (\[.*\])\n/);
    emitter.child.kill('SIGKILL');
    const [, signal] = await once(emitter.child, 'exit');
    assert.equal(signal, 'SIGKILL');
    const ids = JSON.parse(match[1] as string) as string[];
    assert.equal(new Set(ids).size, 100);

    // Second run, same spool, the real collector: what the killed process spooled is sent now.
    const restarted = spawnTracked(['--import', '@secotel/node/register', '-e', 'setInterval(() => {}, 1000)'], appEnv(collector.otlpHttpEndpoint, { OTEL_SERVICE_NAME: service, SECOTEL_SPOOL_DIR: directory }));
    const arrived = (): Set<string> => uniqueIds(ofService(collector.readSecurityRecords(), service, 'security.authz_fail'));
    await waitUntil(() => {
      const seen = arrived();
      return ids.every((id) => seen.has(id));
    }, 30_000);
    const seen = arrived();
    const got = ids.filter((id) => seen.has(id)).length;
    console.log(`SIGKILL after securityEvent() returned (fsync always): 100 emitted, ${got} arrived after the restart, ${100 - got} lost`);
    assert.equal(got, 100);
    assert.equal(ofService(collector.readSecurityRecords(), service, 'security.sys_startup').length, 2, 'both runs reported their start');
    await stopProcess(restarted.child);
  });

  it('keeps serving when the spool is full, and reports exactly what it dropped', async () => {
    const service = 'spool-full';
    const app = await startHttpApp(collector.otlpHttpEndpoint, {
      OTEL_SERVICE_NAME: service,
      SECOTEL_SPOOL_DIR: join(scratch, 'full'),
      SECOTEL_SPOOL_MAX_BYTES: '32KiB',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    });
    await collector.waitForSecurityRecords((r) => r.resource['service.name'] === service && r.eventName === 'security.sys_startup', 20_000);
    const outage = collector.restart(6_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const statuses = await traffic(`${app.base}/admin`, 400, 8);
    await outage;

    const [report] = await collector.waitForSecurityRecords((r) => r.resource['service.name'] === service && r.eventName === 'security.sys_monitor_disabled', 30_000);
    const dropped = Number(report?.attributes['security.spool.dropped_events']);
    const received = uniqueIds(ofService(collector.readSecurityRecords(), service, 'security.authz_fail')).size;
    const metric = await collector.waitForMetrics(
      (m) => m.name === 'secotel.security.dropped' && m.resource['service.name'] === service && m.dataPoints.some((p) => p.attributes.reason === 'spool_full' && p.value === dropped),
      15_000,
    );
    console.log(`spool cap 32 KiB, collector down: 400 authz_fail sent, ${received} arrived, ${dropped} dropped and reported (metric: ${metric.length > 0 ? dropped : '?'})`);
    assert.ok(statuses.every((s) => s === 403), 'the app kept serving');
    assert.ok(dropped > 0, 'the cap was reached');
    assert.equal(received + dropped, 400, 'every event either arrived or is counted as dropped');
    assert.equal(report?.attributes['security.reason'], 'spool_full');
    assert.equal(report?.attributes['security.monitor.name'], 'secotel.spool');
    assert.match(String(report?.body), new RegExp(`${dropped} security events were dropped`));
    assert.match(app.output(), /SECOTEL_SPOOL_FULL/);
    assert.equal((app.output().match(/SECOTEL_SPOOL_FULL/g) ?? []).length, 1, 'one warning per episode, not one per event');
    await app.stop();
  });

  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const unprivileged = asRoot ? { uid: 65534, gid: 65534 } : undefined;

  it('starts without the spool, says why, and serves when the spool directory is read-only', { skip: process.platform === 'win32' && 'POSIX permissions' }, async () => {
    const service = 'spool-readonly';
    const directory = join(scratch, 'readonly');
    mkdirSync(directory);
    // Read-only for the app (its parent stays reachable); root ignores permissions, so as root the app runs as nobody.
    chmodSync(scratch, 0o755);
    chmodSync(directory, 0o555);
    const app = await startHttpApp(collector.otlpHttpEndpoint, { OTEL_SERVICE_NAME: service, SECOTEL_SPOOL_DIR: directory }, unprivileged);
    assert.equal(await get(`${app.base}/admin`), 403);
    await collector.waitForSecurityRecords((r) => r.resource['service.name'] === service && r.eventName === 'security.authz_fail', 20_000);
    const warning = /SECOTEL_SPOOL_UNAVAILABLE.*/.exec(app.output())?.[0] ?? '';
    console.log(`read-only spool directory: ${warning}`);
    assert.ok(warning.includes(directory), 'the warning names the directory');
    assert.match(warning, /SECOTEL_ERR_SPOOL_UNWRITABLE/);
    assert.match(warning, /in-memory queue instead/);
    await app.stop();
  });

  it('starts without the spool, says why, and serves when the spool directory is on a full disk', { skip: !existsSync('/dev/full') && 'needs /dev/full (Linux)' }, async () => {
    const service = 'spool-disk-full';
    const directory = join(scratch, 'disk-full');
    mkdirSync(directory);
    // /dev/full answers every write with ENOSPC, as a full file system does; the spool's start-up probe writes there.
    symlinkSync('/dev/full', join(directory, 'probe.tmp'));
    const app = await startHttpApp(collector.otlpHttpEndpoint, { OTEL_SERVICE_NAME: service, SECOTEL_SPOOL_DIR: directory });
    assert.equal(await get(`${app.base}/admin`), 403);
    await collector.waitForSecurityRecords((r) => r.resource['service.name'] === service && r.eventName === 'security.authz_fail', 20_000);
    const warning = /SECOTEL_SPOOL_UNAVAILABLE.*/.exec(app.output())?.[0] ?? '';
    console.log(`full disk under the spool directory: ${warning}`);
    assert.ok(warning.includes(directory));
    assert.match(warning, /SECOTEL_ERR_SPOOL_NO_SPACE/);
    assert.match(warning, /in-memory queue instead/);
    await app.stop();
  });
});
