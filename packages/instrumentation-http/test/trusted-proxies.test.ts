// With `trustedProxies: ['loopback']` the loopback peer is a trusted proxy, so its X-Forwarded-For
// and Forwarded headers name the client. (Untrusted peers are covered in security-events.test.ts;
// trust is per process, hence this file.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  harness = await startHarness({ trustedProxies: ['loopback'] });
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

const CASES = [
  { name: 'X-Forwarded-For', headers: { 'x-forwarded-for': '6.6.6.6' }, client: '6.6.6.6' },
  {
    name: 'the nearest untrusted hop of an X-Forwarded-For chain, not its spoofable first entry',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 127.0.0.1' },
    client: '203.0.113.9',
  },
  { name: 'Forwarded: for=', headers: { forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43' }, client: '192.0.2.60' },
  { name: 'a quoted IPv6 address with a port in Forwarded', headers: { forwarded: 'for="[2001:db8:cafe::17]:4711"' }, client: '2001:db8:cafe::17' },
  { name: 'X-Forwarded-For over Forwarded when both are present', headers: { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=7.7.7.7' }, client: '6.6.6.6' },
  { name: 'the peer when a trusted proxy sends no forwarding header', headers: {}, client: '127.0.0.1' },
] as const;

for (const framework of FRAMEWORKS) {
  describe(`client.address behind a trusted loopback proxy on ${framework}`, () => {
    for (const c of CASES) {
      it(`is taken from ${c.name}`, async () => {
        const traceId = newTraceId();
        const response = await send(apps.get(framework)?.url ?? '', { path: '/status/403', headers: c.headers, traceId });
        assert.equal(response.status, 403);
        const records = await harness.recordsOf(traceId, 'security.authz_fail');
        assert.equal(records.length, 1);
        assert.equal(records[0]?.attributes['client.address'], c.client);
      });
    }
  });
}

describe('SecurityHttpInstrumentation diagnostics', () => {
  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
