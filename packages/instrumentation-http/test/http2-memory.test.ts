// Per-stream state dies with the stream: thousands of requests on one long-lived HTTP/2 session
// (the session outlives them all, so state kept on it or in a module-level map would pile up),
// half with an attack in the query, some cancelled by the client before any response.
import assert from 'node:assert/strict';
import type * as NodeHttp2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { connectHttp2 } from './helpers/http2-client.ts';
import type { Http2Client } from './helpers/http2-client.ts';
import { settledHeap } from './helpers/heap.ts';
import { startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const load = createRequire(import.meta.url);
const { createHttp2App } = load('./fixtures/http2-app.cjs') as {
  createHttp2App(options: { api: 'stream' | 'compat'; tls: boolean; http2Module: typeof NodeHttp2 }): NodeHttp2.Http2Server;
};

/** Requests per measured round; about 2-4 s on the 2-core development machine. */
const REQUESTS = Number(process.env.SECOTEL_TEST_H2_REQUESTS ?? 10_000);
const CONCURRENCY = 32;
/**
 * A stream kept alive by a leak costs a few KiB (the stream, its headers, the core's state, the
 * request view, its span): 10,000 of them are tens of MiB. Growth of the heap in use after a full
 * GC has to stay well below that.
 */
const MAX_HEAP_GROWTH_BYTES = 8 * 1024 * 1024;

let harness: Harness;
let server: NodeHttp2.Http2Server;
let client: Http2Client;

before(async () => {
  // Every finding its own event (no attack event limit): the emission path is what must keep nothing.
  harness = await startHarness({ notFoundThreshold: false, attackEventLimit: false });
  const http2 = load('http2') as typeof NodeHttp2;
  server = createHttp2App({ api: 'compat', tls: false, http2Module: http2 });
  server.maxConnections = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = await connectHttp2(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

after(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await harness.close();
});

async function round(count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      if (i % 50 === 0) {
        await client.sendAndCancel({ method: 'POST', path: '/hang', headers: { 'content-type': 'application/json' }, body: '{' });
        continue;
      }
      const path = i % 2 === 0 ? `/search?q=${encodeURIComponent(`x' OR '${i}'='${i}' --`)}` : `/search?q=shoes-${i}`;
      const response = await client.send({ path });
      if (response.status !== 200) throw new Error(`request ${i}: status ${response.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('memory of HTTP/2 requests on one long-lived session', () => {
  it(`does not grow with ${REQUESTS.toLocaleString('en')} requests (attacks, clean, cancelled)`, { timeout: 120_000 }, async () => {
    await round(2_000);
    const baseline = await settledHeap(harness);
    await round(REQUESTS);
    await harness.telemetry.flush();
    // Half the requests carried an attack: the core reported thousands, and kept nothing of them.
    const attacks = harness.receiver.logs.filter((r) => r.eventName === 'security.attack_detected').length;
    assert.ok(attacks > REQUESTS / 10, `${attacks} attack_detected records`);
    const growth = (await settledHeap(harness)) - baseline;
    process.stdout.write(`# heap growth ${(growth / 1024 / 1024).toFixed(2)} MiB after ${REQUESTS} requests\n`);
    assert.ok(growth < MAX_HEAP_GROWTH_BYTES, `heap grew by ${(growth / 1024 / 1024).toFixed(1)} MiB`);
  });

  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
