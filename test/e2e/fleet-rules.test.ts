// Fleet-wide rules that fire: three instances of the unmodified Express example, each kept under
// its own per-process thresholds, ship through the shipped collector config into VictoriaLogs,
// and vmalert evaluates deploy/rules/secotel-victorialogs.rules.yml against it. Every shipped
// rule must fire for exactly the offender the traffic below creates, and no process may have
// reached its own brute-force threshold (security.authn_login_fail_max). Each instance runs with
// an attack event limit of 2 a minute, so most attack findings reach the store as summaries
// (security.event.count), which the attack rules must add up, not count as one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/collector.ts';
import { startNodeApp } from '../helpers/node-app.ts';
import type { RunningNodeApp } from '../helpers/node-app.ts';
import { startSecurityPipeline, startVictoriaLogs, startVmalert } from '../helpers/victoria.ts';
import type { RunningVictoriaLogs, RunningVmalert, SecurityPipeline, VmalertAlert } from '../helpers/victoria.ts';

const RULES = join(REPO_ROOT, 'deploy', 'rules', 'secotel-victorialogs.rules.yml');
const INSTANCES = 3;
const SQLI = "1' OR '1'='1' --";

// One loopback source address per behaviour, so each rule has its own offender.
const BRUTE_FORCE_CLIENT = '127.0.0.2';
const STUFFING_CLIENT = '127.0.0.3';
const ATTACK_CLIENT = '127.0.0.4';
const SCANNER_CLIENT = '127.0.0.5';
const FLOOD_CLIENT = '127.0.0.6';
const SPREAD_404_CLIENT = '127.0.0.7';

// Per instance, each under the per-process defaults (5 failed logins per user.id or
// client.address in 300 s, more than 20 404s per client in 60 s); together over the fleet rules.
const LOGIN_FAILS_PER_INSTANCE = 4;
const ATTACKS_PER_INSTANCE = 7;
// Per instance: the first 2 attack findings are events of their own, the other 5 one summary.
const ATTACK_EVENT_LIMIT = 2;
const SPREAD_404S_PER_INSTANCE = 17;

/** Every shipped rule, with the offender its label must name, and the value it must reach. */
const EXPECTED_ALERTS = [
  { name: 'SecotelFleetBruteForceByUser', label: 'user.id', offender: 'alice', value: INSTANCES * LOGIN_FAILS_PER_INSTANCE },
  { name: 'SecotelFleetBruteForceByClient', label: 'client.address', offender: BRUTE_FORCE_CLIENT, value: INSTANCES * LOGIN_FAILS_PER_INSTANCE },
  { name: 'SecotelFleetBruteForceByClient', label: 'client.address', offender: STUFFING_CLIENT, value: INSTANCES * LOGIN_FAILS_PER_INSTANCE },
  { name: 'SecotelCredentialStuffing', label: 'client.address', offender: STUFFING_CLIENT, value: INSTANCES * LOGIN_FAILS_PER_INSTANCE },
  { name: 'SecotelAttackBurst', label: 'client.address', offender: ATTACK_CLIENT, value: INSTANCES * ATTACKS_PER_INSTANCE },
  { name: 'SecotelScanner', label: 'client.address', offender: SCANNER_CLIENT, value: 1 },
  { name: 'SecotelNotFoundFlood', label: 'client.address', offender: FLOOD_CLIENT, value: 1 },
  { name: 'SecotelFleetNotFoundFlood', label: 'client.address', offender: SPREAD_404_CLIENT, value: INSTANCES * SPREAD_404S_PER_INSTANCE },
  { name: 'SecotelMonitoringDisabled', label: 'service.name', offender: 'fleet-spool-loss', value: 1 },
  { name: 'SecotelCrashLoop', label: 'service.name', offender: 'fleet-crasher', value: 3 },
] as const;

/** An HTTP request from a chosen loopback source address; resolves with the status code. */
function send(base: string, path: string, options: { from: string; method?: string; json?: unknown; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const req = request(
      `${base}${path}`,
      {
        method: options.method ?? 'GET',
        localAddress: options.from,
        agent: false,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`${path} from ${options.from} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs a short-lived Node.js process to its end (bounded) and resolves with its exit code and output. */
function runToEnd(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not end within 20 s:\n${output}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('fleet-wide vmalert rules on VictoriaLogs, over instances that each stay under their own thresholds', { timeout: 120_000 }, () => {
  let logs: RunningVictoriaLogs | undefined;
  let pipeline: SecurityPipeline | undefined;
  let vmalert: RunningVmalert | undefined;
  const apps: RunningNodeApp[] = [];
  let firing: VmalertAlert[] = [];

  before(async () => {
    logs = await startVictoriaLogs();
    pipeline = await startSecurityPipeline(logs);
    const otel = (service: string): Record<string, string> => ({
      OTEL_SERVICE_NAME: service,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e',
      OTEL_EXPORTER_OTLP_ENDPOINT: pipeline!.collector.otlpHttpEndpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_BLRP_SCHEDULE_DELAY: '200',
    });
    const express = join(REPO_ROOT, 'examples/express/src/server.js');
    apps.push(
      ...(await Promise.all(
        Array.from({ length: INSTANCES }, () =>
          startNodeApp(['--require', '@secotel/node/register', express], {
            cwd: REPO_ROOT,
            env: { ...otel('fleet-express'), SECOTEL_HTTP_AUDIT: 'all', SECOTEL_ATTACK_EVENT_LIMIT: `${ATTACK_EVENT_LIMIT}/60s` },
          }),
        ),
      )),
    );

    const shortLived = Promise.all([
      ...Array.from({ length: 3 }, () => runToEnd(['--require', '@secotel/node/register', join(REPO_ROOT, 'test/fixtures/crash-on-start.cjs')], otel('fleet-crasher'))),
      runToEnd(['--require', '@secotel/node/register', join(REPO_ROOT, 'test/fixtures/report-spool-loss.cjs')], otel('fleet-spool-loss')),
    ]);

    await Promise.all(
      apps.map(async ({ base }, instance) => {
        for (let k = 0; k < LOGIN_FAILS_PER_INSTANCE; k++) {
          assert.equal(await send(base, '/login', { from: BRUTE_FORCE_CLIENT, method: 'POST', json: { username: 'alice', password: `guess-${instance}-${k}` } }), 401);
          assert.equal(await send(base, '/login', { from: STUFFING_CLIENT, method: 'POST', json: { username: `user-${instance}-${k}`, password: 'Summer2026!' } }), 401);
        }
        for (let k = 0; k < ATTACKS_PER_INSTANCE; k++) assert.equal(await send(base, `/search?q=${encodeURIComponent(SQLI)}`, { from: ATTACK_CLIENT }), 200);
        for (let k = 0; k < SPREAD_404S_PER_INSTANCE; k++) assert.equal(await send(base, `/missing-${k}`, { from: SPREAD_404_CLIENT }), 404);
        if (instance === 0) {
          assert.equal(await send(base, '/health', { from: SCANNER_CLIENT, headers: { 'user-agent': 'Nikto/2.5.0' } }), 200);
          for (let k = 0; k < 21; k++) assert.equal(await send(base, `/no-such-page-${k}`, { from: FLOOD_CLIENT }), 404);
        }
      }),
    );
    const shortLivedResults = await shortLived;
    for (const crash of shortLivedResults.slice(0, 3)) assert.match(crash.output, /Error: fixture: crashed on start/, `the crash fixture died of something else:\n${crash.output}`);
    assert.equal(shortLivedResults[3]?.code, 0, `the spool-loss fixture failed:\n${shortLivedResults[3]?.output}`);
    await Promise.all(apps.map((app) => app.stop()));

    // Everything the processes sent is in the store before the rules look at it.
    const outputs = () => `\nshort-lived processes:\n${shortLivedResults.map((r) => `exit ${String(r.code)}: ${r.output}`).join('\n')}\ncollector:\n${pipeline!.collector.stderr().slice(-3000)}`;
    await logs.waitForRows('event_name:in("security.sys_shutdown", "security.sys_crash", "security.sys_monitor_disabled") | stats by (service.name, event_name) count() as n', (rows) => {
      const n = Object.fromEntries(rows.map((r) => [`${r['service.name']} ${r.event_name}`, Number(r.n)]));
      return n['fleet-express security.sys_shutdown'] === INSTANCES && n['fleet-crasher security.sys_crash'] === 3 && n['fleet-spool-loss security.sys_monitor_disabled'] === 1;
    }, 30_000, outputs);
    await logs.waitForRows('event_name:="security.authn_login_fail"', (rows) => rows.length === 2 * INSTANCES * LOGIN_FAILS_PER_INSTANCE, 15_000);
    // The summaries went out at shutdown: fewer records than findings, so counting records
    // (INSTANCES * 3 = 9) would stay under the burst rule's 20.
    await logs.waitForRows(`event_name:="security.attack_detected" client.address:="${ATTACK_CLIENT}"`, (rows) => rows.length === INSTANCES * (ATTACK_EVENT_LIMIT + 1), 15_000);
    const summaries = await logs.query(`event_name:="security.attack_detected" client.address:="${ATTACK_CLIENT}" security.event.count:* | stats by (security.event.count) count() as n`);
    assert.deepEqual(summaries, [{ 'security.event.count': String(ATTACKS_PER_INSTANCE - ATTACK_EVENT_LIMIT), n: String(INSTANCES) }]);

    const dataComplete = new Date();
    vmalert = await startVmalert({ datasourceUrl: logs.url, rules: [RULES], evaluationInterval: '1s' });
    for (const expected of EXPECTED_ALERTS) {
      await vmalert.waitForAlert((a) => a.name === expected.name && a.labels[expected.label] === expected.offender && a.state === 'firing', 30_000);
    }
    await vmalert.waitForEvaluation(dataComplete, 30_000);
    firing = (await vmalert.alerts()).filter((a) => a.state === 'firing');
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await vmalert?.stop();
    await pipeline?.stop();
    await logs?.stop();
  });

  it('no instance reached its own brute-force threshold', async () => {
    assert.deepEqual(await logs!.query('event_name:="security.authn_login_fail_max"'), []);
    for (const key of ['user.id', 'client.address']) {
      const perInstance = await logs!.query(`event_name:="security.authn_login_fail" | stats by (service.instance.id, ${key}) count() as failures`);
      assert.equal(perInstance.length, key === 'user.id' ? INSTANCES * (1 + LOGIN_FAILS_PER_INSTANCE) : INSTANCES * 2, `one row per instance and ${key}`);
      for (const row of perInstance) assert.ok(Number(row.failures) < 5, `instance ${row['service.instance.id']} saw ${row.failures} failures for ${key} ${row[key]}`);
    }
  });

  it('fires the fleet-wide brute-force rules for the user and the address spread over the instances', () => {
    for (const expected of EXPECTED_ALERTS.filter((e) => e.name.startsWith('SecotelFleetBruteForce'))) {
      const alert = firing.find((a) => a.name === expected.name && a.labels[expected.label] === expected.offender);
      assert.ok(alert, `${expected.name} for ${expected.offender} is not firing`);
      assert.equal(Number(alert.value), expected.value);
      assert.equal(alert.labels.severity, 'critical');
      assert.match(alert.annotations.summary ?? '', new RegExp(`${expected.offender.replaceAll('.', '\\.')}: ${expected.value} failed logins`));
    }
  });

  it('fires every shipped rule for exactly the offender the traffic created, with the expected value', () => {
    const actual = firing.map((a) => `${a.name} ${Object.keys(a.labels).includes('user.id') ? a.labels['user.id'] : (a.labels['client.address'] ?? a.labels['service.name'])} = ${a.value}`).sort();
    const expected = EXPECTED_ALERTS.map((e) => `${e.name} ${e.offender} = ${e.value}`).sort();
    assert.deepEqual(actual, expected);
  });

  it('evaluates every rule without error', async () => {
    const rules = await vmalert!.rules();
    assert.equal(new Set(rules.map((r) => r.name)).size, new Set(EXPECTED_ALERTS.map((e) => e.name)).size, 'every shipped rule has an expected alert in this test');
    for (const rule of rules) assert.deepEqual({ name: rule.name, health: rule.health, lastError: rule.lastError }, { name: rule.name, health: 'ok', lastError: '' });
  });
});
