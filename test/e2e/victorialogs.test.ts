// End to end into a real log store: an unmodified Express example under
// `--require @secotel/node/register`, the shipped otel-collector.yaml (plus a loopback overlay)
// forwarding the security pipeline to VictoriaLogs's native OTLP ingest, and assertions made with
// LogsQL over VictoriaLogs's HTTP API: what a security team would query.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/collector.ts';
import type { CollectedLogRecord } from '../helpers/collector.ts';
import { startNodeApp } from '../helpers/node-app.ts';
import type { RunningNodeApp } from '../helpers/node-app.ts';
import { startSecurityPipeline, startVictoriaLogs } from '../helpers/victoria.ts';
import type { LogRow, RunningVictoriaLogs, SecurityPipeline } from '../helpers/victoria.ts';

const SERVICE = 'e2e-victorialogs';
const ENVIRONMENT = 'e2e';

/** The query the README's "Backends" section shows for a failed login; run here as written there. */
const FAILED_LOGIN_LOGSQL = '_time:1h event_name:="security.authn_login_fail" user.id:="alice" | fields _time, service.name, user.id, client.address, _msg, trace_id';

/** What the traffic below must produce, event by event: anything more is a duplicate, anything less a loss. */
const EXPECTED_COUNTS: Record<string, number> = {
  'security.sys_startup': 1,
  'security.authn_login_fail': 3,
  'security.authn_login_success': 1,
  'security.session_created': 1,
  'security.authz_fail': 1,
  'security.attack_detected': 1,
  'security.malicious_attack_tool': 1,
  'security.malicious_excess_404': 1,
  'security.sys_shutdown': 1,
};
const EXPECTED_TOTAL = Object.values(EXPECTED_COUNTS).reduce((sum, n) => sum + n, 0);

const SQLI = "1' OR '1'='1' --";

describe('security events from an unmodified app, queried with LogsQL in VictoriaLogs', { timeout: 120_000 }, () => {
  let logs: RunningVictoriaLogs | undefined;
  let pipeline: SecurityPipeline | undefined;
  let app: RunningNodeApp | undefined;
  /** Every security record in VictoriaLogs once the app has shut down. */
  let stored: LogRow[];
  /** The same events as the collector wrote them to its local audit file. */
  let audit: CollectedLogRecord[];

  before(async () => {
    logs = await startVictoriaLogs();
    pipeline = await startSecurityPipeline(logs);
    app = await startNodeApp(['--require', '@secotel/node/register', join(REPO_ROOT, 'examples/express/src/server.js')], {
      cwd: REPO_ROOT,
      env: {
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_RESOURCE_ATTRIBUTES: `deployment.environment.name=${ENVIRONMENT}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: pipeline.collector.otlpHttpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_BLRP_SCHEDULE_DELAY: '200',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        SECOTEL_404_THRESHOLD: '5/60s',
      },
    });
    const base = app.base;
    const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
      const response = await fetch(`${base}${path}`, init);
      await response.arrayBuffer();
      return response;
    };
    const login = (username: string, password: string) =>
      call('/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

    assert.equal((await login('alice', 'guess-1')).status, 401);
    assert.equal((await login('alice', 'guess-2')).status, 401);
    assert.equal((await login('mallory', 'guess-3')).status, 401);
    const ok = await login('bob', 'hunter2');
    assert.equal(ok.status, 200);
    const cookie = /sid=[^;]+/.exec(ok.headers.get('set-cookie') ?? '')?.[0];
    assert.ok(cookie, 'the successful login set a session cookie');
    assert.equal((await call('/admin/users', { headers: { cookie } })).status, 403);
    assert.equal((await call(`/search?q=${encodeURIComponent(SQLI)}`)).status, 200);
    assert.equal((await call('/health', { headers: { 'user-agent': 'sqlmap/1.8.4#stable (https://sqlmap.org)' } })).status, 200);
    for (let i = 0; i < 8; i++) assert.equal((await call(`/no-such-page-${i}`)).status, 404);

    const exited = once(app.child, 'exit');
    app.child.kill('SIGTERM');
    await exited;
    // The collector answers the app only after VictoriaLogs accepted a batch, and the app flushes
    // on SIGTERM: once the count is complete nothing is still on its way.
    stored = await logs.waitForRows(`service.name:="${SERVICE}"`, (rows) => rows.length >= EXPECTED_TOTAL && rows.some((r) => r.event_name === 'security.sys_shutdown'), 30_000);
    audit = pipeline.collector.readSecurityRecords();
  });
  after(async () => {
    await app?.stop();
    await pipeline?.stop();
    await logs?.stop();
  });

  const countBy = (names: string[]): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
    return counts;
  };

  it('stores every expected event exactly once, counted by event name with LogsQL stats', async () => {
    const rows = await logs!.query(`service.name:="${SERVICE}" | stats by (event_name) count() as events, count_uniq(security.event.id) as ids`);
    const counts = Object.fromEntries(rows.map((r) => [r.event_name, Number(r.events)]));
    assert.deepEqual(counts, EXPECTED_COUNTS, `per-event counts in VictoriaLogs:\n${JSON.stringify(rows, null, 1)}`);
    for (const row of rows) assert.equal(row.ids, row.events, `${row.event_name}: ${row.events} records but ${row.ids} distinct security.event.id (a duplicate)`);
    assert.equal(stored.length, EXPECTED_TOTAL);
  });

  it('stores the same events the collector wrote to its local audit file', () => {
    assert.deepEqual(countBy(audit.map((r) => String(r.eventName))), EXPECTED_COUNTS);
    const auditIds = audit.map((r) => String(r.attributes['security.event.id'])).sort();
    assert.deepEqual(stored.map((r) => r['security.event.id']).sort(), auditIds);
  });

  it('finds a failed login by user.id with the README query, with client.address and trace_id', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(FAILED_LOGIN_LOGSQL), 'the README shows the failed-login LogsQL query this test runs');
    const rows = await logs!.query(FAILED_LOGIN_LOGSQL);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['_msg', '_time', 'client.address', 'service.name', 'trace_id', 'user.id']);
      assert.equal(row['user.id'], 'alice');
      assert.equal(row['client.address'], '127.0.0.1');
      assert.equal(row['service.name'], SERVICE);
      assert.match(row._msg ?? '', /^Failed login attempt for alice from 127\.0\.0\.1$/);
      assert.match(row.trace_id ?? '', /^[0-9a-f]{32}$/);
    }
  });

  it('makes client.address, security.event.category and security_rule.uuid queryable fields', async () => {
    const fromClient = await logs!.query(`client.address:="127.0.0.1" | stats count() as events`);
    const withClient = audit.filter((r) => r.attributes['client.address'] === '127.0.0.1').length;
    assert.ok(withClient >= 7, `expected the request events to carry client.address, got ${withClient}`);
    assert.equal(Number(fromClient[0]?.events), withClient);

    for (const category of new Set(audit.map((r) => String(r.attributes['security.event.category'])))) {
      const rows = await logs!.query(`security.event.category:="${category}" | stats count() as events`);
      assert.equal(Number(rows[0]?.events), audit.filter((r) => r.attributes['security.event.category'] === category).length, category);
    }
    assert.equal(Number((await logs!.query('security.event.category:="authn" | stats count() as events'))[0]?.events), 4);

    const attack = audit.find((r) => r.eventName === 'security.attack_detected');
    const uuid = String(attack?.attributes['security_rule.uuid'] ?? '');
    assert.notEqual(uuid, '', 'the attack event names its detection rule');
    const byRule = await logs!.query(`security_rule.uuid:="${uuid}"`);
    assert.equal(byRule.length, 1);
    assert.equal(byRule[0]?.event_name, 'security.attack_detected');
    assert.equal(byRule[0]?.['security_rule.category'], 'sqli');
    assert.equal(byRule[0]?.['security.attack.payload'], attack?.attributes['security.attack.payload']);
    assert.ok(SQLI.startsWith(byRule[0]?.['security.attack.payload'] ?? '-'), 'the stored payload is the part of the request that matched');
  });

  it('keeps the trace id of every request event, the same as in the audit file', () => {
    const requestEvents = audit.filter((r) => r.traceId !== undefined && r.traceId !== '');
    assert.ok(requestEvents.length >= EXPECTED_TOTAL - 2, 'every event but startup and shutdown happened in a request');
    for (const record of requestEvents) {
      const row = stored.find((r) => r['security.event.id'] === record.attributes['security.event.id']);
      assert.equal(row?.trace_id, record.traceId, `trace_id of ${String(record.eventName)}`);
      assert.equal(row?.span_id, record.spanId, `span_id of ${String(record.eventName)}`);
    }
  });

  it('files events into streams by service, environment and event name (the VL-Stream-Fields overlay)', async () => {
    const rows = await logs!.query(`service.name:="${SERVICE}" | stats by (_stream) count() as events`);
    const streams = rows.map((r) => r._stream).sort();
    const expected = Object.keys(EXPECTED_COUNTS)
      .map((name) => `{deployment.environment.name="${ENVIRONMENT}",event_name="${name}",service.name="${SERVICE}"}`)
      .sort();
    assert.deepEqual(streams, expected);
  });

  it('keeps the severity, the message and the event name copied by the collector', () => {
    for (const row of stored) {
      assert.equal(row['security.event.name'], row.event_name);
      assert.match(row.severity_text ?? '', /^(INFO|WARN|ERROR|CRITICAL)$/, String(row.event_name));
      assert.notEqual(row._msg ?? '', '');
    }
  });
});
