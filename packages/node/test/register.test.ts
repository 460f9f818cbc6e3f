// Zero-code setup in real processes: unmodified apps started with --require / --import
// @secotel/node/register, configured only by OTEL_* / SECOTEL_* variables, exporting over OTLP/HTTP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startNodeApp } from '../../../test/helpers/node-app.ts';
import type { RunningNodeApp } from '../../../test/helpers/node-app.ts';
import { startOtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';

const root = join(import.meta.dirname, '..', '..', '..');

function startApp(args: string[], env: Record<string, string>, cwd = root): Promise<RunningNodeApp> {
  return startNodeApp(args, { cwd, env });
}

const otlpEnv = (receiver: OtlpReceiver) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_SERVICE_NAME: 'register-test',
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_BLRP_SCHEDULE_DELAY: '100',
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

/**
 * The same security behaviour with traces exported (instrumentation-http's hooks) and without
 * (security-only: node:http's diagnostics channels, no HttpInstrumentation, no span).
 */
const MODES = [
  { name: 'traces exported', env: {}, spans: true },
  { name: 'security-only, OTEL_TRACES_EXPORTER=none', env: { OTEL_TRACES_EXPORTER: 'none' }, spans: false },
  { name: 'security-only, SECOTEL_MODE=security-only', env: { SECOTEL_MODE: 'security-only' }, spans: false },
] as const;

for (const mode of MODES) {
describe(`node --import @secotel/node/register on an unmodified plain http app (ESM; ${mode.name})`, () => {
  let receiver: OtlpReceiver;
  let app: RunningNodeApp;
  let exit: Promise<unknown[]>;

  before(async () => {
    receiver = await startOtlpReceiver();
    app = await startApp(['--import', '@secotel/node/register', join(root, 'examples/http/src/server.mjs')], {
      ...otlpEnv(receiver),
      ...mode.env,
      SECOTEL_404_THRESHOLD: '5/60s',
    });
    exit = once(app.child, 'exit');
    await fetch(`${app.base}/search?q=${encodeURIComponent("1' OR '1'='1' --")}`).then((r) => r.text());
    await fetch(`${app.base}/search?q=${encodeURIComponent("O'Brien")}`).then((r) => r.text());
    await fetch(`${app.base}/admin`).then((r) => r.text());
    await fetch(`${app.base}/`, { headers: { 'user-agent': 'Nikto/2.5.0' } }).then((r) => r.text());
    for (let i = 0; i < 8; i++) await fetch(`${app.base}/missing-${i}`).then((r) => r.text());
    await receiver.waitFor(() => receiver.logs.some((r) => r.eventName === 'security.malicious_excess_404'));
    app.child.kill('SIGTERM');
  });
  after(async () => {
    app?.child.kill('SIGKILL');
    await receiver?.close();
  });

  const named = (name: string) => receiver.logs.filter((r) => r.eventName === name);

  it('reports the start with the service name from OTEL_SERVICE_NAME', () => {
    const [startup] = named('security.sys_startup');
    assert.ok(startup, 'sys_startup received');
    assert.equal(startup.resource['service.name'], 'register-test');
  });

  it('delivers attack_detected for the SQL injection, and nothing for O\'Brien', async () => {
    const attacks = named('security.attack_detected');
    assert.equal(attacks.length, 1, JSON.stringify(attacks.map((a) => a.attributes)));
    assert.equal(attacks[0]?.attributes['security_rule.category'], 'sqli');
    assert.equal(attacks[0]?.attributes['url.path'], '/search');
    assert.equal(attacks[0]?.attributes['client.address'], '127.0.0.1');
    if (mode.spans) {
      // Spans and logs are exported by separate batch processors: the span may arrive later.
      const span = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === attacks[0]?.traceId));
      assert.equal(span.attributes['security.attack.detected'], true);
    }
  });

  it('delivers authz_fail for the 403, malicious_attack_tool for the scanner and one malicious_excess_404', () => {
    assert.equal(named('security.authz_fail')[0]?.attributes['http.response.status_code'], 403);
    assert.match(String(named('security.malicious_attack_tool')[0]?.attributes['user_agent.original']), /Nikto/);
    assert.equal(named('security.malicious_excess_404').length, 1);
  });

  it('flushes sys_shutdown on SIGTERM and then dies of the signal as it would have', async () => {
    const [code, signal] = await exit;
    assert.equal(signal, 'SIGTERM', `exit code ${String(code)}\n${app.output()}`);
    await receiver.waitFor(() => named('security.sys_shutdown').length === 1);
    if (!mode.spans) assert.equal(receiver.spans.length, 0, 'security-only mode makes no spans');
  });
});

describe(`node --require @secotel/node/register on the Express example (CommonJS; ${mode.name})`, () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('carries the user set with setUser() and the app\'s own securityEvent() calls', async () => {
    const app = await startApp(['--require', '@secotel/node/register', join(root, 'examples/express/src/server.js')], { ...otlpEnv(receiver), ...mode.env }, join(root, 'examples/express'));
    try {
      const post = (body: unknown) => fetch(`${app.base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const login = await post({ username: 'bob', password: 'hunter2' });
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      assert.equal((await fetch(`${app.base}/admin/users`, { headers: { cookie } })).status, 403);
      assert.equal((await post({ username: 'mallory', password: 'x' })).status, 401);
      const denied = await receiver.waitFor(() => receiver.logs.find((r) => r.eventName === 'security.authz_fail'));
      assert.equal(denied.attributes['user.id'], 'bob');
      assert.equal(denied.attributes['http.route'], '/admin/users');
      assert.match(String(denied.attributes['session.id']), /^hmac-sha256:/);
      const failed = await receiver.waitFor(() => receiver.logs.find((r) => r.eventName === 'security.authn_login_fail'));
      assert.equal(failed.attributes['user.id'], 'mallory');
      assert.ok(receiver.logs.some((r) => r.eventName === 'security.authn_login_success' && r.attributes['user.id'] === 'bob'));
    } finally {
      app.child.kill('SIGTERM');
      await once(app.child, 'exit');
    }
  });
});
}

describe('process lifecycle', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  it('reports an uncaught exception as sys_crash before the process dies with code 1', async () => {
    const child = spawn(process.execPath, ['--require', '@secotel/node/register', '-e', "setTimeout(() => { throw new Error('boom') }, 50)"], {
      cwd: root,
      env: { ...process.env, ...otlpEnv(receiver) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(stderr, /Error: boom/);
    const crash = receiver.logs.find((r) => r.eventName === 'security.sys_crash');
    assert.ok(crash, 'sys_crash arrived before the process died');
    assert.match(String(crash.body), /boom/);
  });

  it('lets a script that simply ends exit promptly after flushing', async () => {
    const child = spawn(process.execPath, ['--require', '@secotel/node/register', '-e', "console.log('done')"], {
      cwd: root,
      env: { ...process.env, ...otlpEnv(receiver), OTEL_SERVICE_NAME: 'short-script' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    const mine = receiver.logs.filter((r) => r.resource['service.name'] === 'short-script').map((r) => r.eventName);
    assert.deepEqual(mine.sort(), ['security.sys_shutdown', 'security.sys_startup']);
  });

  it('does nothing with OTEL_SDK_DISABLED=true, and prints readable lines with OTEL_LOGS_EXPORTER=console', async () => {
    const run = async (env: Record<string, string>) => {
      const child = spawn(process.execPath, ['--require', '@secotel/node/register', '-e', "require('@secotel/sdk').securityEvent('authz_fail', { 'user.id': 'eve' })"], {
        cwd: root,
        env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      const [code] = await once(child, 'exit');
      return { code, out };
    };
    const consoleRun = await run({ OTEL_LOGS_EXPORTER: 'console', NO_COLOR: '1' });
    assert.equal(consoleRun.code, 0);
    const line = consoleRun.out.split('\n').find((l) => l.includes('security.authz_fail'));
    assert.ok(line, consoleRun.out);
    assert.match(line, /CRITICAL\s+security\.authz_fail outcome=failure user\.id=eve/);
    const disabled = await run({ OTEL_SDK_DISABLED: 'true', OTEL_LOGS_EXPORTER: 'console', NODE_NO_WARNINGS: '1' });
    assert.equal(disabled.code, 0);
    assert.doesNotMatch(disabled.out, /security\./);
  });
});
