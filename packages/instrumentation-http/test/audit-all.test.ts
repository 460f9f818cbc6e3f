// Audit mode `all`: every request, harmless or not, yields one `security.http_access` record (the
// route-access audit log) besides any security event. The default mode is covered in
// security-events.test.ts (a normal 200 yields no record); audit mode is per process, hence this file.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  harness = await startHarness({ audit: 'all' });
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

/** Does the framework tell instrumentation-http which route matched? */
const KNOWS_ROUTE: Record<FrameworkName, boolean> = { http: false, express: true, fastify: false };

for (const framework of FRAMEWORKS) {
  const url = () => apps.get(framework)?.url ?? '';

  describe(`audit mode "all" on ${framework}`, () => {
    it(`records a successful request as one http_access with method, ${KNOWS_ROUTE[framework] ? 'route, ' : ''}path, status, client and duration`, async () => {
      const traceId = newTraceId();
      const response = await send(url(), { path: '/users/42', traceId });
      assert.equal(response.status, 200);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.http_access'],
      );
      const attributes = records[0]?.attributes ?? {};
      assert.equal(attributes['http.request.method'], 'GET');
      assert.equal(attributes['url.path'], '/users/42');
      assert.equal(attributes['http.response.status_code'], 200);
      assert.equal(attributes['client.address'], '127.0.0.1');
      assert.equal(attributes['security.event.outcome'], 'success');
      assert.equal(typeof attributes['security.http.duration_ms'], 'number');
      assert.ok((attributes['security.http.duration_ms'] as number) >= 0);
      if (KNOWS_ROUTE[framework]) assert.equal(attributes['http.route'], '/users/:id');
      else if (framework === 'http') assert.equal(attributes['http.route'], undefined);
    });

    if (framework === 'fastify') {
      it('records the matched route (http.route) of a Fastify request', async () => {
        const traceId = newTraceId();
        await send(url(), { path: '/users/42', traceId });
        const records = await harness.recordsOf(traceId, 'security.http_access');
        assert.equal(records[0]?.attributes['http.route'], '/users/:id');
      });
    }

    it('records a 404 as one http_access with outcome failure', async () => {
      const traceId = newTraceId();
      const response = await send(url(), { path: '/nowhere', traceId });
      assert.equal(response.status, 404);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.http_access'],
      );
      assert.equal(records[0]?.attributes['http.response.status_code'], 404);
      assert.equal(records[0]?.attributes['security.event.outcome'], 'failure');
    });

    it('records a 403 as authz_fail and one http_access', async () => {
      const traceId = newTraceId();
      const response = await send(url(), { path: '/status/403', traceId });
      assert.equal(response.status, 403);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(records.map((r) => r.eventName).sort(), ['security.authz_fail', 'security.http_access']);
    });

    it('records an attack as attack_detected and one http_access, both in the request trace', async () => {
      const traceId = newTraceId();
      const response = await send(url(), { path: `/search?${new URLSearchParams({ q: "' UNION SELECT password FROM users --" })}`, traceId });
      assert.equal(response.status, 200);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(records.map((r) => r.eventName).sort(), ['security.attack_detected', 'security.http_access']);
      // Traced: the server span's; security-only: the caller's span from the traceparent.
      const spanIds = new Set(records.map((record) => record.spanId));
      assert.equal(spanIds.size, 1);
      if (harness.tracing) assert.deepEqual([...spanIds], [harness.serverSpan(traceId)?.spanId]);
      else assert.notEqual([...spanIds][0], undefined);
    });

    it(
      'does not record a status the server never sent when the client went away first',
      async () => {
        const traceId = newTraceId();
        const { port } = new URL(url());
        // The handler answers 403 after 300 ms; the client hangs up after 50 ms.
        const socket = connect(Number(port), '127.0.0.1');
        socket.on('error', () => {});
        socket.write(`GET /admin/1 HTTP/1.1\r\nhost: 127.0.0.1\r\nx-delay: 300\r\ntraceparent: 00-${traceId}-0102030405060708-01\r\n\r\n`);
        setTimeout(() => socket.destroy(), 50);
        // No response is ever finished, so there is no finish to wait for: wait for the record itself.
        const records = await harness.receiver.waitFor(() => {
          const found = harness.securityLogs(traceId).filter((r) => r.eventName === 'security.http_access');
          return found.length > 0 && found;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(harness.securityLogs(traceId).filter((r) => r.eventName === 'security.http_access').length, 1);
        assert.equal(records.length, 1);
        assert.notEqual(records[0]?.attributes['http.response.status_code'], 200);
        assert.notEqual(records[0]?.attributes['security.event.outcome'], 'success');
      },
    );

    it('records each of several concurrent requests exactly once', async () => {
      const traceIds = Array.from({ length: 20 }, () => newTraceId());
      const responses = await Promise.all(traceIds.map((traceId, i) => send(url(), { path: `/users/${i}`, traceId })));
      assert.deepEqual(
        responses.map((r) => r.status),
        traceIds.map(() => 200),
      );
      for (const [i, traceId] of traceIds.entries()) {
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(
          records.map((r) => [r.eventName, r.attributes['url.path']]),
          [['security.http_access', `/users/${i}`]],
        );
      }
    });
  });
}

describe('SecurityHttpInstrumentation diagnostics', () => {
  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
