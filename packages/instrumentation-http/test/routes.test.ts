// http.route on attack events and on the server span, for each framework that knows its route:
// Express 4 and 5 (req.route), Fastify 5 (its diagnostics channel), Koa 3 + @koa/router and Hapi 21
// (secotel's module hooks). Real servers on loopback, the real OpenTelemetry SDK, an in-process
// OTLP receiver; OpenTelemetry diag errors fail the run.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import type { ClientRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type express from 'express';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';
import { ROUTE_FRAMEWORKS, itemsResponse, startRouteApp } from './helpers/route-apps.ts';
import type { RouteApp, RouteFrameworkName } from './helpers/route-apps.ts';
import type { FlatLogRecord, FlatSpan } from '../../../test/helpers/otlp-json.ts';

const SQLI_QUERY = new URLSearchParams({ q: "1' OR '1'='1' --" }).toString();
const NOSQLI_BODY = '{"filter": {"$ne": null}}';

/** Frameworks that announce the matched route before the handler runs (Express 4 only keeps it on req). */
const ANNOUNCES_ROUTE: Record<RouteFrameworkName, boolean> = { express4: false, express5: true, fastify: true, koa: true, hapi: true };

let harness: Harness;
const apps = new Map<RouteFrameworkName, RouteApp>();
const hangsEntered = new Map<RouteApp, number>();

before(async () => {
  harness = await startHarness({});
  for (const framework of ROUTE_FRAMEWORKS) apps.set(framework, await startRouteApp(framework, harness.http));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

function appFor(framework: RouteFrameworkName): RouteApp {
  const app = apps.get(framework);
  assert.ok(app, `${framework} app not started`);
  return app;
}

/** Flushes and polls until the trace has `count` records named `eventName`. */
async function waitForRecords(traceId: string, eventName: string, count: number, timeoutMs: number): Promise<FlatLogRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await harness.telemetry.flush();
    const found = harness.securityLogs(traceId).filter((r) => r.eventName === eventName);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`no ${count} ${eventName} record(s) for trace ${traceId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits for the request to be over: its server span (traces on), or node:http's response finish
 * (security-only; `finished: false` for a request that never finishes: a moment for its close to
 * be handled, then a flush). Returns the span, undefined in security-only mode.
 */
async function settled(traceId: string, finished = true): Promise<FlatSpan | undefined> {
  if (harness.tracing) return harness.settle(traceId);
  if (finished) await harness.settleRequest(traceId);
  else {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await harness.telemetry.flush();
  }
  return undefined;
}

/** Starts a GET to the app's hanging route and resolves once its handler runs; the client keeps the connection open. */
async function startHangingRequest(app: RouteApp, traceId: string): Promise<ClientRequest> {
  const url = new URL(app.url);
  const client = request({
    host: url.hostname,
    port: url.port,
    path: `/hang/7?${SQLI_QUERY}`,
    headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    agent: false,
  });
  client.on('error', () => {
    // The test destroys the request itself.
  });
  client.end();
  const entered = (hangsEntered.get(app) ?? 0) + 1;
  hangsEntered.set(app, entered);
  await app.hangEntered(entered);
  return client;
}

function assertAttack(record: FlatLogRecord | undefined, expected: { path: string; route: string; category: string; traceId: string; span: FlatSpan | undefined }): void {
  assert.ok(record, 'expected an attack_detected record');
  assert.equal(record.attributes['security_rule.category'], expected.category);
  assert.equal(record.attributes['url.path'], expected.path);
  assert.equal(record.attributes['http.route'], expected.route);
  assert.equal(record.attributes['client.address'], '127.0.0.1');
  assert.equal(record.traceId, expected.traceId);
  if (expected.span !== undefined) assert.equal(record.spanId, expected.span.spanId, 'the record belongs to the server span');
}

const FRAMEWORK_TITLES: Record<RouteFrameworkName, string> = {
  express4: 'Express 4',
  express5: 'Express 5',
  fastify: 'Fastify 5',
  koa: 'Koa 3 + @koa/router',
  hapi: 'Hapi 21',
};

for (const framework of ROUTE_FRAMEWORKS) {
  describe(`http.route on ${FRAMEWORK_TITLES[framework]}`, () => {
    it('reports an attack in the query with the route template, and names the server span after the route', async () => {
      const app = appFor(framework);
      const traceId = newTraceId();
      const response = await send(app.url, { path: `/items/42?${SQLI_QUERY}`, traceId });
      assert.equal(response.status, 200);
      assert.equal(response.body.toString('utf8'), itemsResponse('42', ''), 'the response is what the app answers');

      const span = await settled(traceId);
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.attack_detected'],
      );
      assertAttack(records[0], { path: '/items/42', route: app.itemsRoute, category: 'sqli', traceId, span });
      if (span !== undefined) assert.equal(span.name, `GET ${app.itemsRoute}`);
      if (span !== undefined) assert.equal(span.attributes['http.route'], app.itemsRoute);
      if (span !== undefined) assert.equal(span.attributes['security.attack.detected'], true);
    });

    it('reports an attack in a JSON body with the route template, and the handler gets the same body', async () => {
      const app = appFor(framework);
      const traceId = newTraceId();
      const response = await send(app.url, {
        method: 'POST',
        path: '/items/42',
        headers: { 'content-type': 'application/json' },
        body: NOSQLI_BODY,
        traceId,
      });
      assert.equal(response.status, 200);
      assert.equal(response.body.toString('utf8'), itemsResponse('42', NOSQLI_BODY));

      const span = await settled(traceId);
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.attack_detected'],
      );
      assertAttack(records[0], { path: '/items/42', route: app.itemsRoute, category: 'nosqli', traceId, span });
      assert.match(String(records[0]?.attributes['security.attack.location']), /^body\.filter/);
      if (span !== undefined) assert.equal(span.name, `POST ${app.itemsRoute}`);
      if (span !== undefined) assert.equal(span.attributes['http.route'], app.itemsRoute);
    });

    it('names the server span after the route of a clean request too, and emits nothing', async () => {
      const app = appFor(framework);
      const traceId = newTraceId();
      const response = await send(app.url, { path: '/items/9?q=shoes', traceId });
      assert.equal(response.body.toString('utf8'), itemsResponse('9', ''));
      const span = await settled(traceId);
      assert.deepEqual(harness.securityLogs(traceId), []);
      if (span !== undefined) assert.equal(span.name, `GET ${app.itemsRoute}`);
    });

    it('reports no route for a request that matched none (404), and leaves the span name alone', async () => {
      const app = appFor(framework);
      const traceId = newTraceId();
      const response = await send(app.url, { path: `/no-such-page/1?${SQLI_QUERY}`, traceId });
      assert.equal(response.status, 404);
      const span = await settled(traceId);
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.attack_detected'],
      );
      assert.equal(records[0]?.attributes['http.route'], undefined);
      if (span !== undefined) assert.equal(span.attributes['http.route'], undefined);
      if (span !== undefined) assert.equal(span.name, 'GET');
    });

    it('reports the attack of a request whose client disconnects before the response, exactly once', async () => {
      const app = appFor(framework);
      const traceId = newTraceId();
      const client = await startHangingRequest(app, traceId);
      client.destroy();
      const span = await settled(traceId, false);
      const records = await waitForRecords(traceId, 'security.attack_detected', 1, 10_000);
      assert.equal(records.length, 1, 'reported once');
      assertAttack(records[0], { path: '/hang/7', route: app.hangRoute, category: 'sqli', traceId, span });
    });

    if (ANNOUNCES_ROUTE[framework]) {
      it('reports the attack as soon as the route matched, while the handler has not answered', async () => {
        const app = appFor(framework);
        const traceId = newTraceId();
        const client = await startHangingRequest(app, traceId);
        try {
          // Well before the 5 s limit after which findings go out without waiting any longer.
          const records = await waitForRecords(traceId, 'security.attack_detected', 1, 3_000);
          assert.equal(records[0]?.attributes['http.route'], app.hangRoute);
          assert.equal(harness.serverSpan(traceId), undefined, 'the request is still open');
        } finally {
          client.destroy();
        }
        await settled(traceId, false);
        assert.equal(harness.securityLogs(traceId).length, 1, 'not reported again when the request closes');
      });
    }
  });
}

describe('a request that never finishes (Express 4: the route is read only from req)', () => {
  it('still reports its attack, with the route, after at most 5 s, and only once when the client finally leaves', async () => {
    const app = appFor('express4');
    const traceId = newTraceId();
    const client = await startHangingRequest(app, traceId);
    try {
      const records = await waitForRecords(traceId, 'security.attack_detected', 1, 10_000);
      assert.equal(records[0]?.attributes['http.route'], '/hang/:id');
      assert.equal(harness.serverSpan(traceId), undefined, 'the request is still open');
    } finally {
      client.destroy();
    }
    await settled(traceId, false);
    assert.equal(harness.securityLogs(traceId).length, 1);
  });
});

for (const version of ['express4', 'express5'] as const) {
  describe(`http.route through routers mounted at parametrised paths (${FRAMEWORK_TITLES[version]})`, () => {
    let url: string;
    let close: () => Promise<void>;
    before(async () => {
      const createApp = createRequire(import.meta.url)(version === 'express4' ? 'express4' : 'express') as typeof express;
      const app = createApp();
      const orgs = createApp.Router();
      const teams = createApp.Router();
      teams.post('/items/:id', (req, res) => {
        res.json({ id: req.params.id });
      });
      orgs.use('/teams/:team', teams);
      app.use(createApp.json());
      app.use('/orgs/:org', orgs);
      // The same router again, at a fixed path.
      app.use('/api', teams);
      const server = harness.http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      assert.ok(address !== null && typeof address === 'object');
      url = `http://127.0.0.1:${address.port}`;
      close = () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
    });
    after(() => close());

    for (const [path, route] of [
      ['/orgs/acme/teams/red/items/5', '/orgs/:org/teams/:team/items/:id'],
      ['/api/items/5', '/api/items/:id'],
    ] as const) {
      it(`reports ${route} for ${path} on the attacks and the server span`, async () => {
        const traceId = newTraceId();
        const response = await send(url, {
          method: 'POST',
          path: `${path}?${SQLI_QUERY}`,
          headers: { 'content-type': 'application/json' },
          body: NOSQLI_BODY,
          traceId,
        });
        assert.equal(response.status, 200);
        assert.deepEqual(JSON.parse(response.body.toString('utf8')), { id: '5' });
        const span = await settled(traceId);
        const records = harness.securityLogs(traceId);
        assert.deepEqual(records.map((r) => r.attributes['security_rule.category']).sort(), ['nosqli', 'sqli']);
        for (const record of records) assert.equal(record.attributes['http.route'], route);
        if (span !== undefined) assert.equal(span.name, `POST ${route}`);
      });
    }
  });
}

describe('a request cut off by the server closing', () => {
  it('still reports its attack with the route, exactly once', async () => {
    const app = await startRouteApp('koa', harness.http);
    const traceId = newTraceId();
    const client = await startHangingRequest(app, traceId);
    const clientClosed = new Promise((resolve) => client.once('close', resolve));
    await app.close();
    await clientClosed;
    const span = await settled(traceId, false);
    const records = await waitForRecords(traceId, 'security.attack_detected', 1, 10_000);
    assert.equal(records.length, 1);
    assertAttack(records[0], { path: '/hang/7', route: app.hangRoute, category: 'sqli', traceId, span });
  });
});

describe('route diagnostics', () => {
  it('reported no OpenTelemetry diag error or warning about the framework hooks', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
    assert.deepEqual(
      harness.diagnostics.warnings.filter((w) => /koa|hapi/i.test(w)),
      [],
    );
  });
});
