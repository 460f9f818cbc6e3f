// An unmodified HTTP/2 application (the compat `request` API over h2c, the core `stream` API over
// TLS, an ES module on the compat API over TLS) started with `--require` / `--import
// @secotel/node/register` and once without it: what the OTLP
// receiver got (security events, the server spans they belong to, every access in audit `all`),
// and responses byte for byte the same with and without secotel.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectHttp2 } from '../../instrumentation-http/test/helpers/http2-client.ts';
import type { Http2Response, Http2SendOptions } from '../../instrumentation-http/test/helpers/http2-client.ts';
import { exitWithin, startNodeApp } from '../../../test/helpers/node-app.ts';
import type { RunningNodeApp } from '../../../test/helpers/node-app.ts';
import { startOtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';
import type { FlatLogRecord } from '../../../test/helpers/otlp-json.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(root, 'packages', 'instrumentation-http', 'test', 'fixtures');
const CJS_APP = join(fixtures, 'http2-app.cjs');
// The same app as an ES module importing node:http2, for `--import`.
const ESM_APP = join(fixtures, 'http2-app.mjs');
const CA = readFileSync(join(fixtures, 'h2-test-only.crt'));
const SPAN_KIND_SERVER = 2;

interface Step {
  readonly name: string;
  readonly request: Http2SendOptions;
  /** Cancel instead of waiting for the answer. */
  readonly cancel?: boolean;
}

/** The same requests, in the same order, for the run with secotel and the run without. */
function steps(): Step[] {
  const traced = (name: string, request: Omit<Http2SendOptions, 'traceId' | 'parentSpanId'>, cancel = false): Step => ({
    name,
    request: { ...request, traceId: randomBytes(16).toString('hex'), parentSpanId: randomBytes(8).toString('hex') },
    cancel,
  });
  const json = { 'content-type': 'application/json' };
  return [
    traced('sqli', { path: `/search?${new URLSearchParams({ q: "1' OR '1'='1' --" })}` }),
    traced('benign', { path: `/search?${new URLSearchParams({ q: "O'Brien" })}` }),
    traced('nosqli', { method: 'POST', path: '/echo', headers: json, body: '{"username": {"$ne": null}, "password": "x"}' }),
    traced('forbidden', { path: '/admin/1', headers: { 'x-user': 'alice' } }),
    traced('forbidden-after-body', { method: 'POST', path: '/admin/2', headers: json, body: '{"user":"bob"}' }),
    traced('login', { method: 'POST', path: '/login', headers: json, body: '{"username":"mallory"}' }),
    traced('rate', { path: '/status/429' }),
    traced('push', { path: '/push' }),
    ...Array.from({ length: 8 }, (_, i) => traced(`404-${i}`, { path: `/missing-${i}`, headers: { 'x-forwarded-for': '10.9.9.9' } })),
    traced('cancelled', { method: 'POST', path: '/hang', headers: json, body: '{"a":' }, true),
  ];
}

/** What a response is, without the `date` header (the one part that differs from run to run). */
function comparable(response: Http2Response | undefined): unknown {
  if (response === undefined) return undefined;
  const headers = { ...response.headers } as Record<string, unknown>;
  delete headers.date;
  return {
    status: response.status,
    headers,
    body: response.body.toString('base64'),
    trailers: response.trailers,
    pushed: [...response.pushed].map(([path, pushed]) => {
      const pushedHeaders = { ...pushed.headers } as Record<string, unknown>;
      delete pushedHeaders.date;
      return [path, pushedHeaders, pushed.body.toString('base64')];
    }),
  };
}

async function drive(app: RunningNodeApp, tls: boolean, plan: Step[]): Promise<Map<string, Http2Response>> {
  const client = await connectHttp2(tls ? app.base.replace('http://', 'https://') : app.base, tls ? CA : undefined);
  const responses = new Map<string, Http2Response>();
  try {
    for (const step of plan) {
      if (step.cancel === true) await client.sendAndCancel(step.request);
      else responses.set(step.name, await client.send(step.request));
    }
  } finally {
    await client.close();
  }
  return responses;
}

const otlpEnv = (receiver: OtlpReceiver): Record<string, string> => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_SERVICE_NAME: 'http2-register-test',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_BLRP_SCHEDULE_DELAY: '100',
  OTEL_BSP_SCHEDULE_DELAY: '100',
  SECOTEL_HTTP_AUDIT: 'all',
  SECOTEL_404_THRESHOLD: '5/60s',
  SECOTEL_TRUSTED_PROXIES: 'loopback',
});

for (const variant of [
  { name: 'the compat request API over h2c', api: 'compat', tls: false, preload: '--require', app: CJS_APP, tracesOff: false },
  { name: 'the stream API over TLS', api: 'stream', tls: true, preload: '--require', app: CJS_APP, tracesOff: false },
  { name: 'an ES module importing node:http2, the compat request API over TLS', api: 'compat', tls: true, preload: '--import', app: ESM_APP, tracesOff: false },
  // Security-only mode: no spans, the events carry the caller's trace from traceparent.
  { name: 'the stream API over h2c with OTEL_TRACES_EXPORTER=none', api: 'stream', tls: false, preload: '--require', app: CJS_APP, tracesOff: true },
] as const) {
  describe(`node ${variant.preload} @secotel/node/register on an unmodified HTTP/2 app, ${variant.name}`, () => {
    let receiver: OtlpReceiver;
    const plan = steps();
    let withSecotel: Map<string, Http2Response>;
    let without: Map<string, Http2Response>;
    let output = '';
    let exit: [number | null, NodeJS.Signals | null];

    before(async () => {
      receiver = await startOtlpReceiver();
      const env = { H2_API: variant.api, H2_TLS: variant.tls ? '1' : '0' };
      const plain = await startNodeApp([variant.app], { cwd: root, env });
      try {
        without = await drive(plain, variant.tls, plan);
      } finally {
        await plain.stop();
      }
      const app = await startNodeApp([variant.preload, '@secotel/node/register', variant.app], {
        cwd: root,
        env: { ...env, ...otlpEnv(receiver), ...(variant.tracesOff ? { OTEL_TRACES_EXPORTER: 'none' } : {}) },
      });
      try {
        withSecotel = await drive(app, variant.tls, plan);
        // Every request's access record is in before the process is asked to stop.
        await receiver.waitFor(() => named('security.http_access').length >= plan.length);
      } finally {
        const exited = exitWithin(app, 15_000);
        app.child.kill('SIGTERM');
        exit = await exited;
        output = app.output();
      }
    });
    after(() => receiver?.close());

    const named = (name: string): FlatLogRecord[] => receiver.logs.filter((r) => r.eventName === name);
    const step = (name: string): Step => {
      const found = plan.find((s) => s.name === name);
      assert.ok(found, name);
      return found;
    };
    const recordsOf = (name: string): FlatLogRecord[] => receiver.logs.filter((r) => r.traceId === step(name).request.traceId && r.eventName !== 'security.http_access');
    const serverSpanOf = (name: string) => receiver.waitFor(() => receiver.spans.find((s) => s.traceId === step(name).request.traceId && s.kind === SPAN_KIND_SERVER));

    it('answers every request byte for byte as the app does without secotel (status, headers, body, trailers, pushes)', () => {
      assert.equal(withSecotel.size, without.size);
      for (const [name, response] of without) assert.deepEqual(comparable(withSecotel.get(name)), comparable(response), name);
      assert.equal(withSecotel.get('push')?.trailers?.['x-checksum'], 'abc123');
      assert.equal(withSecotel.get('push')?.pushed.size, 1);
    });

    it(`reports the SQL injection with url.path and client.address ${variant.tracesOff ? "in the client's trace (no span)" : 'in the server span that continues the client trace'}`, async () => {
      const records = recordsOf('sqli');
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.attack_detected'],
      );
      const record = records[0];
      assert.equal(record?.attributes['url.path'], '/search');
      assert.equal(record?.attributes['client.address'], '127.0.0.1');
      assert.equal(record?.attributes['security_rule.category'], 'sqli');
      assert.equal(record?.traceId, step('sqli').request.traceId);
      assert.deepEqual(recordsOf('benign'), []);
      if (variant.tracesOff) {
        assert.equal(record?.spanId, step('sqli').request.parentSpanId, "the caller's span");
        assert.deepEqual(receiver.spans, []);
        return;
      }
      const span = await serverSpanOf('sqli');
      assert.equal(record?.spanId, span.spanId);
      assert.equal(span.parentSpanId, step('sqli').request.parentSpanId);
      assert.equal(span.attributes['network.protocol.version'], '2');
      assert.equal(span.attributes['url.scheme'], variant.tls ? 'https' : 'http');
      assert.equal(span.attributes['security.attack.detected'], true);
    });

    it('reports the NoSQL operator in the JSON body', () => {
      const records = recordsOf('nosqli').filter((r) => r.attributes['security_rule.category'] === 'nosqli');
      assert.equal(records.length, 1);
      assert.match(String(records[0]?.attributes['security.attack.location']), /^body\.username/);
    });

    it('reports the 403s with the user set in the handler (also after reading the body), the 401 on /login and the 429', () => {
      assert.deepEqual(
        recordsOf('forbidden').map((r) => [r.eventName, r.attributes['user.id'], r.attributes['http.response.status_code']]),
        [['security.authz_fail', 'alice', 403]],
      );
      assert.deepEqual(
        recordsOf('forbidden-after-body').map((r) => [r.eventName, r.attributes['user.id']]),
        [['security.authz_fail', 'bob']],
      );
      assert.deepEqual(
        recordsOf('login').map((r) => r.eventName),
        ['security.authn_login_fail'],
      );
      assert.deepEqual(
        recordsOf('rate').map((r) => r.eventName),
        ['security.excess_rate_limit_exceeded'],
      );
    });

    it('reports one malicious_excess_404 for the forwarded client through the trusted proxy', () => {
      const floods = named('security.malicious_excess_404');
      assert.equal(floods.length, 1);
      assert.equal(floods[0]?.attributes['client.address'], '10.9.9.9');
      assert.equal(floods[0]?.traceId, step('404-5').request.traceId);
    });

    it('records every access in audit mode all, the cancelled request with outcome unknown', () => {
      const accesses = named('security.http_access');
      assert.equal(accesses.length, plan.length);
      for (const s of plan) {
        const access = accesses.find((r) => r.traceId === s.request.traceId);
        assert.ok(access, `http_access for ${s.name}`);
        if (s.cancel === true) {
          assert.equal(access.attributes['security.event.outcome'], 'unknown');
          assert.equal(access.attributes['http.response.status_code'], undefined);
        } else {
          assert.equal(access.attributes['http.response.status_code'], withSecotel.get(s.name)?.status, s.name);
        }
      }
    });

    it('says nothing about HTTP/2 at start, flushes sys_shutdown on SIGTERM and exits as the app does (its own SIGTERM listener closes the server)', async () => {
      assert.doesNotMatch(output, /SECOTEL_HTTP2|http2/i, output);
      assert.deepEqual(exit, [0, null], output);
      await receiver.waitFor(() => named('security.sys_shutdown').length === 1);
    });
  });
}

describe('startSecotel() with instrumentation-http hooks of the application', () => {
  const run = async (http: string): Promise<string> => {
    const script = `const h = require('@secotel/node').startSecotel({ http: ${http}, handleProcessEvents: false }); h.shutdown();`;
    const child = spawn(process.execPath, ['-e', script], {
      cwd: root,
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'console', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
    return stderr;
  };

  it('says once, at start, which of them HTTP/2 spans do not apply', async () => {
    const stderr = await run("{ requestHook() {}, headersToSpanAttributes: { server: { requestHeaders: ['x-id'] } } }");
    const warnings = stderr.split('\n').filter((line) => line.includes('SECOTEL_HTTP2_OPTIONS_NOT_APPLIED'));
    assert.equal(warnings.length, 1, stderr);
    assert.match(warnings[0] ?? '', /requestHook, headersToSpanAttributes/);
  });

  it('says nothing for options HTTP/2 applies (ignoreIncomingRequestHook)', async () => {
    assert.doesNotMatch(await run('{ ignoreIncomingRequestHook: () => false }'), /SECOTEL_HTTP2/);
  });
});
