// What securityEvent() prepares once and reuses (event plans, key checks, clean values, metric
// series, threshold slots, event ids): the results must be exactly those of doing the work every
// time, and every cache must stay bounded whatever names, keys and values it is given.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ROOT_CONTEXT, context, metrics, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  REDACTED,
  SECURITY_EVENTS_METRIC,
  ThresholdTracker,
  contextWithSecurityScope,
  createSecurityScope,
  customAttributes,
  getSecurityEmitter,
  initSecurity,
  registerSecurityEvent,
  securityEvent,
  setUser,
  uncheckedEventName,
} from '@secotel/sdk';
import type { ThresholdRule } from '@secotel/sdk';
import { chainPositionOf } from '@secotel/semconv';
import { startTestTelemetry } from '../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../test/helpers/otel-sdk.ts';

// The emitter's caps (src/emitter.ts, src/internal/clean-memo.ts, src/internal/event-metric.ts).
const MAX_CACHED_NAMES = 1024;
const MAX_CHECKED_KEYS = 1024;
const MAX_MEMO_VALUES = 2048;
const MAX_EVENT_SERIES = 1999;

const UUID_V4_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

let telemetry: TestTelemetry;


before(() => {
  telemetry = startTestTelemetry();
});
after(() => telemetry.shutdown());
beforeEach(() => {
  telemetry.logExporter?.reset();
  telemetry.spanExporter?.reset();
});

describe('security.event.id', () => {
  it('is UUID-shaped (version 4 layout) and unique over many calls', () => {
    initSecurity({ thresholds: false, chain: false, metrics: false });
    const ids = new Set<string>();
    const count = 70_000; // more than 256 blocks of the counter
    for (let i = 0; i < count; i++) {
      const id = securityEvent('session_created');
      assert.ok(id !== undefined);
      if (i % 97 === 0 || i > count - 300) assert.match(id, UUID_V4_SHAPE);
      ids.add(id);
      if (i % 1000 === 0) telemetry.logExporter?.reset();
    }
    assert.equal(ids.size, count);
    telemetry.logExporter?.reset();
  });

  it('is the id of the record and differs in every process, with and without the chain', () => {
    initSecurity({ thresholds: false });
    const id = securityEvent('authz_fail');
    assert.equal(telemetry.lastLog().attributes['security.event.id'], id);
    const dist = pathToFileURL(join(import.meta.dirname, '..', 'dist', 'esm', 'index.js')).href;
    const idsOfProcess = (chain: boolean): string[] => {
      const script = [
        `const { initSecurity, securityEvent } = await import(${JSON.stringify(dist)});`,
        'const loggerProvider = { getLogger: () => ({ emit() {} }) };',
        `initSecurity({ thresholds: false, metrics: false, loggerProvider${chain ? '' : ', chain: false'} });`,
        'const ids = [];',
        'for (let i = 0; i < 1000; i++) ids.push(securityEvent("session_created"));',
        'process.stdout.write(JSON.stringify(ids));',
      ].join('\n');
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      return JSON.parse(child.stdout) as string[];
    };
    // The chain on (the default): <stream>:<seq>, a random stream per process, seq from 1.
    const chained = [0, 1, 2].map(() => idsOfProcess(true));
    for (const ids of chained) {
      const stream = chainPositionOf(ids[0])?.stream as string;
      assert.match(stream, UUID_V4_SHAPE);
      assert.deepEqual(ids, ids.map((_, i) => `${stream}:${i + 1}`));
    }
    assert.equal(new Set(chained.map((ids) => chainPositionOf(ids[0])?.stream)).size, chained.length, 'each process starts its own stream');
    // The chain off: UUID-shaped, a random prefix per process.
    const unchained = [0, 1, 2].map(() => idsOfProcess(false));
    for (const ids of unchained) for (const each of ids) assert.match(each, UUID_V4_SHAPE);
    const prefixes = new Set(unchained.map((ids) => (ids[0] as string).slice(0, 23)));
    assert.equal(prefixes.size, unchained.length, 'each process draws its own random prefix');
    const all = [...chained, ...unchained].flat();
    assert.equal(new Set(all).size, all.length, 'no id repeats across processes');
  });
});

describe('per-name plans and per-key checks', () => {
  it('stay bounded for names and keys made at run time, and still emit each event right', () => {
    initSecurity({ thresholds: false, chain: false, metrics: false });
    const emitter = getSecurityEmitter();
    for (let i = 0; i < 3000; i++) {
      securityEvent(uncheckedEventName(`generated_${i}`), customAttributes({ [`app.key_${i}`]: `value ${i}` }));
    }
    assert.ok(emitter.cachedNames <= MAX_CACHED_NAMES, `cached names: ${emitter.cachedNames}`);
    assert.ok(emitter.cachedKeys <= MAX_CHECKED_KEYS, `cached keys: ${emitter.cachedKeys}`);
    assert.ok(emitter.cachedValues <= MAX_MEMO_VALUES, `remembered values: ${emitter.cachedValues}`);
    const record = telemetry.lastLog();
    assert.equal(record.eventName, 'security.generated_2999');
    assert.equal(record.attributes['app.key_2999'], 'value 2999');
    assert.equal(record.attributes['security.event.category'], 'custom');
  });

  it('notice an event registered after the name was first used', () => {
    initSecurity({ thresholds: false });
    securityEvent(uncheckedEventName('late_registered_event'));
    assert.equal(telemetry.lastLog().attributes['security.event.category'], 'custom');
    registerSecurityEvent('late_registered_event', { category: 'payment', level: 'CRITICAL', description: 'Registered late', outcome: 'failure' });
    securityEvent(uncheckedEventName('late_registered_event'));
    assert.equal(telemetry.lastLog().attributes['security.event.category'], 'payment');
    assert.equal(telemetry.lastLog().attributes['security.event.outcome'], 'failure');
    assert.equal(telemetry.lastLog().severityText, 'CRITICAL');
    assert.equal(telemetry.lastLog().body, 'Registered late');
  });

  it('give the same results when a call site changes its keys', () => {
    initSecurity({ thresholds: false, chain: false });
    securityEvent('authz_fail', { 'user.id': 'a', 'app.x': 1 });
    securityEvent('authz_fail', { 'app.x': 'password=hunter2', 'user.id': 'b' });
    assert.deepEqual(telemetry.lastLog().attributes['app.x'], 'password=[REDACTED]');
    assert.equal(telemetry.lastLog().attributes['user.id'], 'b');
    securityEvent('authz_fail', { 'user.id': 'c', message: 'm', 'app.x': true });
    assert.equal(telemetry.lastLog().attributes['app.x'], true);
    assert.equal(telemetry.lastLog().body, 'm');
    assert.equal(telemetry.lastLog().attributes.message, undefined);
  });
});

describe('clean values remembered per key', () => {
  it('still redacts a secret under a key whose earlier values were clean and remembered', () => {
    initSecurity({ thresholds: false, chain: false });
    const rule = { 'security_rule.uuid': 'sqli-001', 'security_rule.name': 'SQL injection', 'url.path': '/search' };
    for (let i = 0; i < 50; i++) securityEvent('attack_detected', rule);
    assert.equal(telemetry.lastLog().attributes['security_rule.name'], 'SQL injection');
    securityEvent('attack_detected', { ...rule, 'security_rule.name': `Bearer ${JWT}`, 'url.path': `/search?token=${JWT}` });
    const record = telemetry.lastLog();
    const wire = JSON.stringify(record.attributes);
    assert.ok(!wire.includes(JWT), wire);
    assert.equal(record.attributes['security_rule.name'], `Bearer ${REDACTED}`);
    assert.equal(record.attributes['security_rule.uuid'], 'sqli-001');
  });

  it('still redacts and escapes a message after the same event had clean ones', () => {
    initSecurity({ thresholds: false, chain: false });
    for (let i = 0; i < 20; i++) securityEvent('authz_fail', { message: 'Access denied' });
    assert.equal(telemetry.lastLog().body, 'Access denied');
    securityEvent('authz_fail', { message: `Access denied\r\nforged line token=${JWT}` });
    const body = String(telemetry.lastLog().body);
    assert.ok(!body.includes(JWT) && !/[\r\n]/.test(body), body);
  });

  it('are per configuration: a key made sensitive later is redacted at once', () => {
    initSecurity({ thresholds: false, chain: false });
    for (let i = 0; i < 5; i++) securityEvent('authz_fail', { 'app.tenant_pin': 'blue' });
    assert.equal(telemetry.lastLog().attributes['app.tenant_pin'], 'blue');
    initSecurity({ thresholds: false, chain: false, redaction: { sensitiveKeys: ['tenant_pin'] } });
    securityEvent('authz_fail', { 'app.tenant_pin': 'blue' });
    assert.equal(telemetry.lastLog().attributes['app.tenant_pin'], REDACTED);
  });

  it('stop for a key with many distinct values and never exceed the cap', () => {
    initSecurity({ thresholds: false, chain: false, metrics: false });
    const emitter = getSecurityEmitter();
    for (let i = 0; i < 500; i++) securityEvent('authn_login_fail', { 'user.id': `user${i}`, 'http.request.method': 'POST' });
    assert.ok(emitter.cachedValues < 130, `remembered ${emitter.cachedValues}: the user ids should have been given up`);
    for (let k = 0; k < 40; k++) {
      for (let i = 0; i < 100; i++) securityEvent('authz_fail', customAttributes({ [`app.k${k}`]: `v${i}` }));
    }
    assert.ok(emitter.cachedValues <= MAX_MEMO_VALUES, `remembered ${emitter.cachedValues}`);
    assert.equal(telemetry.lastLog().attributes['app.k39'], 'v99');
  });

  it('leave numbers and booleans alone, but not under a sensitive key', () => {
    initSecurity({ thresholds: false, chain: false });
    securityEvent('authz_fail', customAttributes({ 'app.count': 3, 'app.ok': false, 'app.ratio': Number.NaN, password: 1234, 'app.flag_token': true }));
    const attributes = telemetry.lastLog().attributes;
    assert.equal(attributes['app.count'], 3);
    assert.equal(attributes['app.ok'], false);
    assert.equal(attributes['app.ratio'], 'NaN');
    assert.equal(attributes.password, REDACTED);
    assert.equal(attributes['app.flag_token'], REDACTED);
  });
});

describe('the span event', () => {
  it('carries the event attributes the record has, without the chain attributes', () => {
    initSecurity({ thresholds: false, spanEvents: true });
    trace.getTracer('test').startActiveSpan('request', (span) => {
      securityEvent('authz_fail', { 'user.id': 'mallory', 'url.path': '/admin', 'app.attempt': 2 });
      span.end();
    });
    const record = telemetry.lastLog();
    const event = telemetry.spanExporter?.getFinishedSpans()[0]?.events.find((e) => e.name === 'security.authz_fail');
    assert.ok(event);
    const expected = Object.fromEntries(Object.entries(record.attributes).filter(([key]) => !key.startsWith('security.chain.')));
    assert.deepEqual(event.attributes, expected);
  });
});

describe('the security scope through the OpenTelemetry context', () => {
  it('is found by securityEvent() and setUser() without AsyncLocalStorage', () => {
    initSecurity({ thresholds: false });
    const scope = createSecurityScope();
    context.with(contextWithSecurityScope(ROOT_CONTEXT, scope), () => {
      setUser({ 'user.id': 'carol' });
      securityEvent('authz_fail');
    });
    assert.equal(scope.attributes['user.id'], 'carol');
    assert.equal(telemetry.lastLog().attributes['user.id'], 'carol');
    assert.ok(scope.reportedFailures.has('authz'));
    securityEvent('authz_fail');
    assert.equal(telemetry.lastLog().attributes['user.id'], undefined, 'outside the context, no scope');
  });
});

describe('ThresholdTracker', () => {
  const rule: ThresholdRule = { event: 'authn_login_fail', by: ['client.address'], count: 5, windowMs: 300_000, emit: 'authn_login_fail_max' };

  it('evicts the least recently used keys first and stays within the cap', () => {
    const tracker = new ThresholdTracker([{ ...rule, count: 16 }], 100);
    const at = (address: string, now: number) => tracker.record('authn_login_fail', () => address, now).length;
    let now = 0;
    assert.equal(at('203.0.113.1', now++), 0);
    for (let i = 0; i < 500; i++) {
      at(`10.0.${i >> 8}.${i & 255}`, now++);
      if (i % 40 === 0) assert.equal(at('203.0.113.1', now++), 0); // kept in use: never the least recently used
      assert.ok(tracker.size <= 100, `tracked ${tracker.size}`);
    }
    // 14 events so far, all still counted: the 16th fires.
    assert.equal(at('203.0.113.1', now++), 0);
    assert.equal(at('203.0.113.1', now++), 1);
    // An address left unused while 200 others came was evicted: its count starts again.
    for (let i = 0; i < 15; i++) assert.equal(at('198.51.100.7', now++), 0);
    for (let i = 0; i < 200; i++) at(`10.1.${i >> 8}.${i & 255}`, now++);
    assert.equal(at('198.51.100.7', now), 0, 'evicted: this is its first event again');
    assert.ok(tracker.size <= 100);
  });

  it('keeps exact sliding windows for counts above the inline ring too', () => {
    const big: ThresholdRule = { ...rule, count: 40, windowMs: 1000 };
    const tracker = new ThresholdTracker([big]);
    const at = (now: number) => tracker.record('authn_login_fail', () => 'x', now).length;
    let fired = 0;
    for (let i = 0; i < 39; i++) fired += at(i * 10);
    assert.equal(fired, 0);
    fired += at(500);
    assert.equal(fired, 1, 'the 40th event within 1 s fires');
    for (let i = 0; i < 60; i++) fired += at(600 + i);
    assert.equal(fired, 1, 'quiet until a full window has passed');
    for (let i = 0; i < 40; i++) fired += at(5000 + i * 20);
    assert.equal(fired, 2);
  });

  it('counts values the same whatever their type and skips empty ones', () => {
    const tracker = new ThresholdTracker([{ ...rule, by: ['user.id'], count: 3 }]);
    const values: unknown[] = [7, '7', 7];
    const hits = values.flatMap((value, i) => tracker.record('authn_login_fail', () => value, i));
    assert.deepEqual(hits.map((h) => h.value), ['7']);
    assert.deepEqual(tracker.record('authn_login_fail', () => '', 10), []);
    assert.equal(tracker.size, 1);
  });
});

describe('secotel.security.events', () => {
  async function points(reader: PeriodicExportingMetricReader, exporter: InMemoryMetricExporter) {
    await reader.forceFlush();
    const metricsData = exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics)).filter((m) => m.descriptor.name === SECURITY_EVENTS_METRIC);
    exporter.reset();
    return metricsData.flatMap((m) => m.dataPoints.map((p) => ({ value: Number(p.value), attributes: p.attributes, metric: m })));
  }

  /** Runs `fn` with a global MeterProvider exporting into memory with `temporality`, then removes it. */
  async function withMeter(temporality: AggregationTemporality, fn: (read: () => ReturnType<typeof points>) => Promise<void>): Promise<void> {
    const exporter = new InMemoryMetricExporter(temporality);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    metrics.disable();
    metrics.setGlobalMeterProvider(provider);
    try {
      await fn(() => points(reader, exporter));
    } finally {
      await provider.shutdown();
      metrics.disable();
    }
  }

  it('reports increments to a delta exporter, across emitters, with the same descriptor', async () => {
    await withMeter(AggregationTemporality.DELTA, async (read) => {
      initSecurity({ thresholds: false });
      securityEvent('authz_fail');
      initSecurity({ thresholds: false }); // a new emitter counts into the same series
      securityEvent('authz_fail');
      securityEvent('authz_fail', { outcome: 'success' });
      let data = await read();
      const failure = data.find((p) => p.attributes['security.event.outcome'] === 'failure');
      assert.equal(failure?.value, 2);
      assert.deepEqual(failure?.attributes, { 'security.event.name': 'security.authz_fail', 'security.event.category': 'authz', 'security.event.outcome': 'failure' });
      assert.equal(data.find((p) => p.attributes['security.event.outcome'] === 'success')?.value, 1);
      assert.equal(failure?.metric.descriptor.unit, '{event}');
      assert.equal(failure?.metric.descriptor.description, 'Security events emitted, by event name, category and outcome.');
      assert.equal((failure?.metric as { isMonotonic?: boolean } | undefined)?.isMonotonic, true);
      securityEvent('authz_fail');
      data = await read();
      assert.equal(data.find((p) => p.attributes['security.event.outcome'] === 'failure')?.value, 1, 'a delta of one');
    });
  });

  it('has at most 2000 series, the rest in one overflow series', async () => {
    await withMeter(AggregationTemporality.CUMULATIVE, async (read) => {
      initSecurity({ thresholds: false, chain: false });
      for (let i = 0; i < MAX_EVENT_SERIES + 10; i++) securityEvent(uncheckedEventName(`many_${i}`));
      telemetry.logExporter?.reset();
      const data = await read();
      assert.ok(data.length <= MAX_EVENT_SERIES + 1, `${data.length} series`);
      const overflow = data.find((p) => p.attributes['otel.metric.overflow'] === true);
      assert.ok(overflow !== undefined && overflow.value >= 10, JSON.stringify(overflow));
      assert.equal(data.reduce((sum, p) => sum + p.value, 0), MAX_EVENT_SERIES + 10, 'every event counted once');
    });
  });
});
