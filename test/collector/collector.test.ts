// End-to-end: the shipped collector configuration and its routing of security
// events, on a real secotel-otelcol built from collector/builder-config.yaml.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  SHIPPED_COLLECTOR_CONFIG,
  TEST_COLLECTOR_CONFIG,
  ensureCollectorBinary,
  startCollector,
  validateCollectorConfig,
} from '../helpers/collector.ts';
import type { RunningCollector } from '../helpers/collector.ts';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';
const SHIPPED_ENV = {
  SECOTEL_SECURITY_BACKEND_ENDPOINT: 'http://127.0.0.1:9',
  SECOTEL_OTLP_BACKEND_ENDPOINT: 'http://127.0.0.1:9',
};

function stringAttr(key: string, value: string) {
  return { key, value: { stringValue: value } };
}

async function sendOtlpJson(endpoint: string, signal: 'logs' | 'traces' | 'metrics', body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${endpoint}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, text: await response.text() };
}

async function postOtlpJson(endpoint: string, signal: 'logs' | 'traces' | 'metrics', body: unknown): Promise<void> {
  const { status, text } = await sendOtlpJson(endpoint, signal, body);
  assert.equal(status, 200, `POST /v1/${signal} answered ${status}: ${text}`);
}

/** A stand-in OTLP/HTTP backend on loopback that counts log exports and answers with `status`. */
class FakeOtlpBackend {
  status = 200;
  logExports = 0;
  private readonly server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (request.url === '/v1/logs') this.logExports++;
      // An empty protobuf body is a valid Export*ServiceResponse.
      response.writeHead(this.status, { 'content-type': 'application/x-protobuf' }).end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function logsRequest(runId: string, records: Array<Record<string, unknown>>) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [stringAttr('service.name', 'collector-e2e'), stringAttr('test.run_id', runId)] },
        scopeLogs: [{ scope: { name: '@secotel/sdk', version: '0.0.0-test' }, logRecords: records }],
      },
    ],
  };
}

/** Lines of the config that route or copy on the log event name, in order. */
function routingConditions(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('log.event_name'))
    .map((line) => line.trim());
}

describe('the shipped collector configuration', () => {
  before(() => {
    ensureCollectorBinary();
  });

  it('passes `secotel-otelcol validate` with its backend endpoints set', () => {
    const result = validateCollectorConfig(SHIPPED_COLLECTOR_CONFIG, SHIPPED_ENV);
    assert.ok(result.ok, `validate failed:\n${result.output}`);
  });

  it('refuses to start without a security backend endpoint', () => {
    const result = validateCollectorConfig(SHIPPED_COLLECTOR_CONFIG, { SECOTEL_OTLP_BACKEND_ENDPOINT: 'http://127.0.0.1:9', SECOTEL_SECURITY_BACKEND_ENDPOINT: '' });
    assert.equal(result.ok, false);
    assert.match(result.output, /otlp_http\/security/);
  });

  it('routes logs with the same conditions as the test variant', () => {
    const shipped = routingConditions(SHIPPED_COLLECTOR_CONFIG);
    assert.equal(shipped.length, 3, 'expected two filter conditions and one transform statement on log.event_name in otel-collector.yaml');
    assert.deepEqual(routingConditions(TEST_COLLECTOR_CONFIG), shipped);
  });

  it('puts no batch processor in front of the security exporters', () => {
    const text = readFileSync(SHIPPED_COLLECTOR_CONFIG, 'utf8');
    const pipeline = /^ {4}logs\/security:\n((?: {6}.*\n)+)/m.exec(text);
    assert.ok(pipeline, 'logs/security pipeline not found');
    const processors = /processors:\s*\[([^\]]*)\]/.exec(pipeline[1] ?? '');
    assert.deepEqual(processors?.[1]?.split(',').map((p) => p.trim()), [
      'memory_limiter',
      'filter/security_only',
      'transform/security_event_name',
    ]);
  });
});

describe('a running test collector', () => {
  let collector: RunningCollector;
  const runId = `run-${process.pid}-${Date.now()}`;

  before(async () => {
    collector = await startCollector();
  });
  after(() => collector?.stop());

  it('writes a security.* event to security.jsonl only and other logs to default-logs.jsonl only', async () => {
    await postOtlpJson(
      collector.otlpHttpEndpoint,
      'logs',
      logsRequest(runId, [
        {
          timeUnixNano: '1700000000000000000',
          eventName: 'security.authn_login_fail',
          severityNumber: 13,
          severityText: 'WARN',
          body: { stringValue: 'login failed' },
          traceId: TRACE_ID,
          spanId: SPAN_ID,
          attributes: [
            stringAttr('client.address', '203.0.113.7'),
            { key: 'security.authn.attempts', value: { intValue: '3' } },
            { key: 'security.flagged', value: { boolValue: true } },
          ],
        },
        { eventName: 'app.something', severityNumber: 9, severityText: 'INFO', body: { stringValue: 'ordinary' } },
      ]),
    );

    const [security] = await collector.waitForSecurityRecords((r) => r.resource['test.run_id'] === runId, 10_000);
    const [other] = await collector.waitForDefaultLogRecords((r) => r.resource['test.run_id'] === runId, 10_000);

    assert.deepEqual(
      { ...security, resource: undefined, observedTimeUnixNano: undefined },
      {
        eventName: 'security.authn_login_fail',
        severityText: 'WARN',
        severityNumber: 13,
        body: 'login failed',
        attributes: {
          'client.address': '203.0.113.7',
          'security.authn.attempts': 3,
          'security.flagged': true,
          // copied by transform/security_event_name for backends that drop LogRecord.EventName
          'security.event.name': 'security.authn_login_fail',
        },
        traceId: TRACE_ID,
        spanId: SPAN_ID,
        timeUnixNano: '1700000000000000000',
        observedTimeUnixNano: undefined,
        resource: undefined,
        scope: { name: '@secotel/sdk', version: '0.0.0-test' },
      },
    );
    assert.equal(other?.eventName, 'app.something');
    assert.equal(other?.body, 'ordinary');
    assert.deepEqual(other?.attributes, {}, 'the default pipeline must not be transformed');

    const mine = (records: Array<{ eventName: string; resource: Record<string, unknown> }>) =>
      records.filter((r) => r.resource['test.run_id'] === runId).map((r) => r.eventName);
    assert.deepEqual(mine(collector.readSecurityRecords()), ['security.authn_login_fail']);
    assert.deepEqual(mine(collector.readDefaultLogRecords()), ['app.something']);
  });

  it('writes spans to traces.jsonl', async () => {
    const now = BigInt(Date.now()) * 1_000_000n;
    await postOtlpJson(collector.otlpHttpEndpoint, 'traces', {
      resourceSpans: [
        {
          resource: { attributes: [stringAttr('service.name', 'collector-e2e'), stringAttr('test.run_id', runId)] },
          scopeSpans: [
            {
              scope: { name: 'collector-e2e' },
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  name: 'POST /login',
                  kind: 2,
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 5_000_000n),
                  attributes: [stringAttr('http.request.method', 'POST')],
                  events: [{ name: 'security.authn_login_fail', timeUnixNano: String(now + 1_000_000n) }],
                  status: { code: 2 },
                },
              ],
            },
          ],
        },
      ],
    });

    const [span] = await collector.waitForSpans((s) => s.resource['test.run_id'] === runId, 10_000);
    assert.equal(span?.name, 'POST /login');
    assert.equal(span?.traceId, TRACE_ID);
    assert.equal(span?.spanId, SPAN_ID);
    assert.equal(span?.kind, 2);
    assert.equal(span?.status.code, 2);
    assert.deepEqual(span?.attributes, { 'http.request.method': 'POST' });
    assert.deepEqual(span?.events.map((e) => e.name), ['security.authn_login_fail']);
    assert.equal(collector.readSecurityRecords().filter((r) => r.resource['test.run_id'] === runId).length, 1);
  });

  it('keeps what it wrote across a restart and appends after it', async () => {
    await collector.restart();
    await postOtlpJson(
      collector.otlpHttpEndpoint,
      'logs',
      logsRequest(runId, [{ eventName: 'security.authz_fail', severityNumber: 13, body: { stringValue: 'denied' } }]),
    );
    await collector.waitForSecurityRecords((r) => r.eventName === 'security.authz_fail' && r.resource['test.run_id'] === runId, 10_000);
    const events = collector
      .readSecurityRecords()
      .filter((r) => r.resource['test.run_id'] === runId)
      .map((r) => r.eventName);
    assert.deepEqual(events, ['security.authn_login_fail', 'security.authz_fail']);
  });
});

describe('the shipped configuration, running against stand-in backends', () => {
  const securityBackend = new FakeOtlpBackend();
  const otherBackend = new FakeOtlpBackend();
  const outDir = mkdtempSync(join(tmpdir(), 'secotel-shipped-'));
  const runId = `shipped-${process.pid}-${Date.now()}`;
  let collector: RunningCollector;

  before(async () => {
    const [securityEndpoint, otherEndpoint] = await Promise.all([securityBackend.listen(), otherBackend.listen()]);
    collector = await startCollector({
      configPath: SHIPPED_COLLECTOR_CONFIG,
      overrideEndpoints: true,
      outDir,
      env: {
        SECOTEL_SECURITY_BACKEND_ENDPOINT: securityEndpoint,
        SECOTEL_OTLP_BACKEND_ENDPOINT: otherEndpoint,
        SECOTEL_SECURITY_FILE: join(outDir, 'security.jsonl'),
      },
    });
  });
  after(async () => {
    await collector?.stop();
    await Promise.all([securityBackend.close(), otherBackend.close()]);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('answers a security event only after the security backend has accepted it', async () => {
    securityBackend.status = 200;
    const exportsBefore = securityBackend.logExports;
    await postOtlpJson(collector.otlpHttpEndpoint, 'logs', logsRequest(runId, [{ eventName: 'security.authn_login_fail', body: { stringValue: 'accepted' } }]));
    assert.ok(securityBackend.logExports > exportsBefore, 'the collector acknowledged before exporting to the security backend');
    const [record] = await collector.waitForSecurityRecords((r) => r.body === 'accepted', 10_000);
    assert.equal(record?.attributes['security.event.name'], 'security.authn_login_fail');
  });

  it('passes a refusal by the security backend back to the sender, after writing the audit file', async () => {
    securityBackend.status = 503;
    const { status } = await sendOtlpJson(collector.otlpHttpEndpoint, 'logs', logsRequest(runId, [{ eventName: 'security.authz_fail', body: { stringValue: 'refused' } }]));
    assert.ok(status >= 500, `expected a retryable error for the sender, got ${status}`);
    await collector.waitForSecurityRecords((r) => r.body === 'refused', 10_000);
    securityBackend.status = 200;
  });

  it('acknowledges ordinary logs without waiting for their backend', async () => {
    otherBackend.status = 503;
    await postOtlpJson(collector.otlpHttpEndpoint, 'logs', logsRequest(runId, [{ eventName: 'app.something', body: { stringValue: 'ordinary' } }]));
    assert.equal(collector.readSecurityRecords().filter((r) => r.body === 'ordinary').length, 0);
  });
});
