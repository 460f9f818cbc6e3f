// End to end against a real OpenTelemetry Collector (the secotel-otelcol build): an unmodified
// plain http app started with `--import @secotel/node/register`, configured only through OTEL_*
// variables, exporting OTLP/HTTP protobuf; assertions on the collector's file output.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT, startCollector } from '../helpers/collector.ts';
import { startNodeApp } from '../helpers/node-app.ts';
import type { RunningNodeApp } from '../helpers/node-app.ts';
import type { CollectedLogRecord, RunningCollector } from '../helpers/collector.ts';

function startApp(collector: RunningCollector, env: Record<string, string> = {}): Promise<RunningNodeApp> {
  return startNodeApp(['--import', '@secotel/node/register', join(REPO_ROOT, 'examples/http/src/server.mjs')], {
    cwd: REPO_ROOT,
    env: {
      OTEL_SERVICE_NAME: 'e2e-http',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      SECOTEL_404_THRESHOLD: '5/60s',
      ...env,
    },
  });
}

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
};

describe('an unmodified app under --import @secotel/node/register, through a real collector', { timeout: 180_000 }, () => {
  let collector: RunningCollector;
  let security: CollectedLogRecord[];

  before(async () => {
    collector = await startCollector();
    const app = await startApp(collector);
    const exited = once(app.child, 'exit');
    assert.equal(await get(`${app.base}/`), 200);
    assert.equal(await get(`${app.base}/search?q=${encodeURIComponent("1' OR '1'='1' --")}`), 200);
    assert.equal(await get(`${app.base}/search?q=${encodeURIComponent("O'Brien")}`), 200);
    assert.equal(await get(`${app.base}/admin`), 403);
    assert.equal(await get(`${app.base}/`, { 'user-agent': 'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)' }), 200);
    for (let i = 0; i < 8; i++) assert.equal(await get(`${app.base}/wp-admin/${i}.php`), 404);
    app.child.kill('SIGTERM');
    const [, signal] = await exited;
    assert.equal(signal, 'SIGTERM', app.output());
    security = await collector.waitForSecurityRecords((r) => r.eventName === 'security.sys_shutdown', 30_000);
    security = collector.readSecurityRecords();
  });
  after(() => collector?.stop());

  const named = (name: string) => security.filter((r) => r.eventName === name);

  it('delivers exactly the expected security events to the security pipeline', () => {
    const names = security.map((r) => r.eventName).sort();
    assert.deepEqual(names, [
      'security.attack_detected',
      'security.authz_fail',
      'security.malicious_attack_tool',
      'security.malicious_excess_404',
      'security.sys_shutdown',
      'security.sys_startup',
    ]);
  });

  it('carries the right attributes', () => {
    const attack = named('security.attack_detected')[0];
    assert.equal(attack?.attributes['security_rule.category'], 'sqli');
    assert.equal(attack?.attributes['url.path'], '/search');
    assert.equal(attack?.attributes['client.address'], '127.0.0.1');
    assert.equal(attack?.attributes['security.event.category'], 'malicious');
    assert.equal(named('security.authz_fail')[0]?.attributes['http.response.status_code'], 403);
    assert.match(String(named('security.malicious_attack_tool')[0]?.attributes['user_agent.original']), /Nmap/);
    assert.equal(named('security.malicious_excess_404')[0]?.attributes['client.address'], '127.0.0.1');
    for (const record of security) assert.equal(record.resource['service.name'], 'e2e-http');
  });

  it('correlates request events with the spans in the traces pipeline', async () => {
    const spans = await collector.waitForSpans((s) => s.traceId === named('security.attack_detected')[0]?.traceId, 15_000);
    const server = spans.find((s) => s.traceId === named('security.attack_detected')[0]?.traceId);
    assert.ok(server, 'the span of the attacked request reached the traces pipeline');
    assert.equal(server.attributes['security.attack.detected'], true);
    for (const name of ['security.authz_fail', 'security.malicious_attack_tool', 'security.malicious_excess_404']) {
      const traceId = named(name)[0]?.traceId;
      assert.match(String(traceId), /^[0-9a-f]{32}$/, name);
      await collector.waitForSpans((s) => s.traceId === traceId, 15_000);
    }
  });

  it('sends nothing but security events to the security file, and no security event elsewhere', () => {
    assert.ok(security.every((r) => r.eventName?.startsWith('security.')));
    assert.equal(collector.readDefaultLogRecords().filter((r) => r.eventName?.startsWith('security.')).length, 0);
  });
});

describe('a collector outage in the middle of traffic', { timeout: 180_000 }, () => {
  let collector: RunningCollector;
  before(async () => {
    collector = await startCollector();
  });
  after(() => collector?.stop());

  it('costs some events with the stock exporter but never affects the application', async () => {
    const app = await startApp(collector, { OTEL_TRACES_EXPORTER: 'none', SECOTEL_404_THRESHOLD: 'off' });
    const exited = once(app.child, 'exit');
    const statuses: number[] = [];
    const latencies: number[] = [];
    let sent = 0;
    const traffic = (async () => {
      const end = Date.now() + 9_000;
      while (Date.now() < end) {
        const started = performance.now();
        statuses.push(await get(`${app.base}/admin`));
        latencies.push(performance.now() - started);
        sent++;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await collector.restart(4_000);
    await traffic;
    app.child.kill('SIGTERM');
    await exited;
    await collector.waitForSecurityRecords((r) => r.eventName === 'security.sys_shutdown', 30_000);
    const received = collector.readSecurityRecords().filter((r) => r.eventName === 'security.authz_fail').length;
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
    console.log(`collector outage: ${sent} authz_fail events sent, ${received} arrived, ${sent - received} lost; app p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`);
    assert.ok(statuses.every((s) => s === 403), 'every response was what the app sent');
    assert.doesNotMatch(app.output(), /Error|ECONNREFUSED/i, 'the app printed no error');
    // Not a benchmark: a blocked event loop (an export waiting on the dead collector) would show as seconds.
    assert.ok((latencies.at(-1) ?? 0) < 2_000, `a request took ${latencies.at(-1)} ms`);
    assert.ok(received > 0);
  });
});
