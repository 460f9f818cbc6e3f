// SECOTEL_LOGIN_ROUTES replaces the default login routes (login-routes.test.ts covers the
// defaults; the variable is read once per process, hence this file).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';
import { UNAUTHORIZED_ROUTES } from './helpers/login-routes.ts';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  process.env.SECOTEL_LOGIN_ROUTES = '/custom';
  harness = await startHarness({});
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http, {}, UNAUTHORIZED_ROUTES));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
  delete process.env.SECOTEL_LOGIN_ROUTES;
});

for (const framework of FRAMEWORKS) {
  describe(`SECOTEL_LOGIN_ROUTES=/custom on ${framework}`, () => {
    for (const c of [
      { path: '/custom', event: 'security.authn_login_fail' },
      { path: '/login', event: 'security.authz_fail' },
      { path: '/api/auth/callback/github', event: 'security.authz_fail' },
    ]) {
      it(`reports a 401 on ${c.path} as ${c.event}`, async () => {
        const traceId = newTraceId();
        const response = await send(apps.get(framework)?.url ?? '', {
          method: 'POST',
          path: c.path,
          traceId,
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        assert.equal(response.status, 401);
        const records = await harness.recordsOf(traceId);
        assert.deepEqual(
          records.map((r) => r.eventName),
          [c.event],
        );
        assert.equal(records[0]?.attributes['url.path'], c.path);
      });
    }
  });
}

describe('SecurityHttpInstrumentation diagnostics', () => {
  it('reported no OpenTelemetry diag error while serving all of the above', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
