// Shutdown never loses the tail: findings of requests still open when the process is told to stop.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exitWithin, startNodeApp } from '../../../test/helpers/node-app.ts';
import type { RunningNodeApp } from '../../../test/helpers/node-app.ts';
import { startOtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../../test/helpers/otlp-receiver.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const SHUTDOWN_BOUND_MS = 2000;
/** What the process may take beyond the shutdown bound to start, flush and die. */
const EXIT_MARGIN_MS = 3000;

describe('SIGTERM while an attack request is still open', () => {
  let receiver: OtlpReceiver;
  let app: RunningNodeApp;
  let ended: [number | null, NodeJS.Signals | null];
  const abort = new AbortController();

  before(async () => {
    receiver = await startOtlpReceiver();
    app = await startNodeApp(['--require', '@secotel/node/register', join(import.meta.dirname, 'fixtures', 'never-answers.cjs')], {
      cwd: root,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'never-answers',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        SECOTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
      },
    });
    // The handler never answers: the request stays open, its finding waits for a route.
    fetch(`${app.base}/search?q=${encodeURIComponent("1' OR '1'='1' --")}`, { signal: abort.signal }).catch(() => {});
    await receiver.waitFor(() => receiver.spans.length > 0 || receiver.logs.some((r) => r.eventName === 'security.sys_startup'));
    // Give the server the request (the span only ends with the response, so wait on the socket).
    await new Promise((resolve) => setTimeout(resolve, 300));
    app.child.kill('SIGTERM');
    ended = await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS);
  });
  after(async () => {
    abort.abort();
    app?.child.kill('SIGKILL');
    await receiver?.close();
  });

  const names = () => receiver.logs.filter((r) => r.resource['service.name'] === 'never-answers').map((r) => r.eventName);

  it('delivers the attack_detected, once, before sys_shutdown', () => {
    const received = names();
    assert.equal(received.filter((n) => n === 'security.attack_detected').length, 1, received.join(', '));
    assert.ok(received.includes('security.sys_shutdown'), received.join(', '));
    assert.ok(received.indexOf('security.attack_detected') < received.indexOf('security.sys_shutdown'), received.join(', '));
  });

  it('reports the finding with what is known: path, client address, no route', () => {
    const attack = receiver.logs.find((r) => r.eventName === 'security.attack_detected');
    assert.equal(attack?.attributes['url.path'], '/search');
    assert.equal(attack?.attributes['client.address'], '127.0.0.1');
    assert.equal(attack?.attributes['security_rule.category'], 'sqli');
    assert.equal(attack?.attributes['http.route'], undefined);
  });

  it('dies of the signal within the shutdown bound', () => {
    assert.deepEqual(ended, [null, 'SIGTERM'], app.output());
  });
});

/** Starts a fixture under register whose security records stay in memory until the shutdown flush. */
function startHeldBack(fixture: string, endpoint: string, serviceName: string): Promise<RunningNodeApp> {
  return startNodeApp(['--require', '@secotel/node/register', join(import.meta.dirname, 'fixtures', fixture)], {
    cwd: root,
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: serviceName,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_TRACES_EXPORTER: 'none',
      // Nothing is exported before the shutdown: only its flush can deliver the tail.
      OTEL_BLRP_SCHEDULE_DELAY: '600000',
      SECOTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
    },
  });
}

describe('SIGTERM to an app whose own SIGTERM listener calls process.exit() at once (like next start)', () => {
  let receiver: OtlpReceiver;
  let app: RunningNodeApp;
  let ended: [number | null, NodeJS.Signals | null];

  before(async () => {
    receiver = await startOtlpReceiver();
    app = await startHeldBack('exits-on-sigterm.cjs', receiver.url, 'exits-on-sigterm');
    const response = await fetch(`${app.base}/search?q=${encodeURIComponent("1' OR '1'='1' --")}`);
    assert.equal(await response.text(), 'ok');
    app.child.kill('SIGTERM');
    ended = await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS);
  });
  after(async () => {
    app?.child.kill('SIGKILL');
    await receiver?.close();
  });

  it('delivers the events still in memory and sys_shutdown before the app exits', () => {
    const received = receiver.logs.filter((r) => r.resource['service.name'] === 'exits-on-sigterm').map((r) => r.eventName);
    assert.deepEqual(received, ['security.sys_startup', 'security.attack_detected', 'security.sys_shutdown']);
  });

  it('exits with the code the app asked for', () => {
    assert.deepEqual(ended, [143, null], app.output());
  });
});

describe('SIGTERM while the collector accepts connections and never answers', () => {
  let collector: Server;
  let app: RunningNodeApp | undefined;
  const ended = new Map<string, [number | null, NodeJS.Signals | null]>();

  before(async () => {
    collector = createServer(() => {});
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    for (const fixture of ['exits-on-sigterm.cjs', 'never-answers.cjs']) {
      app = await startHeldBack(fixture, `http://127.0.0.1:${port}`, 'stuck-collector');
      app.child.kill('SIGTERM');
      ended.set(fixture, await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS));
    }
  });
  after(async () => {
    app?.child.kill('SIGKILL');
    collector?.closeAllConnections();
    await new Promise((resolve) => collector?.close(resolve));
  });

  it('ends the held process.exit() of the app within the bound, with its code', () => {
    assert.deepEqual(ended.get('exits-on-sigterm.cjs'), [143, null]);
  });

  it('re-raises the signal within the bound when the app has no listener', () => {
    assert.deepEqual(ended.get('never-answers.cjs'), [null, 'SIGTERM']);
  });
});
