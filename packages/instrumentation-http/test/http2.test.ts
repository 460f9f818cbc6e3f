// SecurityHttpInstrumentation on node:http2 servers: the same app on the core `stream` API and on
// the compatibility `request` API, over cleartext (h2c) and TLS, driven by a real http2.connect
// client; the real OpenTelemetry SDK exports OTLP/HTTP JSON to an in-process receiver and every
// behaviour is asserted on what the receiver got.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import type * as NodeHttp from 'node:http';
import type * as NodeHttp2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, afterEach, before, describe, it } from 'node:test';
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { send } from './helpers/client.ts';
import { connectHttp2 } from './helpers/http2-client.ts';
import type { Http2Client } from './helpers/http2-client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const load = createRequire(import.meta.url);
const { createHttp2App, TLS } = load('./fixtures/http2-app.cjs') as {
  createHttp2App(options: { api: 'stream' | 'compat'; tls: boolean; allowHTTP1?: boolean; http2Module: typeof NodeHttp2 }): NodeHttp2.Http2Server | NodeHttp2.Http2SecureServer;
  TLS: { key: Buffer; cert: Buffer };
};

const SQLMAP = 'sqlmap/1.7.2#stable (https://sqlmap.org)';
const SPAN_KIND_SERVER = 2;
const SPAN_STATUS_ERROR = 2;

interface Variant {
  readonly name: string;
  readonly api: 'stream' | 'compat';
  readonly tls: boolean;
  /** Client addresses of its own (sent through the trusted loopback proxy), so thresholds never mix. */
  readonly clientNet: string;
}

const VARIANTS: readonly Variant[] = [
  { name: 'the stream API over h2c', api: 'stream', tls: false, clientNet: '10.0.1' },
  { name: 'the compat request API over h2c', api: 'compat', tls: false, clientNet: '10.0.2' },
  { name: 'the stream API over TLS', api: 'stream', tls: true, clientNet: '10.0.3' },
  { name: 'the compat request API over TLS', api: 'compat', tls: true, clientNet: '10.0.4' },
];

let harness: Harness;
let http2: typeof NodeHttp2;

before(async () => {
  harness = await startHarness({ loginRoutes: ['/login'], notFoundThreshold: { count: 5, windowMs: 60_000 }, trustedProxies: ['loopback'] });
  // Required after the instrumentation was enabled, as an application would: the module hook patches it.
  http2 = load('http2') as typeof NodeHttp2;
});

after(async () => {
  await harness.close();
});

afterEach(() => {
  assert.deepEqual(harness.diagnostics.errors, [], 'no OpenTelemetry diag error');
});

for (const variant of VARIANTS) {
  describe(`SecurityHttpInstrumentation on an HTTP/2 server, ${variant.name}`, () => {
    let server: NodeHttp2.Http2Server | NodeHttp2.Http2SecureServer;
    let client: Http2Client;
    let port: number;
    const scheme = variant.tls ? 'https' : 'http';

    before(async () => {
      server = createHttp2App({ api: variant.api, tls: variant.tls, http2Module: http2 });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      client = await connectHttp2(`${scheme}://127.0.0.1:${port}`, variant.tls ? TLS.cert : undefined);
    });
    after(async () => {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('reports a SQL injection in the query in a SERVER span continuing the client trace, with semantic-convention attributes', async () => {
      const traceId = newTraceId();
      const parentSpanId = randomBytes(8).toString('hex');
      const query = new URLSearchParams({ q: "1' OR '1'='1' --" }).toString();
      const response = await client.send({ path: `/search?${query}`, traceId, parentSpanId, headers: { 'user-agent': 'h2-test/1.0' } });
      assert.equal(response.status, 200);

      const span = await harness.settle(traceId);
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.attack_detected'],
      );
      const record = records[0];
      assert.ok(record);
      assert.equal(record.attributes['security_rule.category'], 'sqli');
      assert.equal(record.attributes['url.path'], '/search');
      assert.equal(record.attributes['client.address'], '127.0.0.1');
      assert.equal(record.attributes['http.request.method'], 'GET');
      assert.equal(record.attributes['security.attack.location'], 'query.q');
      assert.equal(record.traceId, span.traceId);
      assert.equal(record.spanId, span.spanId, 'the record belongs to the server span itself');

      assert.equal(span.kind, SPAN_KIND_SERVER);
      assert.equal(span.parentSpanId, parentSpanId, 'W3C traceparent extracted');
      assert.equal(span.name, 'GET');
      assert.equal(span.attributes['http.request.method'], 'GET');
      assert.equal(span.attributes['url.path'], '/search');
      assert.equal(span.attributes['url.query'], query);
      assert.equal(span.attributes['url.scheme'], scheme);
      assert.equal(span.attributes['server.address'], '127.0.0.1');
      assert.equal(span.attributes['server.port'], port);
      assert.equal(span.attributes['network.protocol.version'], '2');
      assert.equal(span.attributes['network.peer.address'], '127.0.0.1');
      assert.equal(span.attributes['client.address'], '127.0.0.1');
      assert.equal(span.attributes['user_agent.original'], 'h2-test/1.0');
      assert.equal(span.attributes['http.response.status_code'], 200);
      assert.equal(span.attributes['security.attack.detected'], true);
      assert.deepEqual(span.attributes['security.attack.rule_ids'], [record.attributes['security_rule.uuid']]);
      assert.equal(harness.receiver.spans.filter((s) => s.traceId === traceId).length, 1, 'one span per request');
    });

    it('records http.server.request.duration for HTTP/2 requests, as instrumentation-http does for HTTP/1.1', async () => {
      const traceId = newTraceId();
      // A status of this variant's own: the metric is cumulative across the file.
      const status = 410 + VARIANTS.indexOf(variant);
      assert.equal((await client.send({ path: `/status/${status}`, traceId })).status, status);
      await harness.settle(traceId);
      const points = await harness.receiver.waitFor(() => {
        const found = harness.receiver.metrics
          .filter((m) => m.name === 'http.server.request.duration')
          .flatMap((m) => m.dataPoints)
          .filter((p) => p.attributes['network.protocol.version'] === '2' && p.attributes['http.response.status_code'] === status && p.attributes['url.scheme'] === scheme);
        return found.length > 0 ? found : undefined;
      });
      assert.ok((points[0]?.count ?? 0) >= 1);
    });

    it("reports nothing for a benign query with an apostrophe (O'Brien)", async () => {
      const traceId = newTraceId();
      const response = await client.send({ path: `/search?${new URLSearchParams({ q: "O'Brien" })}`, traceId });
      assert.equal(response.status, 200);
      const span = await harness.settle(traceId);
      assert.deepEqual(harness.securityLogs(traceId), []);
      assert.equal(span.attributes['security.attack.detected'], undefined);
    });

    it('reports a NoSQL operator in a JSON body and hands the handler the same bytes', async () => {
      const traceId = newTraceId();
      const body = Buffer.from('{"username": {"$ne": null}, "password": "x"}');
      const response = await client.send({ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body, traceId });
      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(response.body.toString('utf8')), { length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      const records = await harness.recordsOf(traceId, 'security.attack_detected');
      const nosqli = records.filter((r) => r.attributes['security_rule.category'] === 'nosqli');
      assert.equal(nosqli.length, 1, JSON.stringify(records.map((r) => r.attributes)));
      assert.match(String(nosqli[0]?.attributes['security.attack.location']), /^body\.username/);
      assert.equal(nosqli[0]?.attributes['http.request.method'], 'POST');
      assert.equal(nosqli[0]?.attributes['url.path'], '/echo');
    });

    it('hands a 300 KiB body, beyond the inspection limit, to the handler intact', async () => {
      const traceId = newTraceId();
      const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 6000 }, (_, i) => ({ id: i, note: 'x'.repeat(32) })) }));
      assert.ok(body.length > 300 * 1024);
      const response = await client.send({ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body, traceId });
      assert.deepEqual(JSON.parse(response.body.toString('utf8')), { length: body.length, sha256: createHash('sha256').update(body).digest('hex') });
      await harness.settle(traceId);
      assert.deepEqual(harness.securityLogs(traceId), []);
    });

    it('reports a request from sqlmap (a header) as a malicious attack tool', async () => {
      const traceId = newTraceId();
      const response = await client.send({ path: '/search?q=shoes', headers: { 'user-agent': SQLMAP }, traceId });
      assert.equal(response.status, 200);
      const records = await harness.recordsOf(traceId);
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.malicious_attack_tool'],
      );
      assert.equal(records[0]?.attributes['security.attack.location'], 'header.user-agent');
      assert.equal(records[0]?.attributes['user_agent.original'], SQLMAP);
    });

    for (const c of [
      { method: 'GET', path: '/status/403', status: 403, event: 'security.authz_fail' },
      { method: 'POST', path: '/login', status: 401, event: 'security.authn_login_fail' },
      { method: 'GET', path: '/status/401', status: 401, event: 'security.authz_fail' },
      { method: 'GET', path: '/status/429', status: 429, event: 'security.excess_rate_limit_exceeded' },
      { method: 'POST', path: '/status/400', status: 400, event: 'security.input_validation_fail' },
    ] as const) {
      it(`reports a ${c.status} on ${c.method} ${c.path} as ${c.event}`, async () => {
        const traceId = newTraceId();
        const response = await client.send({ method: c.method, path: c.path, traceId, ...(c.method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) });
        assert.equal(response.status, c.status);
        const span = await harness.settle(traceId);
        const records = harness.securityLogs(traceId);
        assert.deepEqual(
          records.map((r) => r.eventName),
          [c.event],
        );
        assert.equal(records[0]?.attributes['http.response.status_code'], c.status);
        assert.equal(records[0]?.attributes['url.path'], c.path);
        assert.equal(records[0]?.attributes['client.address'], '127.0.0.1');
        assert.equal(records[0]?.spanId, span.spanId);
        assert.equal(span.attributes['http.response.status_code'], c.status);
      });
    }

    it('reports a 500 on the span as an error, as for HTTP/1.1', async () => {
      const traceId = newTraceId();
      assert.equal((await client.send({ path: '/status/500', traceId })).status, 500);
      const span = await harness.settle(traceId);
      assert.equal(span.status.code, SPAN_STATUS_ERROR);
      assert.equal(span.attributes['error.type'], '500');
    });

    it('adds the user set with setUser() in the handler (from a header) to the authz_fail', async () => {
      const traceId = newTraceId();
      assert.equal((await client.send({ path: '/admin/1', headers: { 'x-user': 'alice' }, traceId })).status, 403);
      const records = await harness.recordsOf(traceId, 'security.authz_fail');
      assert.equal(records.length, 1);
      assert.equal(records[0]?.attributes['user.id'], 'alice');
      assert.equal(harness.serverSpan(traceId)?.attributes['user.id'], 'alice');
    });

    it('adds the user set with setUser() after the handler read a JSON body, and only to that request', async () => {
      const bobTrace = newTraceId();
      const anonymousTrace = newTraceId();
      // Two streams of one session in flight at once.
      const [bob, anonymous] = await Promise.all([
        client.send({ method: 'POST', path: '/admin/2', headers: { 'content-type': 'application/json' }, body: '{"user":"bob"}', traceId: bobTrace }),
        client.send({ method: 'POST', path: '/admin/3', headers: { 'content-type': 'application/json' }, body: '{}', traceId: anonymousTrace }),
      ]);
      assert.equal(bob.status, 403);
      assert.equal(anonymous.status, 403);
      const bobRecords = await harness.recordsOf(bobTrace, 'security.authz_fail');
      const anonymousRecords = await harness.recordsOf(anonymousTrace, 'security.authz_fail');
      assert.equal(bobRecords[0]?.attributes['user.id'], 'bob');
      assert.equal(anonymousRecords.length, 1);
      assert.equal(anonymousRecords[0]?.attributes['user.id'], undefined);
    });

    it("puts the application's own securityEvent() in the server span and does not repeat the 403 it reported", async () => {
      const traceId = newTraceId();
      assert.equal((await client.send({ path: '/reported', traceId })).status, 403);
      const span = await harness.settle(traceId);
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => [r.eventName, r.body]),
        [['security.authz_fail', 'reported by the app']],
      );
      assert.equal(records[0]?.spanId, span.spanId);
    });

    it('takes client.address from X-Forwarded-For only through a trusted proxy (loopback here)', async () => {
      const traceId = newTraceId();
      assert.equal((await client.send({ path: '/status/403', headers: { 'x-forwarded-for': `${variant.clientNet}.9` }, traceId })).status, 403);
      const records = await harness.recordsOf(traceId, 'security.authz_fail');
      assert.equal(records[0]?.attributes['client.address'], `${variant.clientNet}.9`);
    });

    it('reports one malicious_excess_404 for 8 404 responses to one client within the window', async () => {
      const clientAddress = `${variant.clientNet}.44`;
      const traceIds: string[] = [];
      for (let i = 0; i < 8; i++) {
        const traceId = newTraceId();
        traceIds.push(traceId);
        assert.equal((await client.send({ path: `/no-such-page-${i}`, headers: { 'x-forwarded-for': clientAddress }, traceId })).status, 404);
      }
      for (const traceId of traceIds) await harness.settle(traceId);
      const traces = new Set(traceIds);
      const records = harness.receiver.logs.filter((r) => traces.has(r.traceId));
      assert.deepEqual(
        records.map((r) => r.eventName),
        ['security.malicious_excess_404'],
      );
      assert.equal(records[0]?.attributes['client.address'], clientAddress);
      assert.equal(records[0]?.traceId, traceIds[5], 'fires on the sixth 404, the first one over the threshold');
    });

    it('leaves server push and trailers as they are, with one span for the request', async () => {
      const traceId = newTraceId();
      const response = await client.send({ path: '/push', traceId });
      assert.equal(response.status, 200);
      assert.equal(response.body.toString(), 'pushed one resource');
      assert.equal(response.trailers?.['x-checksum'], 'abc123');
      assert.equal(response.pushed.get('/pushed.css')?.body.toString(), 'body { color: red }');
      const span = await harness.settle(traceId);
      assert.equal(span.attributes['http.response.status_code'], 200);
      assert.equal(harness.receiver.spans.filter((s) => s.traceId === traceId).length, 1);
    });

    it('ends the span of a request the client cancelled before the response, with no security event', async () => {
      const traceId = newTraceId();
      await client.sendAndCancel({ method: 'POST', path: '/hang', headers: { 'content-type': 'application/json' }, body: '{"a":', traceId });
      const span = await harness.settle(traceId);
      assert.equal(span.attributes['http.response.status_code'], undefined);
      assert.equal(span.status.code, SPAN_STATUS_ERROR);
      assert.deepEqual(harness.securityLogs(traceId), []);
      // The session is still usable.
      assert.equal((await client.send({ path: '/search' })).status, 200);
    });

    it('serves odd requests (OPTIONS *, broken percent-encoding, a 12 KiB header, a bodyless POST) without errors', async () => {
      const odd = [
        { method: 'OPTIONS', path: '*', status: 404 },
        { method: 'GET', path: '/search?q=%E0%A4%A&x=%%%', status: 200 },
        { method: 'GET', path: '/search', headers: { 'x-odd': 'a'.repeat(12 * 1024) }, status: 200 },
        { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, status: 200 },
      ];
      for (const request of odd) {
        const traceId = newTraceId();
        const response = await client.send({ ...request, traceId });
        assert.equal(response.status, request.status, `${request.method} ${request.path}`);
        const span = await harness.settle(traceId);
        assert.equal(span.attributes['http.response.status_code'], request.status);
      }
    });

    it('serves a CONNECT stream (no :path) as without secotel, in a span of its own', async () => {
      const traceId = newTraceId();
      const response = await client.send({ method: 'CONNECT', path: '', headers: { ':authority': 'example.com:443' }, traceId });
      // The compatibility layer answers CONNECT itself when the app has no 'connect' listener.
      assert.equal(response.status, variant.api === 'compat' ? 405 : 404);
      const span = await harness.settle(traceId);
      assert.equal(span.attributes['http.request.method'], 'CONNECT');
      assert.equal(span.attributes['url.path'], undefined);
      assert.equal(span.attributes['http.response.status_code'], response.status);
    });
  });
}

describe('SecurityHttpInstrumentation on an HTTP/2 TLS server with allowHTTP1', () => {
  let server: NodeHttp2.Http2SecureServer;
  let port: number;
  before(async () => {
    server = createHttp2App({ api: 'compat', tls: true, allowHTTP1: true, http2Module: http2 }) as NodeHttp2.Http2SecureServer;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** One HTTP/1.1 request over TLS (ALPN http/1.1) on its own connection. */
  function http1(path: string, traceId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port, path, ca: TLS.cert, agent: false, headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('reports an attack from an HTTP/1.1 client through instrumentation-http, in an HTTP/1.1 server span', async () => {
    const traceId = newTraceId();
    assert.equal(await http1(`/search?${new URLSearchParams({ q: "1' OR '1'='1' --" })}`, traceId), 200);
    const span = await harness.settle(traceId);
    assert.equal(span.attributes['network.protocol.version'], '1.1');
    assert.equal(span.attributes['url.scheme'], 'https');
    const records = harness.securityLogs(traceId);
    assert.deepEqual(
      records.map((r) => [r.eventName, r.attributes['url.path'], r.spanId]),
      [['security.attack_detected', '/search', span.spanId]],
    );
  });

  it('reports a 403 to an HTTP/2 client of the same server in an HTTP/2 span', async () => {
    const client = await connectHttp2(`https://127.0.0.1:${port}`, TLS.cert);
    try {
      const traceId = newTraceId();
      assert.equal((await client.send({ path: '/admin/7', headers: { 'x-user': 'carol' }, traceId })).status, 403);
      const span = await harness.settle(traceId);
      assert.equal(span.attributes['network.protocol.version'], '2');
      const records = harness.securityLogs(traceId);
      assert.deepEqual(
        records.map((r) => [r.eventName, r.attributes['user.id']]),
        [['security.authz_fail', 'carol']],
      );
    } finally {
      await client.close();
    }
  });
});

describe('SecurityHttpInstrumentation on Fastify 5 over HTTP/2 (fastify({ http2: true }))', () => {
  let app: FastifyInstance<NodeHttp2.Http2Server>;
  let client: Http2Client;
  before(async () => {
    app = fastify({ http2: true });
    app.get('/users/:id', async (request, reply) => {
      reply.code(403);
      return { id: (request.params as { id: string }).id };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    client = await connectHttp2(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  });
  after(async () => {
    await client.close();
    await app.close();
  });

  it('reports the matched route on the authz_fail, the attack_detected and the server span', async () => {
    const traceId = newTraceId();
    const response = await client.send({ path: `/users/7?${new URLSearchParams({ q: "1' OR '1'='1' --" })}`, traceId });
    assert.equal(response.status, 403);
    const span = await harness.settle(traceId);
    const records = harness.securityLogs(traceId);
    assert.deepEqual(
      records.map((r) => [r.eventName, r.attributes['http.route'], r.attributes['url.path']]).sort(),
      [
        ['security.attack_detected', '/users/:id', '/users/7'],
        ['security.authz_fail', '/users/:id', '/users/7'],
      ],
    );
    assert.equal(span.attributes['http.route'], '/users/:id');
    assert.equal(span.name, 'GET /users/:id');
  });
});

describe('SecurityHttpInstrumentation on HTTP/1.1 and HTTP/2 servers of one process', () => {
  let h1: NodeHttp.Server;
  let h2: NodeHttp2.Http2Server;
  let client: Http2Client;
  before(async () => {
    h1 = harness.http.createServer((_req, res) => {
      res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => h1.listen(0, '127.0.0.1', resolve));
    h2 = createHttp2App({ api: 'stream', tls: false, http2Module: http2 });
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve));
    client = await connectHttp2(`http://127.0.0.1:${(h2.address() as AddressInfo).port}`);
  });
  after(async () => {
    await client.close();
    await new Promise<void>((resolve) => h2.close(() => resolve()));
    await new Promise<void>((resolve) => h1.close(() => resolve()));
  });

  it("count one client's 404s together for the 404 threshold (one security core)", async () => {
    const clientAddress = '10.0.9.1';
    const traceIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const traceId = newTraceId();
      traceIds.push(traceId);
      const headers = { 'x-forwarded-for': clientAddress };
      // Alternating: HTTP/1.1, HTTP/2, HTTP/1.1, ...
      const status =
        i % 2 === 0
          ? (await send(`http://127.0.0.1:${(h1.address() as AddressInfo).port}`, { path: `/gone-${i}`, headers, traceId })).status
          : (await client.send({ path: `/gone-${i}`, headers, traceId })).status;
      assert.equal(status, 404);
    }
    for (const traceId of traceIds) await harness.settle(traceId);
    const traces = new Set(traceIds);
    const records = harness.receiver.logs.filter((r) => traces.has(r.traceId));
    assert.deepEqual(
      records.map((r) => [r.eventName, r.attributes['client.address']]),
      [['security.malicious_excess_404', clientAddress]],
    );
    assert.equal(records[0]?.traceId, traceIds[5], 'the sixth 404 of the client, whichever protocol');
  });
});
