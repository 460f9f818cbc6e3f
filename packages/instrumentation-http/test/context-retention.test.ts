// A request's context outlives the request in ordinary apps: a timer, a batch export or a cache
// refresh started inside the handler captures it. secotel's scope rides on that context; if it
// pointed back at the request, each captured context would keep the whole request (request,
// response, socket listeners, span) alive, and under load every request would be promoted to the
// old generation (measured: about 4 KB per request and a fifth more CPU per request).
// Runs in both observer modes (SECOTEL_TEST_HTTP_MODE=security-only: context-retention-security-only).
import assert from 'node:assert/strict';
import type { IncomingMessage, Server } from 'node:http';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setUser } from '@secotel/sdk';
import { urlOf } from './helpers/apps.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REQUESTS = 20;

let harness: Harness;
let server: Server;
let url: string;
/** Timers the handler started and left running: each holds the context of its request. */
const timers: NodeJS.Timeout[] = [];
const requests: WeakRef<IncomingMessage>[] = [];

before(async () => {
  harness = await startHarness({});
  server = harness.http.createServer((request, response) => {
    requests.push(new WeakRef(request));
    // The scope is in use (and the user recorded on it), as in an app that logs users in.
    if (!setUser({ 'user.id': `user-${requests.length}` })) throw new Error('no security scope in the handler');
    timers.push(setTimeout(() => {}, 600_000));
    response.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = urlOf(server);
});

after(async () => {
  for (const timer of timers) clearTimeout(timer);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await harness.close();
});

describe('a request context kept after the response', () => {
  it('does not keep the request alive', async () => {
    const agent = new Agent({ keepAlive: false });
    for (let i = 0; i < REQUESTS; i++) {
      const traceId = newTraceId();
      const response = await send(url, { path: `/items?page=${i}&q=blue+shoes`, traceId, agent });
      assert.equal(response.status, 200);
      await harness.settleRequest(traceId);
    }
    agent.destroy();
    assert.equal(requests.length, REQUESTS);
    for (let i = 0; i < 5; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const alive = requests.filter((ref) => ref.deref() !== undefined).length;
    assert.equal(timers.length, REQUESTS, 'every context is still held by its timer');
    // Every request's context is still held; none of the requests may be.
    assert.equal(alive, 0, `${alive} of ${REQUESTS} requests still reachable from their contexts`);
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
