// The attack event limit: an attack tool's flood gets at most `count` attack events per window,
// and the findings over it one summary per rule with `security.event.count`, so that no finding
// goes uncounted. Real node:http servers on loopback, the real OpenTelemetry SDK exporting OTLP to
// an in-process receiver; everything asserted on what the receiver got.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { SecurityHttpConfigError, createSecurityCore, reportPendingFindings, resolveSecurityHttpOptions } from '@secotel/instrumentation-http';
import type { FlatLogRecord } from '../../../test/helpers/otlp-json.ts';
import { send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

const SQLI = `/search?${new URLSearchParams({ q: "1' OR '1'='1' --" }).toString()}`;
const ATTACK = 'security.attack_detected';

describe('attackEventLimit / SECOTEL_ATTACK_EVENT_LIMIT', () => {
  it('is 100 per second by default, COUNT/DURATION or off from the variable, and the option wins', () => {
    assert.deepEqual(resolveSecurityHttpOptions({}, {}).attackEventLimit, { count: 100, windowMs: 1000 });
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_ATTACK_EVENT_LIMIT: '20/5s' }).attackEventLimit, { count: 20, windowMs: 5000 });
    assert.equal(resolveSecurityHttpOptions({}, { SECOTEL_ATTACK_EVENT_LIMIT: 'off' }).attackEventLimit, false);
    assert.equal(resolveSecurityHttpOptions({ attackEventLimit: false }, { SECOTEL_ATTACK_EVENT_LIMIT: '20/5s' }).attackEventLimit, false);
  });

  it('rejects a value that is not COUNT/DURATION, and a count or window below 1', () => {
    assert.throws(() => resolveSecurityHttpOptions({}, { SECOTEL_ATTACK_EVENT_LIMIT: 'many' }), {
      name: 'SecurityHttpConfigError',
      message: /SECOTEL_ATTACK_EVENT_LIMIT=many is not COUNT\/DURATION \(for example 100\/1s\) or off/,
    });
    assert.throws(() => resolveSecurityHttpOptions({ attackEventLimit: { count: 0, windowMs: 1000 } }, {}), SecurityHttpConfigError);
    assert.throws(() => resolveSecurityHttpOptions({ attackEventLimit: { count: 5, windowMs: 0 } }, {}), SecurityHttpConfigError);
  });
});

/** How many findings the records stand for: a summary's `security.event.count`, else 1. */
function findingsIn(records: readonly FlatLogRecord[]): number {
  return records.reduce((sum, record) => sum + (typeof record.attributes['security.event.count'] === 'number' ? record.attributes['security.event.count'] : 1), 0);
}

let harness: Harness;
const noKeepAlive = new Agent({ keepAlive: false });
let server: Server;
let url: string;

before(async () => {
  harness = await startHarness({ attackEventLimit: { count: 3, windowMs: 60_000 } });
  server = harness.http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  noKeepAlive.destroy();
  server.closeAllConnections();
  server.close();
  await harness.close();
});

describe('over the attack event limit', () => {
  it('(3 per minute) emits the first 3 findings on their own, the other 5 as one summary with security.event.count 5, and still marks every span', async () => {
    const traces: string[] = [];
    for (let i = 0; i < 8; i++) {
      const traceId = newTraceId();
      traces.push(traceId);
      // A connection per request, closed before the summary: its fields are read while it is open.
      assert.equal((await send(url, { path: SQLI, traceId, headers: { 'user-agent': `client-${i}` }, agent: noKeepAlive })).status, 200, 'the response is unchanged');
      await harness.settleRequest(traceId);
    }
    const attacks = () => harness.receiver.logs.filter((record) => record.eventName === ATTACK);
    assert.equal(attacks().length, 3, 'only the first three findings have an event of their own so far');
    assert.deepEqual(
      attacks().map((record) => record.traceId),
      traces.slice(0, 3),
    );
    assert.ok(attacks().every((record) => record.attributes['security.event.count'] === undefined));
    if (harness.tracing) {
      for (const traceId of traces) assert.equal((await harness.settle(traceId)).attributes['security.attack.detected'], true, 'every attacked request is marked on its span');
    }

    // What shutdown does: the summary is emitted now rather than lost with the process.
    assert.equal(reportPendingFindings(), 1, 'one rule has findings over the limit');
    assert.equal(reportPendingFindings(), 0, 'and they are reported once');
    await harness.telemetry.flush();
    assert.equal(attacks().length, 4);
    const summary = attacks()[3];
    assert.ok(summary);
    assert.equal(summary.attributes['security.event.count'], 5);
    assert.equal(summary.attributes['security_rule.uuid'], attacks()[0]?.attributes['security_rule.uuid'], 'the summary is per rule');
    assert.equal(summary.traceId, traces[7], "it is in the last summarised request's trace");
    assert.equal(summary.attributes['user_agent.original'], 'client-7', "with the last request's fields");
    assert.equal(summary.attributes['client.address'], '127.0.0.1');
    assert.equal(summary.attributes['url.path'], '/search');
    assert.match(String(summary.body), /5 findings of this rule from this client over the limit of 3 attack events per 1 min/);
    assert.equal(findingsIn(attacks()), 8, 'no finding goes uncounted');

    // secotel.security.events counts findings, not records.
    await harness.telemetry.flush();
    const points = harness.receiver.metrics
      .filter((metric) => metric.name === 'secotel.security.events')
      .flatMap((metric) => metric.dataPoints)
      .filter((point) => point.attributes['security.event.name'] === ATTACK);
    assert.equal(points.at(-1)?.value, 8);

    // Still in the same window: the next finding is held for the next summary too.
    const traceId = newTraceId();
    await send(url, { path: SQLI, traceId });
    await harness.settleRequest(traceId);
    assert.equal(attacks().length, 4);
    assert.equal(reportPendingFindings(), 1);
    await harness.telemetry.flush();
    assert.equal(attacks().length, 5);
    assert.equal(attacks()[4]?.attributes['security.event.count'], undefined, 'a summary of one finding is that finding');
    assert.equal(attacks()[4]?.traceId, traceId);
    assert.deepEqual(harness.diagnostics.errors, []);
  });

  it('emits the summary by itself when the window ends, and starts a new window after it', async () => {
    // A core of its own with a short window, fed the way an observer feeds it.
    const core = createSecurityCore({ attackEventLimit: { count: 1, windowMs: 200 } });
    const request = (traceId: string) => ({
      method: 'GET',
      url: SQLI,
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`, 'user-agent': `agent-${traceId.slice(0, 4)}` },
      socket: { remoteAddress: '192.0.2.7' },
    });
    const traces = [newTraceId(), newTraceId(), newTraceId(), newTraceId()];
    // Four in one window: one event of its own, three findings for the summary.
    for (const traceId of traces) {
      const observed = request(traceId);
      core.startRequest({ request: observed });
      core.endRequest(observed, 200);
    }
    const ours = () => harness.receiver.logs.filter((record) => record.eventName === ATTACK && record.attributes['client.address'] === '192.0.2.7');
    await harness.receiver.waitFor(() => (ours().length === 2 ? true : undefined), 10_000);
    assert.deepEqual(
      ours().map((record) => [record.traceId, record.attributes['security.event.count']]),
      [
        [traces[0], undefined],
        [traces[3], 3],
      ],
      'the timer emitted the summary of the other three, without reportPendingFindings()',
    );

    await new Promise((resolve) => setTimeout(resolve, 250));
    const traceId = newTraceId();
    const observed = request(traceId);
    core.startRequest({ request: observed });
    core.endRequest(observed, 200);
    await harness.telemetry.flush();
    assert.equal(ours().length, 3);
    assert.deepEqual([ours()[2]?.traceId, ours()[2]?.attributes['security.event.count']], [traceId, undefined], 'a new window: the finding has its own event again');
    assert.equal(findingsIn(ours()), 5);
    assert.deepEqual(harness.diagnostics.errors, []);
  });

  it('summarises each client on its own, so one client\'s flood does not hide another, and bounds the summaries', async () => {
    const core = createSecurityCore({ attackEventLimit: { count: 1, windowMs: 60_000 } });
    const feed = (address: string, agent: string) => {
      const observed = { method: 'GET', url: `/flood-test${SQLI.slice(SQLI.indexOf('?'))}`, headers: { 'user-agent': agent }, socket: { remoteAddress: address } };
      core.startRequest({ request: observed });
      core.endRequest(observed, 200);
    };
    const ours = () => harness.receiver.logs.filter((record) => record.eventName === ATTACK && record.attributes['url.path'] === '/flood-test');
    feed('198.51.100.1', 'flood-test first');
    for (let i = 0; i < 50; i++) feed('198.51.100.1', `flood-test a${i}`);
    feed('198.51.100.2', 'flood-test b0');
    feed('198.51.100.2', 'flood-test b1');
    // 1,000 summaries at most: 998 more clients fill them, two more share one without an address.
    for (let i = 0; i < 1000; i++) feed(`10.0.${i >> 8}.${i & 255}`, 'flood-test many');
    assert.equal(reportPendingFindings(), 1001);
    await harness.telemetry.flush();
    await harness.receiver.waitFor(() => (ours().length === 1002 ? true : undefined), 10_000);
    const byClient = new Map(ours().map((record) => [record.attributes['client.address'], record]));
    assert.equal(byClient.get('198.51.100.1')?.attributes['security.event.count'], 50, 'the flooding client: the first finding on its own, the other 50 in one summary');
    assert.equal(byClient.get('198.51.100.2')?.attributes['security.event.count'], 2, 'the other client keeps its own summary, with its own fields');
    assert.equal(byClient.get('198.51.100.2')?.attributes['user_agent.original'], 'flood-test b1');
    const further = ours().filter((record) => record.attributes['client.address'] === undefined);
    assert.equal(further.length, 1);
    assert.equal(further[0]?.attributes['security.event.count'], 2);
    assert.equal(further[0]?.attributes['user_agent.original'], undefined, 'no request fields of one client on the summary of many');
    assert.match(String(further[0]?.body), /from clients beyond those summarised one by one/);
    assert.equal(findingsIn(ours()), 1 + 50 + 2 + 1000);
  });
});
