// reportPendingFindings(): what shutdown calls so the findings of requests still waiting for their
// route (a handler that never answers) are exported with the process's last flush.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { reportPendingFindings } from '@secotel/instrumentation-http';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const SQLI_QUERY = new URLSearchParams({ q: "1' OR '1'='1' --" }).toString();

let harness: Harness;
let server: Server;
let entered: () => Promise<IncomingMessage>;

before(async () => {
  harness = await startHarness({});
  const waiters: ((request: IncomingMessage) => void)[] = [];
  entered = () => new Promise<IncomingMessage>((resolve) => waiters.push(resolve));
  // Never answers: the request's findings wait for a route that never comes.
  server = harness.http.createServer((request) => waiters.shift()?.(request));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

after(async () => {
  server.closeAllConnections();
  server.close();
  await harness.close();
});

describe('reportPendingFindings()', () => {
  it('emits the waiting finding now, once, with path and client address and no route', async () => {
    const traceId = newTraceId();
    const handlerRan = entered();
    const client = harness.http.request({
      host: '127.0.0.1',
      port: (server.address() as AddressInfo).port,
      path: `/hang?${SQLI_QUERY}`,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      agent: false,
    });
    client.on('error', () => {
      // Destroyed by the test.
    });
    client.end();
    const request = await handlerRan;

    assert.ok(reportPendingFindings() >= 1, 'a request had findings waiting');
    assert.equal(reportPendingFindings(), 0, 'nothing waits any more');
    await harness.telemetry.flush();
    const attacks = harness.securityLogs(traceId).filter((r) => r.eventName === 'security.attack_detected');
    assert.equal(attacks.length, 1);
    assert.equal(attacks[0]?.attributes['url.path'], '/hang');
    assert.equal(attacks[0]?.attributes['client.address'], '127.0.0.1');
    assert.equal(attacks[0]?.attributes['http.route'], undefined);

    // The response ends later (the client gives up): the finding is not reported a second time.
    // (secotel's close listener was added when the request started, so it has run when the test's runs.)
    request.on('error', () => {
      // 'aborted': the client left before any response.
    });
    const closed = new Promise((resolve) => request.once('close', resolve));
    client.destroy();
    await closed;
    await harness.telemetry.flush();
    assert.equal(harness.securityLogs(traceId).filter((r) => r.eventName === 'security.attack_detected').length, 1);
  });

  it('returns 0 when nothing waits', () => {
    assert.equal(reportPendingFindings(), 0);
  });
});
