// An application's own instrumentation-http hooks next to secotel's: a real
// SecurityHttpInstrumentation and OpenTelemetry SDK, a real node:http server, what the OTLP receiver
// got. secotel runs its sensor in `requestHook` and `applyCustomAttributesOnSpan` and adds no
// `responseHook` (a call per request it does not need); the application's hooks all still run.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { securityHttpConfig } from '@secotel/instrumentation-http';
import { send } from './helpers/client.ts';
import { TRACING, newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const seen: { request: string[]; response: string[]; span: string[] } = { request: [], response: [], span: [] };
const userHooks: HttpInstrumentationConfig = {
  requestHook: (span, request) => {
    seen.request.push(String((request as IncomingMessage).url));
    span.setAttribute('app.request_hook', true);
  },
  responseHook: (_span, response) => {
    seen.response.push(String((response as ServerResponse).req?.url));
  },
  applyCustomAttributesOnSpan: (span, request) => {
    seen.span.push(String((request as IncomingMessage).url));
    span.setAttribute('app.span_hook', true);
  },
};

let harness: Harness;
let server: Server;
let base: string;

before(async () => {
  harness = await startHarness({}, userHooks);
  server = harness.http.createServer((_request, response) => response.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.close();
  await harness.close();
});

describe("an application's own instrumentation-http hooks", { skip: TRACING ? false : 'hooks of instrumentation-http: traces on only' }, () => {
  it('all run once per request, after secotel has judged it', async () => {
    const traceId = newTraceId();
    const path = `/search?${new URLSearchParams({ q: "1' OR '1'='1' --" })}`;
    await send(base, { path, traceId });
    const attacks = await harness.recordsOf(traceId, 'security.attack_detected');
    assert.equal(attacks.length, 1);
    const span = harness.serverSpan(traceId);
    assert.equal(span?.attributes['security.attack.detected'], true);
    assert.equal(span?.attributes['app.request_hook'], true);
    assert.equal(span?.attributes['app.span_hook'], true);
    for (const list of [seen.request, seen.response, seen.span]) assert.deepEqual(list.filter((url) => url === path), [path]);
  });
});

describe('securityHttpConfig()', () => {
  it('adds no responseHook of its own and keeps the one it is given', () => {
    assert.equal(securityHttpConfig({}).responseHook, undefined);
    assert.equal(securityHttpConfig({ responseHook: userHooks.responseHook }).responseHook, userHooks.responseHook);
    const config = securityHttpConfig({ requestHook: userHooks.requestHook });
    assert.notEqual(config.requestHook, userHooks.requestHook, 'secotel runs its sensor first');
    assert.equal(typeof config.applyCustomAttributesOnSpan, 'function');
  });
});
