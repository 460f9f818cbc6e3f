// SecurityHttpInstrumentation in its default audit mode (`security`) on plain node:http, Express 5
// and Fastify 5: real servers on loopback, the real OpenTelemetry SDK exporting OTLP/HTTP JSON to
// an in-process receiver, every behaviour asserted on what the receiver got.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { FRAMEWORKS, SELF_REPORTED, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { json, send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const SQLMAP = 'sqlmap/1.7.2#stable (https://sqlmap.org)';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  harness = await startHarness({ loginRoutes: ['/login'], notFoundThreshold: { count: 5, windowMs: 60_000 } });
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

function appFor(framework: FrameworkName): RunningApp {
  const app = apps.get(framework);
  assert.ok(app, `${framework} app not started`);
  return app;
}

/** Does the framework tell instrumentation-http which route matched? */
const KNOWS_ROUTE: Record<FrameworkName, boolean> = { http: false, express: true, fastify: false };

/** Response statuses that are security events on their own. */
const STATUS_CASES = [
  { name: 'a 403', method: 'GET', path: '/status/403', route: '/status/:code', status: 403, event: 'security.authz_fail' },
  { name: 'a 401 on the configured login route', method: 'POST', path: '/login', route: '/login', status: 401, event: 'security.authn_login_fail' },
  { name: 'a 401 on any other route', method: 'GET', path: '/status/401', route: '/status/:code', status: 401, event: 'security.authz_fail' },
  { name: 'a 429', method: 'GET', path: '/status/429', route: '/status/:code', status: 429, event: 'security.excess_rate_limit_exceeded' },
  { name: 'a 400', method: 'POST', path: '/status/400', route: '/status/:code', status: 400, event: 'security.input_validation_fail' },
  { name: 'a 422', method: 'POST', path: '/status/422', route: '/status/:code', status: 422, event: 'security.input_validation_fail' },
] as const;

for (const framework of FRAMEWORKS) {
  describe(`SecurityHttpInstrumentation on ${framework === 'http' ? 'plain node:http' : framework === 'express' ? 'Express 5' : 'Fastify 5'}`, () => {
    it("reports a percent-encoded SQL injection in the query once, in the request's trace, and marks the server span", async () => {
      const traceId = newTraceId();
      const query = new URLSearchParams({ q: "1' OR '1'='1' --" }).toString();
      assert.match(query, /%27/, 'the client percent-encodes the quotes');
      const response = await send(appFor(framework).url, { path: `/search?${query}`, traceId });
      assert.equal(response.status, 200);

      await harness.settleRequest(traceId);
      const records = harness.securityLogs(traceId);
      assert.equal(records.length, 1, JSON.stringify(records.map((r) => r.eventName)));
      const record = records[0];
      assert.ok(record);
      assert.equal(record.eventName, 'security.attack_detected');
      assert.equal(record.attributes['security_rule.category'], 'sqli');
      assert.equal(record.attributes['url.path'], '/search');
      assert.equal(record.attributes['client.address'], '127.0.0.1');
      assert.equal(record.attributes['security.attack.location'], 'query.q');
      assert.equal(record.attributes['http.request.method'], 'GET');
      assert.match(String(record.attributes['security_rule.uuid']), /^sqli-\d{3}$/);
      assert.equal(record.traceId, traceId, "the record is in the client's trace");
      if (harness.tracing) {
        const span = await harness.settle(traceId);
        assert.equal(record.spanId, span.spanId, 'the record belongs to the server span itself');
        assert.equal(span.attributes['security.attack.detected'], true);
        assert.deepEqual(span.attributes['security.attack.rule_ids'], [record.attributes['security_rule.uuid']]);
      }
    });

    it("reports nothing for a benign query with an apostrophe (O'Brien)", async () => {
      const traceId = newTraceId();
      const response = await send(appFor(framework).url, { path: `/search?${new URLSearchParams({ q: "O'Brien" })}`, traceId });
      assert.equal(response.status, 200);
      await harness.settleRequest(traceId);
      assert.deepEqual(harness.securityLogs(traceId), []);
      if (harness.tracing) assert.equal((await harness.settle(traceId)).attributes['security.attack.detected'], undefined);
    });

    it('reports a NoSQL operator in a JSON body and hands the handler the same bytes', async () => {
      const traceId = newTraceId();
      const body = Buffer.from('{"username": {"$ne": null}, "password": "x"}');
      const response = await send(appFor(framework).url, {
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': 'application/json' },
        body,
        traceId,
      });
      assert.equal(response.status, 200);
      assert.deepEqual(json(response), { length: body.length, sha256: createHash('sha256').update(body).digest('hex') });

      const records = await harness.recordsOf(traceId, 'security.attack_detected');
      assert.ok(records.length >= 1, 'expected an attack_detected record');
      const nosqli = records.filter((r) => r.attributes['security_rule.category'] === 'nosqli');
      assert.equal(nosqli.length, 1, JSON.stringify(records.map((r) => r.attributes)));
      assert.match(String(nosqli[0]?.attributes['security.attack.location']), /^body\.username/);
      assert.equal(nosqli[0]?.attributes['url.path'], '/echo');
      assert.equal(nosqli[0]?.attributes['http.request.method'], 'POST');
      if (harness.tracing) assert.equal(harness.serverSpan(traceId)?.attributes['security.attack.detected'], true);
    });

    it('hands a 200 KiB JSON body, beyond the inspection limit, to the handler intact', async () => {
      const traceId = newTraceId();
      const items = Array.from({ length: 4000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b', 'c'], note: 'x'.repeat(16) }));
      const body = Buffer.from(JSON.stringify({ items }));
      assert.ok(body.length > 200 * 1024, `body is ${body.length} bytes`);
      const response = await send(appFor(framework).url, {
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': 'application/json' },
        body,
        traceId,
      });
      assert.equal(response.status, 200);
      assert.deepEqual(json(response), { length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      await harness.settleRequest(traceId);
      assert.deepEqual(harness.securityLogs(traceId), []);
    });

    it('reports a request from sqlmap as a malicious attack tool', async () => {
      const traceId = newTraceId();
      const response = await send(appFor(framework).url, { path: '/search?q=shoes', headers: { 'user-agent': SQLMAP }, traceId });
      assert.equal(response.status, 200);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.malicious_attack_tool'],
      );
      const record = records[0];
      assert.equal(record?.attributes['security_rule.category'], 'scanner');
      assert.equal(record?.attributes['security.attack.location'], 'header.user-agent');
      assert.equal(record?.attributes['user_agent.original'], SQLMAP);
      assert.equal(record?.attributes['client.address'], '127.0.0.1');
    });

    for (const c of STATUS_CASES) {
      it(`reports ${c.name} as ${c.event} with method, path, status${KNOWS_ROUTE[framework] ? ' and route' : ''}`, async () => {
        const traceId = newTraceId();
        const response = await send(appFor(framework).url, {
          method: c.method,
          path: c.path,
          traceId,
          ...(c.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        });
        assert.equal(response.status, c.status);
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(
          records.map((r) => r.eventName),
          [c.event],
        );
        const attributes = records[0]?.attributes ?? {};
        assert.equal(attributes['http.response.status_code'], c.status);
        assert.equal(attributes['http.request.method'], c.method);
        assert.equal(attributes['url.path'], c.path);
        assert.equal(attributes['client.address'], '127.0.0.1');
        if (KNOWS_ROUTE[framework]) assert.equal(attributes['http.route'], c.route);
      });
    }

    if (framework === 'fastify') {
      it('reports the matched route (http.route) of a Fastify request', async () => {
        const traceId = newTraceId();
        await send(appFor(framework).url, { path: '/status/403', traceId });
        const records = await harness.recordsOf(traceId, 'security.authz_fail');
        assert.equal(records[0]?.attributes['http.route'], '/status/:code');
      });
    }

    it('reports one malicious_excess_404 for 12 404 responses to one client within the window', async () => {
      // A client address of its own (127.0.0.0/8 is all loopback), so no other test's 404s count.
      const localAddress = `127.0.0.${10 + FRAMEWORKS.indexOf(framework)}`;
      const traceIds: string[] = [];
      for (let i = 0; i < 12; i++) {
        const traceId = newTraceId();
        traceIds.push(traceId);
        const response = await send(appFor(framework).url, { path: `/no-such-page-${i}`, traceId, localAddress });
        assert.equal(response.status, 404);
      }
      for (const traceId of traceIds) await harness.settleRequest(traceId);
      const traces = new Set(traceIds);
      const records = harness.receiver.logs.filter((r) => r.traceId !== undefined && traces.has(r.traceId));
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.malicious_excess_404'],
      );
      const record = records[0];
      assert.equal(record?.attributes['client.address'], localAddress);
      assert.equal(record?.attributes['security.threshold.count'], 5);
      assert.equal(record?.attributes['security.threshold.window_ms'], 60_000);
      assert.equal(record?.attributes['http.response.status_code'], 404);
      assert.equal(record?.traceId, traceIds[5], 'fires on the sixth 404, the first one over the threshold');
    });

    it('keeps client.address at the socket peer when an untrusted peer sends X-Forwarded-For or Forwarded', async () => {
      const traceId = newTraceId();
      const response = await send(appFor(framework).url, {
        path: '/status/403',
        headers: { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=7.7.7.7' },
        traceId,
      });
      assert.equal(response.status, 403);
      const records = await harness.recordsOf(traceId, 'security.authz_fail');
      assert.equal(records.length, 1);
      assert.equal(records[0]?.attributes['client.address'], '127.0.0.1');
    });

    it('adds the user set with setUser() in the handler to the authz_fail emitted at response end, and only to that request', async () => {
      const aliceTrace = newTraceId();
      const anonymousTrace = newTraceId();
      // Both requests are in flight at once: alice's handler waits after setUser() while the other runs.
      const [alice, anonymous] = await Promise.all([
        send(appFor(framework).url, { path: '/admin/1', headers: { 'x-user': 'alice', 'x-delay': '150' }, traceId: aliceTrace }),
        send(appFor(framework).url, { path: '/admin/2', headers: { 'x-delay': '50' }, traceId: anonymousTrace }),
      ]);
      assert.equal(alice.status, 403);
      assert.equal(anonymous.status, 403);
      const aliceRecords = await harness.recordsOf(aliceTrace, 'security.authz_fail');
      const anonymousRecords = await harness.recordsOf(anonymousTrace, 'security.authz_fail');
      assert.equal(aliceRecords.length, 1);
      assert.equal(anonymousRecords.length, 1);
      assert.equal(aliceRecords[0]?.attributes['user.id'], 'alice');
      assert.equal(anonymousRecords[0]?.attributes['user.id'], undefined);
      if (harness.tracing) assert.equal(harness.serverSpan(aliceTrace)?.attributes['user.id'], 'alice');
    });

    it(
      'adds the user set with setUser() after the handler read a JSON body',
      async () => {
        const traceId = newTraceId();
        const response = await send(appFor(framework).url, {
          method: 'POST',
          path: '/admin/3',
          headers: { 'content-type': 'application/json' },
          body: '{"user":"bob"}',
          traceId,
        });
        assert.equal(response.status, 403);
        const records = await harness.recordsOf(traceId, 'security.authz_fail');
        assert.equal(records.length, 1);
        assert.equal(records[0]?.attributes['user.id'], 'bob');
      },
    );

    for (const status of [401, 403, 422, 429]) {
      it(`does not repeat a ${status} the application reported itself as ${SELF_REPORTED[status]}`, async () => {
        const traceId = newTraceId();
        const response = await send(appFor(framework).url, { path: `/reported/${status}`, traceId });
        assert.equal(response.status, status);
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(
          records.map((r) => [r.eventName, r.body]),
          [[`security.${SELF_REPORTED[status]}`, `reported by the app: ${status}`]],
        );
      });
    }

    it(
      'does not repeat a 403 the application reported itself after the framework read a JSON body',
      async () => {
        const traceId = newTraceId();
        const response = await send(appFor(framework).url, {
          method: 'POST',
          path: '/reported/403',
          headers: { 'content-type': 'application/json' },
          body: '{}',
          traceId,
        });
        assert.equal(response.status, 403);
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(
          records.map((r) => r.eventName),
          ['security.authz_fail'],
        );
      },
    );

    it(
      'still reports a 403 after the application reported a successful login in the same request',
      async () => {
        const traceId = newTraceId();
        const response = await send(appFor(framework).url, { path: '/login-then-forbidden', traceId });
        assert.equal(response.status, 403);
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(records.map((r) => r.eventName).sort(), ['security.authn_login_success', 'security.authz_fail']);
      },
    );

    it('emits no record at all for a normal 200 response', async () => {
      const traceId = newTraceId();
      const response = await send(appFor(framework).url, { path: '/users/42', traceId });
      assert.equal(response.status, 200);
      assert.deepEqual(json(response), { id: '42' });
      await harness.settleRequest(traceId);
      assert.deepEqual(
        harness.receiver.logs.filter((r) => r.traceId === traceId),
        [],
      );
    });
  });
}

describe('SecurityHttpInstrumentation on Express 5 routers', () => {
  let server: RunningApp;
  before(async () => {
    const app = express();
    const users = express.Router();
    users.get('/users/:id', (_req, res) => {
      res.status(403).send('forbidden');
    });
    app.use('/api', users);
    app.use('/orgs/:org', users);
    const http = harness.http.createServer(app);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const address = http.address();
    assert.ok(address !== null && typeof address === 'object');
    server = {
      framework: 'express',
      url: `http://127.0.0.1:${address.port}`,
      close: () => new Promise<void>((resolve) => http.close(() => resolve())),
    };
  });
  after(() => server.close());

  async function routeOf(path: string): Promise<unknown> {
    const traceId = newTraceId();
    assert.equal((await send(server.url, { path, traceId })).status, 403);
    const records = await harness.recordsOf(traceId, 'security.authz_fail');
    assert.equal(records.length, 1);
    return records[0]?.attributes['http.route'];
  }

  it('reports the route of a router mounted at a fixed path with the mount path', async () => {
    assert.equal(await routeOf('/api/users/7'), '/api/users/:id');
  });

  it('reports the route template, not the request values, of a router mounted at a parametrised path', async () => {
    assert.equal(await routeOf('/orgs/acme/users/7'), '/orgs/:org/users/:id');
  });
});

describe('SecurityHttpInstrumentation and a body the handler never read', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => {
    // Answers at once, without reading the body: the body is seen after the response (and span) ended.
    const server = harness.http.createServer((_req, res) => {
      res.writeHead(403).end('no');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  after(() => close());

  it('still reports the attack in it, in the request trace, without OpenTelemetry warnings', async () => {
    const traceId = newTraceId();
    const body = '{"user": {"$ne": null}}';
    // Sent with the headers, but parsed after the handler answered and the response closed.
    const { status } = await send(url, { method: 'POST', path: '/late-body', headers: { 'content-type': 'application/json' }, body, traceId });
    assert.equal(status, 403);
    await harness.settleRequest(traceId);
    const records = await harness.receiver.waitFor(() => {
      const found = harness.securityLogs(traceId);
      return found.length >= 2 ? found : undefined;
    });
    assert.deepEqual(records.map((r) => r.eventName).sort(), ['security.attack_detected', 'security.authz_fail']);
    assert.equal(records.find((r) => r.eventName === 'security.attack_detected')?.attributes['security_rule.category'], 'nosqli');
    assert.deepEqual(
      harness.diagnostics.warnings.filter((w) => w.includes('ended Span')),
      [],
    );
  });
});

describe('SecurityHttpInstrumentation diagnostics', () => {
  it('reported no OpenTelemetry diag error while serving all of the above', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
