// The instrumentation never hurts the application: hostile requests get exactly the response
// the application (or its framework) gives without secotel, byte for byte, and nothing fails.
// Each request is sent twice, with the instrumentation enabled and then disabled, and compared.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { json, send } from './helpers/client.ts';
import type { SendOptions, SentResponse } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

interface HostileCase {
  readonly name: string;
  readonly request: Omit<SendOptions, 'traceId'>;
  /** What the handler must have seen, when the framework let the request through (200). */
  readonly handlerSaw?: (body: Record<string, unknown>) => void;
}

const ODD_BYTES = Buffer.from([0x80, 0x09, 0xff, 0xe9, 0x20, 0xc3, 0x28, 0xf0, 0x9f, 0x98, 0xfe, 0x22, 0x3c, 0x27]);
const JSON_TYPE = { 'content-type': 'application/json' };
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function echoed(body: string | Buffer): (seen: Record<string, unknown>) => void {
  return (seen) => assert.deepEqual(seen, { length: Buffer.byteLength(body), sha256: sha256(body) });
}

const LONG_PATH = `/inspect/${'a'.repeat(64 * 1024)}`;
const LONG_ATTACK_PATH = `/inspect/${"x%27%20OR%20%271%27%3D%271%27--%2F..%2F..%2Fetc%2Fpasswd%3Cscript%3E/".repeat(Math.ceil((64 * 1024) / 64))}`;
const MANY_PARAMS = `/inspect/q?${Array.from({ length: 10_000 }, (_, i) => `p${i}=${i % 7 === 0 ? "'%20OR%201=1--" : String(i)}`).join('&')}`;
const INVALID_JSON = '{"username": {"$ne": null, "password": "x", ]]]\u0000';
const DEEP_JSON = `${'['.repeat(20_000)}"$where"${']'.repeat(20_000)}`;
const PROTO_JSON = '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}';
const PROTO_FORM = '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&a[__proto__][polluted]=yes';

const CASES: readonly HostileCase[] = [
  { name: 'a 64 KiB path', request: { path: LONG_PATH }, handlerSaw: (seen) => assert.equal(seen.urlLength, LONG_PATH.length) },
  { name: 'a 64 KiB path full of encoded attack payloads', request: { path: LONG_ATTACK_PATH }, handlerSaw: (seen) => assert.equal(seen.urlLength, LONG_ATTACK_PATH.length) },
  { name: 'malformed percent-encoding in the path', request: { path: '/inspect/%E0%A4%A' } },
  { name: 'malformed percent-encoding in the query', request: { path: '/inspect/x?q=%E0%A4%A&%=%%&%ZZ' } },
  { name: 'malformed percent-encoding in a cookie', request: { path: '/inspect/x', headers: { cookie: 'a=%E0%A4%A; b=%; =; c' } } },
  { name: '10,000 query parameters', request: { path: MANY_PARAMS }, handlerSaw: (seen) => assert.ok((seen.queryKeys as number) >= 1000) },
  {
    name: 'a header value with odd bytes (obs-text, invalid UTF-8, quotes)',
    request: { path: '/inspect/x', headers: { 'x-odd': ODD_BYTES.toString('latin1'), 'user-agent': ODD_BYTES.toString('latin1') } },
    handlerSaw: (seen) => assert.equal(seen.odd, ODD_BYTES.toString('hex')),
  },
  { name: '200 repeated header lines', request: { path: '/inspect/x', headers: { 'x-dup': Array.from({ length: 200 }, (_, i) => `v${i}`) } } },
  {
    name: 'an invalid JSON body sent as application/json',
    request: { method: 'POST', path: '/echo', headers: JSON_TYPE, body: INVALID_JSON },
    handlerSaw: echoed(INVALID_JSON),
  },
  {
    name: 'JSON nested 20,000 levels deep',
    request: { method: 'POST', path: '/echo', headers: JSON_TYPE, body: DEEP_JSON },
    handlerSaw: echoed(DEEP_JSON),
  },
  {
    name: 'a JSON body with __proto__ and constructor.prototype keys',
    request: { method: 'POST', path: '/echo', headers: JSON_TYPE, body: PROTO_JSON },
    handlerSaw: echoed(PROTO_JSON),
  },
  {
    name: 'a urlencoded body with __proto__ keys',
    request: { method: 'POST', path: '/echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: PROTO_FORM },
    handlerSaw: echoed(PROTO_FORM),
  },
  {
    name: 'a body claiming gzip that is not gzip',
    request: { method: 'POST', path: '/echo', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: '{"not":"gzip"}' },
  },
  {
    name: 'a JSON body with a charset that lies',
    request: { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json; charset=utf-16' }, body: ODD_BYTES },
    handlerSaw: echoed(ODD_BYTES),
  },
  {
    name: 'an empty body with a JSON content type',
    request: { method: 'POST', path: '/echo', headers: JSON_TYPE, body: '' },
  },
];

/** The parts of a response the application decides; `date` changes between runs. */
function comparable(response: SentResponse): { status: number; headers: Record<string, unknown>; body: string } {
  const { date: _date, ...headers } = response.headers;
  return { status: response.status, headers, body: response.body.toString('latin1') };
}

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();
const instrumented = new Map<string, SentResponse>();
const traceIds: string[] = [];

before(async () => {
  harness = await startHarness({});
  // A larger header limit so that the 64 KiB request line reaches the application at all.
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http, { serverOptions: { maxHeaderSize: 256 * 1024 } }));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

for (const framework of FRAMEWORKS) {
  describe(`hostile input on ${framework} with the instrumentation enabled`, () => {
    for (const c of CASES) {
      it(`answers ${c.name} with the application's response`, async () => {
        const traceId = newTraceId();
        traceIds.push(traceId);
        const response = await send(apps.get(framework)?.url ?? '', { ...c.request, traceId });
        instrumented.set(`${framework} ${c.name}`, response);
        assert.ok(response.status < 500, `status ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`);
        if (response.status === 200 && c.handlerSaw !== undefined) c.handlerSaw(json(response) as Record<string, unknown>);
        // The request finished (traced, or in security-only mode published by node:http after secotel judged it).
        await harness.settleRequest(traceId);
      });
    }

    it('still serves a normal request afterwards', async () => {
      const response = await send(apps.get(framework)?.url ?? '', { path: '/users/7' });
      assert.equal(response.status, 200);
      assert.deepEqual(json(response), { id: '7' });
    });
  });
}

describe('what the hostile requests left behind', () => {
  it('polluted no prototype', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  it('exported only bounded records (attribute values and messages are capped)', async () => {
    await harness.telemetry.flush();
    const traces = new Set(traceIds);
    const records = harness.receiver.logs.filter((r) => r.traceId !== undefined && traces.has(r.traceId));
    assert.ok(records.length > 0, 'the attack payloads were reported');
    for (const record of records) {
      assert.ok(String(record.body).length <= 16 * 1024, `${record.eventName} body of ${String(record.body).length} chars`);
      for (const [key, value] of Object.entries(record.attributes)) {
        assert.ok(typeof value !== 'string' || value.length <= 4096, `${record.eventName} ${key} of ${String(value).length} chars`);
      }
    }
  });

  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});

describe('the same hostile requests with the instrumentation disabled', () => {
  before(() => harness.instrumentation.disable());

  for (const framework of FRAMEWORKS) {
    it(`get byte-identical status, headers and bodies on ${framework}`, async () => {
      for (const c of CASES) {
        const without = await send(apps.get(framework)?.url ?? '', c.request);
        const withSecotel = instrumented.get(`${framework} ${c.name}`);
        assert.ok(withSecotel, `${c.name} was not sent with the instrumentation`);
        assert.deepEqual(comparable(withSecotel), comparable(without), c.name);
      }
    });
  }
});
