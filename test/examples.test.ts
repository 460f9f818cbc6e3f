// Every example starts with its own `npm start` script (run here with the project's Node) and
// reports what its README promises, over OTLP to a receiver.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startNodeApp } from './helpers/node-app.ts';
import type { RunningNodeApp } from './helpers/node-app.ts';
import { startOtlpReceiver } from './helpers/otlp-receiver.ts';
import type { OtlpReceiver } from './helpers/otlp-receiver.ts';
import type { FlatLogRecord } from './helpers/otlp-json.ts';

const examples = join(import.meta.dirname, '..', 'examples');

async function startExample(name: string, receiver: OtlpReceiver, env: Record<string, string> = {}): Promise<RunningNodeApp> {
  const dir = join(examples, name);
  const script = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const args = script.split(/\s+/);
  assert.equal(args.shift(), 'node', `${name}: the start script runs node`);
  return startNodeApp(args, {
    cwd: dir,
    env: {
      OTEL_SERVICE_NAME: `example-${name}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...env,
    },
  });
}

function recordsOf(receiver: OtlpReceiver, service: string, name: string): FlatLogRecord[] {
  return receiver.logs.filter((r) => r.resource['service.name'] === service && r.eventName === name);
}

describe('the examples', { timeout: 120_000 }, () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('express: failed and successful logins, the user on later events, 403 for a non-admin', async () => {
    const app = await startExample('express', receiver);
    try {
      const login = (body: unknown) => fetch(`${app.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await login({ username: 'alice', password: 'wrong' })).status, 401);
      const ok = await login({ username: 'bob', password: 'hunter2' });
      assert.equal(ok.status, 200);
      const cookie = ok.headers.get('set-cookie')?.split(';')[0] ?? '';
      assert.equal((await fetch(`${app.base}/admin/users`, { headers: { cookie } })).status, 403);
      await receiver.waitFor(() => recordsOf(receiver, 'example-express', 'security.authz_fail').length === 1);
      assert.equal(recordsOf(receiver, 'example-express', 'security.authn_login_fail')[0]?.attributes['user.id'], 'alice');
      assert.equal(recordsOf(receiver, 'example-express', 'security.authn_login_success')[0]?.attributes['user.id'], 'bob');
      assert.equal(recordsOf(receiver, 'example-express', 'security.authz_fail')[0]?.attributes['user.id'], 'bob');
    } finally {
      await app.stop();
    }
  });

  it('fastify: 401/403/422 responses and the API-key user', async () => {
    const app = await startExample('fastify', receiver);
    try {
      assert.equal((await fetch(`${app.base}/reports/7`)).status, 401);
      assert.equal((await fetch(`${app.base}/reports/7`, { headers: { 'x-api-key': 'nope' } })).status, 403);
      assert.equal((await fetch(`${app.base}/reports/7`, { headers: { 'x-api-key': 'k-123' } })).status, 200);
      const order = await fetch(`${app.base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"quantity":-1}' });
      assert.equal(order.status, 422);
      await receiver.waitFor(() => recordsOf(receiver, 'example-fastify', 'security.input_validation_fail').length === 1);
      // The 401 comes from the instrumentation; the 403 is not repeated because the app reported it itself.
      assert.equal(recordsOf(receiver, 'example-fastify', 'security.authz_fail').length, 1);
      assert.equal(recordsOf(receiver, 'example-fastify', 'security.authz_fail')[0]?.attributes['http.response.status_code'], 401);
      assert.equal(recordsOf(receiver, 'example-fastify', 'security.sensitive_read')[0]?.attributes['user.id'], 'svc-reports');
      assert.equal(recordsOf(receiver, 'example-fastify', 'security.authn_token_reuse').length, 1);
    } finally {
      await app.stop();
    }
  });

  it('http (ESM, --import): attacks and 403s from an app that knows nothing of secotel', async () => {
    const app = await startExample('http', receiver);
    try {
      await (await fetch(`${app.base}/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
      assert.equal((await fetch(`${app.base}/admin`)).status, 403);
      await receiver.waitFor(() => recordsOf(receiver, 'example-http', 'security.authz_fail').length === 1);
      assert.equal(recordsOf(receiver, 'example-http', 'security.attack_detected')[0]?.attributes['security_rule.category'], 'xss');
    } finally {
      await app.stop();
    }
  });

  it('flask-port: the access log of every request and the failed login of the tutorial', async () => {
    const app = await startExample('flask-port', receiver, { SECOTEL_HTTP_AUDIT: 'all' });
    try {
      const form = (body: string) => fetch(`${app.base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      assert.equal((await form('username=admin&password=nope')).status, 401);
      assert.equal((await form('username=admin&password=s3cret')).status, 200);
      assert.equal((await fetch(`${app.base}/admin`)).status, 403);
      await receiver.waitFor(() => recordsOf(receiver, 'example-flask-port', 'security.http_access').length === 3);
      const failed = recordsOf(receiver, 'example-flask-port', 'security.authn_login_fail')[0];
      assert.equal(failed?.body, 'Failed login attempt from 127.0.0.1');
      assert.equal(failed?.attributes['client.address'], '127.0.0.1');
      const access = recordsOf(receiver, 'example-flask-port', 'security.http_access');
      assert.deepEqual(access.map((r) => r.attributes['http.response.status_code']).sort(), [200, 401, 403]);
      assert.ok(access.every((r) => typeof r.attributes['security.http.duration_ms'] === 'number'));
      assert.equal(recordsOf(receiver, 'example-flask-port', 'security.authz_fail').length, 1);
    } finally {
      await app.stop();
    }
  });
});
