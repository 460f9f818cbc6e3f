import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as otel from '@opentelemetry/semantic-conventions/incubating';
import * as semconv from '@secotel/semconv';
import { ATTRIBUTE_DEFINITIONS, KNOWN_ATTRIBUTES } from '@secotel/semconv';
import type { SecurityEventAttributes } from '@secotel/semconv';

// One entry per key of SecurityEventAttributes: the compiler rejects a missing or extra key,
// so the interface and this list cannot drift apart; the test below ties the list to KNOWN_ATTRIBUTES.
const TYPED_KEYS: Record<keyof SecurityEventAttributes, true> = {
  'security.event.category': true,
  'security.event.outcome': true,
  'security.event.id': true,
  'security.event.count': true,
  'user.id': true,
  'user.name': true,
  'user.roles': true,
  'user.email': true,
  'session.id': true,
  'client.address': true,
  'client.port': true,
  'network.peer.address': true,
  'server.address': true,
  'http.request.method': true,
  'http.route': true,
  'http.response.status_code': true,
  'http.request.header.referer': true,
  'url.path': true,
  'url.query': true,
  'user_agent.original': true,
  'error.type': true,
  'file.name': true,
  'security_rule.uuid': true,
  'security_rule.name': true,
  'security_rule.category': true,
  'security_rule.ruleset.name': true,
  'security_rule.version': true,
  'security_rule.reference': true,
  'security.attack.location': true,
  'security.attack.payload': true,
  'security.attack.tool': true,
  'security.attack.detected': true,
  'security.attack.rule_ids': true,
  'security.http.duration_ms': true,
  'security.threshold.count': true,
  'security.threshold.window_ms': true,
  'security.threshold.key': true,
  'security.reason': true,
  'security.attempts': true,
  'security.travel.from': true,
  'security.travel.to': true,
  'security.entitlements': true,
  'security.token.id': true,
  'security.resource': true,
  'security.change.from': true,
  'security.change.to': true,
  'security.action': true,
  'security.file.type': true,
  'security.file.id': true,
  'security.validation.name': true,
  'security.validation.result': true,
  'security.input.fields': true,
  'security.monitor.name': true,
  'security.target.user.id': true,
  'security.chain.hmac': true,
  'security.chain.checkpoint.first_seq': true,
  'security.chain.checkpoint.last_seq': true,
  'security.chain.checkpoint.head': true,
  'security.chain.checkpoint.digest': true,
  'security.chain.checkpoint.signature': true,
  'security.chain.checkpoint.key_id': true,
  'security.chain.checkpoint.final': true,
};

const otelValues: unknown[] = Object.values(otel);
const otelNames = new Set<string>(otelValues.filter((value): value is string => typeof value === 'string'));
otelNames.add(otel.ATTR_HTTP_REQUEST_HEADER('referer'));

describe('attribute names', () => {
  it('are listed once each in KNOWN_ATTRIBUTES', () => {
    assert.equal(new Set(KNOWN_ATTRIBUTES).size, KNOWN_ATTRIBUTES.length);
    assert.ok(Object.isFrozen(KNOWN_ATTRIBUTES));
  });

  it('all have a typed key in SecurityEventAttributes, and no typed key is unknown', () => {
    assert.deepEqual(Object.keys(TYPED_KEYS).sort(), [...KNOWN_ATTRIBUTES].sort());
  });

  it('include every exported ATTR_ constant but the deprecated ones secotel no longer writes', () => {
    // Read from older records only: the chain position moved into security.event.id.
    const deprecated = new Set(['ATTR_SECURITY_CHAIN_STREAM', 'ATTR_SECURITY_CHAIN_SEQ']);
    const constants = Object.entries(semconv).filter(([name]) => name.startsWith('ATTR_') && !deprecated.has(name));
    assert.ok(constants.length > 40);
    for (const [name, value] of constants) assert.ok(KNOWN_ATTRIBUTES.includes(value as string), `${name} = ${String(value)}`);
    assert.equal(constants.length, KNOWN_ATTRIBUTES.length);
    for (const name of deprecated) assert.ok(!KNOWN_ATTRIBUTES.includes((semconv as Record<string, unknown>)[name] as string), name);
  });

  it('reuse OpenTelemetry semantic conventions where they say so', () => {
    for (const attribute of ATTRIBUTE_DEFINITIONS) {
      if (attribute.source === 'opentelemetry') assert.ok(otelNames.has(attribute.name), `${attribute.name} is not an OpenTelemetry attribute`);
    }
  });

  it('invent names only under security.* and never shadow an OpenTelemetry name', () => {
    for (const attribute of ATTRIBUTE_DEFINITIONS) {
      if (attribute.source !== 'secotel') continue;
      assert.ok(attribute.name.startsWith('security.'), attribute.name);
      assert.ok(!otelNames.has(attribute.name), `${attribute.name} exists in OpenTelemetry: reuse it`);
    }
  });

  it('are lower-case and dot-namespaced', () => {
    for (const name of KNOWN_ATTRIBUTES) assert.match(name, /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
  });

  it('keep the names the SDK depends on', () => {
    assert.equal(semconv.ATTR_USER_ID, 'user.id');
    assert.equal(semconv.ATTR_CLIENT_ADDRESS, 'client.address');
    assert.equal(semconv.ATTR_SECURITY_EVENT_CATEGORY, 'security.event.category');
    assert.equal(semconv.ATTR_SECURITY_EVENT_OUTCOME, 'security.event.outcome');
    assert.equal(semconv.ATTR_SECURITY_EVENT_ID, 'security.event.id');
    assert.equal(semconv.ATTR_SECURITY_ATTACK_DETECTED, 'security.attack.detected');
    assert.equal(semconv.ATTR_SECURITY_ATTACK_RULE_IDS, 'security.attack.rule_ids');
    assert.equal(semconv.ATTR_SECURITY_THRESHOLD_COUNT, 'security.threshold.count');
    assert.equal(semconv.ATTR_SECURITY_THRESHOLD_WINDOW, 'security.threshold.window_ms');
    assert.equal(semconv.ATTR_SECURITY_THRESHOLD_KEY, 'security.threshold.key');
    assert.equal(semconv.ATTR_SECURITY_HTTP_DURATION_MS, 'security.http.duration_ms');
  });

  it('mark the request-span attributes as span attributes', () => {
    const spanAttributes = ATTRIBUTE_DEFINITIONS.filter((attribute) => attribute.signal === 'span').map((attribute) => attribute.name);
    assert.deepEqual(spanAttributes.sort(), ['security.attack.detected', 'security.attack.rule_ids']);
  });
});
