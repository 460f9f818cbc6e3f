// Traces end to end: the unmodified Express example under `--require @secotel/node/register`, the
// shipped otel-collector.yaml with its loopback overlay (security events to VictoriaLogs, as in
// victorialogs.test.ts) plus one more overlay that sends the traces pipeline to a real Jaeger v2.
// The test does what an analyst does: finds the attack_detected event in the log store, takes its
// trace id, and looks the request up in Jaeger.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/collector.ts';
import type { CollectedLogRecord, CollectedSpan } from '../helpers/collector.ts';
import { startJaeger } from '../helpers/jaeger.ts';
import type { RunningJaeger } from '../helpers/jaeger.ts';
import { startNodeApp } from '../helpers/node-app.ts';
import type { RunningNodeApp } from '../helpers/node-app.ts';
import { startSecurityPipeline, startVictoriaLogs } from '../helpers/victoria.ts';
import type { LogRow, RunningVictoriaLogs, SecurityPipeline } from '../helpers/victoria.ts';

const SERVICE = 'e2e-jaeger';
const SQLI = "1' OR '1'='1' --";
const SPAN_KIND_SERVER = 2;

/** The README's query for the attack's trace id in VictoriaLogs; run here as written there. */
const ATTACK_TRACE_LOGSQL = '_time:1h event_name:="security.attack_detected" | fields _time, service.name, client.address, url.path, security_rule.uuid, trace_id, span_id';

/**
 * The overlay that routes the shipped file's traces pipeline to Jaeger: the shipped `otlp_http`
 * exporter sends traces, metrics and other logs to one SECOTEL_OTLP_BACKEND_ENDPOINT, and Jaeger
 * takes traces only.
 */
function tracesToJaeger(jaeger: RunningJaeger): string[] {
  return [`--set=exporters::otlp_http/jaeger::endpoint=${jaeger.otlpHttpEndpoint}`, '--set=service::pipelines::traces::exporters=[otlp_http/jaeger]'];
}

describe('the server span of an attack, found in Jaeger by the trace id on its attack_detected event', { timeout: 120_000 }, () => {
  let logs: RunningVictoriaLogs | undefined;
  let jaeger: RunningJaeger | undefined;
  let pipeline: SecurityPipeline | undefined;
  let app: RunningNodeApp | undefined;
  /** The attack_detected event as VictoriaLogs stores it. */
  let attackRow: LogRow;
  /** The same event in the collector's local audit file. */
  let attackRecord: CollectedLogRecord;
  /** Jaeger's answer for the attack's trace id. */
  let trace: CollectedSpan[];
  const startedAt = new Date();

  before(async () => {
    // Started one after the other so that after() can stop whichever did start when the other fails.
    logs = await startVictoriaLogs();
    jaeger = await startJaeger();
    pipeline = await startSecurityPipeline(logs, { extraArgs: tracesToJaeger(jaeger) });
    app = await startNodeApp(['--require', '@secotel/node/register', join(REPO_ROOT, 'examples/express/src/server.js')], {
      cwd: REPO_ROOT,
      env: {
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_EXPORTER_OTLP_ENDPOINT: pipeline.collector.otlpHttpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_SAMPLER: 'always_on',
        OTEL_BLRP_SCHEDULE_DELAY: '200',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    const call = async (path: string): Promise<number> => {
      const response = await fetch(`${app!.base}${path}`);
      await response.arrayBuffer();
      return response.status;
    };
    assert.equal(await call('/health'), 200);
    assert.equal(await call(`/search?q=${encodeURIComponent(SQLI)}`), 200);
    assert.equal(await call('/search?q=shoes'), 200);

    const exited = once(app.child, 'exit');
    app.child.kill('SIGTERM');
    await exited;
    const rows = await logs.waitForRows(`service.name:="${SERVICE}" ${ATTACK_TRACE_LOGSQL}`, (found) => found.length >= 1, 30_000);
    assert.equal(rows.length, 1, `one attack_detected event in VictoriaLogs:\n${JSON.stringify(rows, null, 1)}`);
    attackRow = rows[0]!;
    const audited = pipeline.collector.readSecurityRecords().filter((r) => r.eventName === 'security.attack_detected');
    assert.equal(audited.length, 1);
    attackRecord = audited[0]!;
    assert.match(attackRow.trace_id ?? '', /^[0-9a-f]{32}$/, 'the attack event carries a trace id');
    // The app flushed its spans on SIGTERM; the collector's batch processor passes them on within a second.
    trace = await jaeger.waitForTrace(attackRow.trace_id!, (spans) => spans.some((span) => span.kind === SPAN_KIND_SERVER), 30_000);
  });
  after(async () => {
    await app?.stop();
    await pipeline?.stop();
    await Promise.all([jaeger?.stop(), logs?.stop()]);
  });

  const serverSpan = (): CollectedSpan => {
    const servers = trace.filter((span) => span.kind === SPAN_KIND_SERVER);
    assert.equal(servers.length, 1, `one server span in the trace:\n${JSON.stringify(trace, null, 1)}`);
    return servers[0]!;
  };

  it('finds the attack with the README query, with the same trace and span ids as the audit file', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(ATTACK_TRACE_LOGSQL), 'the README shows the attack trace-id LogsQL query this test runs');
    assert.equal(attackRow['url.path'], '/search');
    assert.equal(attackRow['client.address'], '127.0.0.1');
    assert.equal(attackRow.trace_id, attackRecord.traceId);
    assert.equal(attackRow.span_id, attackRecord.spanId);
  });

  it('returns the server span of the attacked request from /api/v3/traces/{trace_id}', () => {
    const span = serverSpan();
    assert.equal(span.traceId, attackRow.trace_id);
    assert.equal(span.spanId, attackRow.span_id, 'the event was emitted inside the server span');
    assert.equal(span.resource['service.name'], SERVICE);
    assert.equal(span.attributes['http.request.method'], 'GET');
    assert.equal(span.attributes['http.route'], '/search');
    assert.equal(span.attributes['url.path'], '/search');
    assert.equal(span.attributes['http.response.status_code'], 200);
    assert.equal(span.attributes['security.attack.detected'], true);
  });

  it('flags only the attacked request: the other server spans of the service have no security.attack.detected', async () => {
    const isServer = (span: CollectedSpan): boolean => span.kind === SPAN_KIND_SERVER;
    const spans = await jaeger!.waitForServiceTraces(SERVICE, startedAt, (found) => found.filter(isServer).length >= 3);
    const servers = spans.filter(isServer);
    const byTarget = servers.map((span) => `${String(span.attributes['url.path'])} ${String(span.attributes['security.attack.detected'] ?? '-')}`).sort();
    assert.deepEqual(byTarget, ['/health -', '/search -', '/search true'], JSON.stringify(servers, null, 1));
    assert.deepEqual(
      servers.filter((span) => span.attributes['security.attack.detected'] === true).map((span) => span.traceId),
      [attackRow.trace_id],
    );
  });
});
