import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ThresholdTracker, initSecurity, parseThreshold, securityEvent } from '@secotel/sdk';
import type { ThresholdRule } from '@secotel/sdk';
import { startTestTelemetry } from '../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../test/helpers/otel-sdk.ts';

const rule: ThresholdRule = { event: 'authn_login_fail', by: ['user.id', 'client.address'], count: 5, windowMs: 300_000, emit: 'authn_login_fail_max' };

describe('ThresholdTracker', () => {
  it('fires once when the count is reached inside the window', () => {
    const tracker = new ThresholdTracker([rule]);
    const attrs: Record<string, string> = { 'user.id': 'alice' };
    const hits = [];
    for (let i = 0; i < 12; i++) hits.push(...tracker.record('authn_login_fail', (k) => attrs[k], 1000 + i));
    assert.equal(hits.length, 1);
    assert.deepEqual({ key: hits[0]?.key, value: hits[0]?.value }, { key: 'user.id', value: 'alice' });
  });

  it('does not fire when the events are spread over more than the window', () => {
    const tracker = new ThresholdTracker([rule]);
    let fired = 0;
    for (let i = 0; i < 20; i++) fired += tracker.record('authn_login_fail', () => 'x', i * 80_000).length;
    assert.equal(fired, 0);
  });

  it('uses a sliding window rather than fixed buckets', () => {
    const tracker = new ThresholdTracker([{ ...rule, by: ['user.id'] }]);
    const times = [0, 290_000, 295_000, 299_000, 301_000, 302_000];
    const fired = times.map((t) => tracker.record('authn_login_fail', () => 'alice', t).length);
    assert.deepEqual(fired, [0, 0, 0, 0, 0, 1], 'five failures between 290 s and 302 s fire although they straddle 300 s');
  });

  it('fires again after a full window has passed', () => {
    const tracker = new ThresholdTracker([{ ...rule, by: ['user.id'] }]);
    let fired = 0;
    for (let i = 0; i < 10; i++) fired += tracker.record('authn_login_fail', () => 'a', i).length;
    for (let i = 0; i < 5; i++) fired += tracker.record('authn_login_fail', () => 'a', 400_000 + i).length;
    assert.equal(fired, 2);
  });

  it('counts each key on its own: one address attacking many users still fires', () => {
    const tracker = new ThresholdTracker([rule]);
    const hits = [];
    for (let i = 0; i < 5; i++) {
      const attrs: Record<string, string> = { 'user.id': `user${i}`, 'client.address': '203.0.113.9' };
      hits.push(...tracker.record('authn_login_fail', (k) => attrs[k], i));
    }
    assert.deepEqual(hits.map((h) => `${h.key}=${h.value}`), ['client.address=203.0.113.9']);
  });

  it('keeps memory bounded under a flood of distinct addresses', () => {
    const tracker = new ThresholdTracker([rule], 1000);
    for (let i = 0; i < 100_000; i++) tracker.record('authn_login_fail', (k) => (k === 'client.address' ? `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` : undefined), i);
    assert.ok(tracker.size <= 1000, `tracked ${tracker.size}`);
  });

  it('ignores events no rule watches', () => {
    const tracker = new ThresholdTracker([rule]);
    assert.equal(tracker.watches('authz_fail'), false);
    assert.deepEqual(tracker.record('authz_fail', () => 'x'), []);
  });
});

describe('parseThreshold', () => {
  it('reads COUNT/DURATION with units', () => {
    assert.deepEqual(parseThreshold('20/60s'), { count: 20, windowMs: 60_000 });
    assert.deepEqual(parseThreshold('5/300'), { count: 5, windowMs: 300_000 });
    assert.deepEqual(parseThreshold('100/1m'), { count: 100, windowMs: 60_000 });
    assert.deepEqual(parseThreshold('3/500ms'), { count: 3, windowMs: 500 });
  });
  it('rejects anything else', () => {
    for (const bad of ['', '20', '0/60s', '20/0s', 'a/b', '20/60x', '-1/5s']) assert.equal(parseThreshold(bad), undefined, bad);
  });
});

describe('authn_login_fail_max through securityEvent()', () => {
  let telemetry: TestTelemetry;
  before(() => {
    telemetry = startTestTelemetry();
  });
  after(() => telemetry.shutdown());
  beforeEach(() => telemetry.logExporter?.reset());

  const maxEvents = () => telemetry.logs().filter((r) => r.eventName === 'security.authn_login_fail_max');

  it('emits one authn_login_fail_max after 5 failures for the same user by default', () => {
    initSecurity();
    for (let i = 0; i < 8; i++) securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': `198.51.100.${i}` });
    const events = maxEvents();
    assert.equal(events.length, 1);
    const record = events[0];
    assert.equal(record?.attributes['user.id'], 'alice');
    assert.equal(record?.attributes['security.threshold.count'], 5);
    assert.equal(record?.attributes['security.threshold.window_ms'], 300_000);
    assert.deepEqual(record?.attributes['security.threshold.key'], ['user.id']);
    assert.equal(record?.attributes['security.event.category'], 'authn');
  });

  it('emits one aggregate event when the user and the address reach the threshold together', () => {
    initSecurity();
    for (let i = 0; i < 5; i++) securityEvent('authn_login_fail', { 'user.id': 'bob', 'client.address': '192.0.2.1' });
    const events = maxEvents();
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]?.attributes['security.threshold.key'], ['user.id', 'client.address']);
  });

  it('honours a configured threshold and can be turned off', () => {
    initSecurity({ thresholds: [{ ...rule, count: 2 }] });
    securityEvent('authn_login_fail', { 'user.id': 'x' });
    securityEvent('authn_login_fail', { 'user.id': 'x' });
    assert.equal(maxEvents().length, 1);
    telemetry.logExporter?.reset();
    initSecurity({ thresholds: false });
    for (let i = 0; i < 10; i++) securityEvent('authn_login_fail', { 'user.id': 'x' });
    assert.equal(maxEvents().length, 0);
  });
});
