// Login routes by default: without `loginRoutes` or SECOTEL_LOGIN_ROUTES a 401 on a common login
// path is a failed login (and feeds the brute-force threshold), a 401 elsewhere is authz_fail.
// Real servers on loopback, the real OpenTelemetry SDK, assertions on what the OTLP receiver got.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LOGIN_ROUTES, SecurityHttpConfigError, resolveSecurityHttpOptions } from '@secotel/instrumentation-http';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';
import { UNAUTHORIZED_ROUTES } from './helpers/login-routes.ts';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  // The defaults are what this file is about: no configuration from the environment.
  delete process.env.SECOTEL_LOGIN_ROUTES;
  delete process.env.SECOTEL_LOGIN_FAIL_THRESHOLD;
  harness = await startHarness({});
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http, {}, UNAUTHORIZED_ROUTES));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

// Each request from a loopback address of its own, so the brute-force threshold (per
// client.address) counts only what a test sends itself.
let lastOctet = 0;
const freshClientAddress = (): string => `127.0.1.${++lastOctet}`;

async function post401(framework: FrameworkName, path: string, localAddress = freshClientAddress()) {
  const traceId = newTraceId();
  const response = await send(apps.get(framework)?.url ?? '', {
    method: path.startsWith('/api/orders') ? 'GET' : 'POST',
    path,
    traceId,
    localAddress,
    ...(path.startsWith('/api/orders') ? {} : { headers: { 'content-type': 'application/json' }, body: '{"username":"alice","password":"wrong"}' }),
  });
  assert.equal(response.status, 401);
  return { traceId, records: await harness.recordsOf(traceId) };
}

const CASES = [
  { path: '/login', event: 'security.authn_login_fail' },
  { path: '/sign-in/', event: 'security.authn_login_fail' },
  { path: '/oauth/token', event: 'security.authn_login_fail' },
  { path: '/api/auth/callback/github', event: 'security.authn_login_fail' },
  { path: '/api/orders', event: 'security.authz_fail' },
  { path: '/api/orders/7', event: 'security.authz_fail' },
  { path: '/custom', event: 'security.authz_fail' },
] as const;

for (const framework of FRAMEWORKS) {
  describe(`default login routes on ${framework}`, () => {
    for (const c of CASES) {
      it(`reports a 401 on ${c.path} as ${c.event}`, async () => {
        const { records } = await post401(framework, c.path);
        assert.deepEqual(
          records.map((r) => r.eventName),
          [c.event],
        );
        assert.equal(records[0]?.attributes['http.response.status_code'], 401);
        assert.equal(records[0]?.attributes['url.path'], c.path);
      });
    }

    it('reports the fifth failed login from one client within 300 s as authn_login_fail_max', async () => {
      const localAddress = freshClientAddress();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await post401(framework, '/login', localAddress));
      for (const { records } of results.slice(0, 4)) {
        assert.deepEqual(
          records.map((r) => r.eventName),
          ['security.authn_login_fail'],
        );
      }
      const last = results[4]?.records ?? [];
      assert.deepEqual(
        last.map((r) => r.eventName),
        ['security.authn_login_fail', 'security.authn_login_fail_max'],
      );
      const max = last[1];
      assert.equal(max?.attributes['client.address'], localAddress);
      assert.equal(max?.attributes['security.threshold.count'], 5);
      assert.equal(max?.attributes['security.threshold.window_ms'], 300_000);
    });
  });
}

describe('DEFAULT_LOGIN_ROUTES and SECOTEL_LOGIN_ROUTES', () => {
  it('lists the common login paths and is frozen', () => {
    for (const path of ['/login', '/signin', '/sign-in', '/auth/login', '/api/login', '/api/auth/*', '/session', '/sessions', '/oauth/token', '/token']) {
      assert.ok(DEFAULT_LOGIN_ROUTES.includes(path), path);
    }
    assert.ok(Object.isFrozen(DEFAULT_LOGIN_ROUTES));
  });

  it('uses the defaults when neither the option nor the variable is set, or the variable is empty', () => {
    assert.deepEqual(resolveSecurityHttpOptions({}, {}).loginRoutes, DEFAULT_LOGIN_ROUTES);
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_LOGIN_ROUTES: ' ' }).loginRoutes, DEFAULT_LOGIN_ROUTES);
  });

  it('replaces the defaults with the variable, expands "default" and turns them off with "none"', () => {
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_LOGIN_ROUTES: '/custom, /auth/*' }).loginRoutes, ['/custom', '/auth/*']);
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_LOGIN_ROUTES: 'default,/custom' }).loginRoutes, [...DEFAULT_LOGIN_ROUTES, '/custom']);
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_LOGIN_ROUTES: 'none' }).loginRoutes, []);
  });

  it('lets the loginRoutes option win over the variable, an empty list meaning none', () => {
    assert.deepEqual(resolveSecurityHttpOptions({ loginRoutes: ['/in'] }, { SECOTEL_LOGIN_ROUTES: '/custom' }).loginRoutes, ['/in']);
    assert.deepEqual(resolveSecurityHttpOptions({ loginRoutes: [] }, {}).loginRoutes, []);
  });

  it('rejects an entry that is not a path, saying what to write instead', () => {
    assert.throws(() => resolveSecurityHttpOptions({}, { SECOTEL_LOGIN_ROUTES: '/login,signin' }), (error: unknown) => {
      assert.ok(error instanceof SecurityHttpConfigError);
      assert.equal(error.code, 'SECOTEL_ERR_INVALID_OPTION');
      assert.match(error.message, /"signin" is not a path/);
      return true;
    });
  });
});

describe('SecurityHttpInstrumentation diagnostics', () => {
  it('reported no OpenTelemetry diag error while serving all of the above', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
