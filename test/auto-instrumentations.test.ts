// secotel side by side with `@opentelemetry/auto-instrumentations-node/register`, in either load
// order: the example apps, unmodified, under both `--require`s, exporting to one OTLP receiver.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exitWithin, startNodeApp } from './helpers/node-app.ts';
import type { RunningNodeApp } from './helpers/node-app.ts';
import { startOtlpReceiver } from './helpers/otlp-receiver.ts';
import type { OtlpReceiver } from './helpers/otlp-receiver.ts';
import type { FlatLogRecord } from './helpers/otlp-json.ts';

const root = join(import.meta.dirname, '..');
const AUTO = '@opentelemetry/auto-instrumentations-node/register';
const SECOTEL = '@secotel/node/register';
const SHUTDOWN_BOUND_MS = 3000;
/** What the process may take beyond the shutdown bound to flush and die. */
const EXIT_MARGIN_MS = 3000;
const SQLI = "1' OR '1'='1' --";

const ORDERS = [
  { name: 'auto-instrumentations first, secotel second', requires: [AUTO, SECOTEL] },
  { name: 'secotel first, auto-instrumentations second', requires: [SECOTEL, AUTO] },
] as const;

const APPS = [
  {
    name: 'the Express example (its own SIGTERM handler closes the server)',
    path: 'examples/express/src/server.js',
    route: '/search' as string | undefined,
    exitsBy: { code: 0, signal: null },
    async forbidden(base: string): Promise<number> {
      const login = await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bob', password: 'hunter2' }) });
      const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
      return (await fetch(`${base}/admin/users`, { headers: { cookie } })).status;
    },
  },
  {
    name: 'the plain http example (no signal handler of its own)',
    path: 'examples/http/src/server.mjs',
    route: undefined,
    exitsBy: { code: null, signal: 'SIGTERM' },
    async forbidden(base: string): Promise<number> {
      return (await fetch(`${base}/admin`)).status;
    },
  },
] as const;

for (const order of ORDERS) {
  for (const example of APPS) {
    describe(`${example.name} with ${order.name}`, () => {
      let receiver: OtlpReceiver;
      let app: RunningNodeApp;
      let status: { search: number; forbidden: number };
      let ended: [number | null, NodeJS.Signals | null];
      const serviceName = `coexist-${order.requires[0] === AUTO ? 'auto-first' : 'secotel-first'}`;
      const mine = (name: string): FlatLogRecord[] => receiver.logs.filter((r) => r.eventName === name && r.resource['service.name'] === serviceName);

      before(async () => {
        receiver = await startOtlpReceiver();
        app = await startNodeApp([...order.requires.flatMap((module) => ['--require', module]), join(root, example.path)], {
          cwd: root,
          // The auto-instrumentations load some forty instrumentations: slow on a busy machine.
          timeoutMs: 60_000,
          env: {
            OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
            OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
            OTEL_SERVICE_NAME: serviceName,
            OTEL_METRICS_EXPORTER: 'none',
            OTEL_BLRP_SCHEDULE_DELAY: '100',
            OTEL_BSP_SCHEDULE_DELAY: '100',
            // No cloud metadata lookups from the auto-instrumentations' resource detectors.
            OTEL_NODE_RESOURCE_DETECTORS: 'env,host,process',
            SECOTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
          },
        });
        status = {
          search: (await fetch(`${app.base}/search?q=${encodeURIComponent(SQLI)}`).then(async (r) => (await r.text(), r.status))),
          forbidden: await example.forbidden(app.base),
        };
        await receiver.waitFor(() => mine('security.attack_detected').length > 0 && mine('security.authz_fail').length > 0);
        app.child.kill('SIGTERM');
        ended = await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS);
      });
      after(async () => {
        app?.child.kill('SIGKILL');
        await receiver?.close();
      });

      it('answers as without secotel', () => {
        assert.deepEqual(status, { search: 200, forbidden: 403 });
      });

      it('reports the attack once, with path, route and the trace of a server span', async () => {
        const attacks = mine('security.attack_detected');
        assert.equal(attacks.length, 1, JSON.stringify(attacks.map((a) => a.attributes)));
        const [attack] = attacks;
        assert.equal(attack?.attributes['url.path'], '/search');
        assert.equal(attack?.attributes['security_rule.category'], 'sqli');
        assert.equal(attack?.attributes['http.route'], example.route);
        const span = await receiver.waitFor(() => receiver.spans.find((s) => s.traceId === attack?.traceId && s.kind === 2));
        assert.equal(span.attributes['security.attack.detected'], true);
      });

      it('reports the 403 as authz_fail', () => {
        assert.equal(mine('security.authz_fail')[0]?.attributes['http.response.status_code'], 403);
      });

      it('delivers sys_shutdown after every other event, and exits within the shutdown bound', async () => {
        assert.deepEqual(ended, [example.exitsBy.code, example.exitsBy.signal], app.output());
        const names = receiver.logs.filter((r) => r.resource['service.name'] === serviceName).map((r) => r.eventName);
        assert.equal(names.at(-1), 'security.sys_shutdown', names.join(', '));
      });

      it(order.requires[0] === AUTO ? 'says once, at start, that it attached to the SDK started before it' : 'prints no warning', () => {
        const warnings = app.output().match(/SECOTEL_OTEL_SDK_ALREADY_STARTED/g) ?? [];
        assert.equal(warnings.length, order.requires[0] === AUTO ? 1 : 0, app.output());
        assert.doesNotMatch(app.output(), /SECOTEL_HTTP_INSTRUMENTATION_REPLACED/);
      });
    });
  }
}
