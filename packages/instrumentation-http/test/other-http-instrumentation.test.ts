// Another copy of @opentelemetry/instrumentation-http enabled after secotel's (as
// auto-instrumentations-node's is) replaces secotel's patch of http.Server.prototype.emit; it
// must carry secotel's hooks, not silently turn them off. Its own file: the replacement is for
// the whole process.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

type HttpInstrumentationLike = { disable(): void };
type OtherModule = { HttpInstrumentation: new (config?: HttpInstrumentationConfig) => HttpInstrumentationLike };

// auto-instrumentations-node 0.82 depends on instrumentation-http ^0.300.0: a copy of its own.
const fromAuto = createRequire(createRequire(import.meta.url).resolve('@opentelemetry/auto-instrumentations-node'));
// Resolved, not loaded: secotel's module hook sees the package when it is first required, below.
const otherCopy = fromAuto.resolve('@opentelemetry/instrumentation-http') !== createRequire(import.meta.url).resolve('@opentelemetry/instrumentation-http');

let harness: Harness;
let server: Server;
let instance: HttpInstrumentationLike | undefined;
const seenByUserHook: string[] = [];

before(async () => {
  harness = await startHarness({});
  const receiverPort = Number(new URL(harness.receiver.url).port);
  if (otherCopy) {
    const other = fromAuto('@opentelemetry/instrumentation-http') as OtherModule;
    assert.notEqual(other.HttpInstrumentation, HttpInstrumentation);
    instance = new other.HttpInstrumentation({
      disableOutgoingRequestInstrumentation: true,
      ignoreIncomingRequestHook: (request) => request.socket.localPort === receiverPort,
      requestHook: (_span, request) => seenByUserHook.push(String((request as IncomingMessage).url)),
    });
    // It patches http on the next require, unwrapping secotel's patch first.
    fromAuto('http');
  }
  server = harness.http.createServer((request, response) => response.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

after(async () => {
  server.close();
  instance?.disable();
  await harness.close();
});

describe('an HttpInstrumentation of another copy, enabled after secotel\'s', { skip: otherCopy ? false : 'auto-instrumentations-node shares secotel\'s copy' }, () => {
  it('runs secotel\'s hooks, once, and then its own', async () => {
    const traceId = newTraceId();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await send(base, { path: `/search?${new URLSearchParams({ q: "1' OR '1'='1' --" })}`, traceId });
    const attacks = await harness.recordsOf(traceId, 'security.attack_detected');
    assert.equal(attacks.length, 1);
    const span = harness.serverSpan(traceId);
    assert.equal(span?.attributes['security.attack.detected'], true);
    // The span is the other copy's: its patch replaced secotel's, and it ran secotel's hooks.
    assert.notEqual(span?.scope.version, harness.instrumentation.instrumentationVersion);
    assert.deepEqual(seenByUserHook.filter((url) => url.startsWith('/search')).length, 1);
  });
});
