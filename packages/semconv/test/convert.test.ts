import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ECS_LABEL_MAX_LENGTH, SECURITY_EVENTS, toECS, toOCSF } from '@secotel/semconv';
import type { SecurityEventRecord } from '@secotel/semconv';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

const loginFailure: SecurityEventRecord = {
  eventName: 'security.authn_login_fail',
  timeUnixNano: '1735689600123456789',
  severityText: 'WARN',
  severityNumber: 13,
  body: 'User joebob1 login failed',
  attributes: {
    'security.event.category': 'authn',
    'security.event.outcome': 'failure',
    'security.event.id': '01J9ZQ8V6Q4C2N1T0G7Y5W3K8E',
    'user.id': 'joebob1',
    'client.address': '165.225.50.94',
    'client.port': 51234,
    'http.request.method': 'POST',
    'http.route': '/api/v2/auth',
    'url.path': '/api/v2/auth/',
    'user_agent.original': 'Mozilla/5.0',
  },
  traceId: TRACE_ID,
  spanId: SPAN_ID,
  resource: { 'service.name': 'netportal-auth', 'service.version': '1.2.3', 'deployment.environment.name': 'production' },
};

const attack: SecurityEventRecord = {
  eventName: 'security.attack_detected',
  timestamp: '2025-01-01T00:00:00.000Z',
  severityText: 'WARN',
  severityNumber: 13,
  body: 'SQL injection attempt in query parameter id',
  attributes: {
    'security.event.category': 'malicious',
    'security.event.outcome': 'unknown',
    'security.event.id': 'evt-2',
    'security_rule.uuid': 'sqli-001',
    'security_rule.name': 'SQL injection: tautology',
    'security_rule.category': 'sqli',
    'security_rule.ruleset.name': 'secotel-core',
    'security_rule.version': '1',
    'security.attack.location': 'query',
    'security.attack.payload': "1' OR '1'='1",
    'client.address': '2001:db8::1',
    'http.request.method': 'GET',
    'http.route': '/items',
    'url.path': '/items',
    'url.query': "id=1' OR '1'='1",
    'user_agent.original': 'sqlmap/1.8',
  },
  traceId: TRACE_ID,
  resource: { 'service.name': 'shop' },
};

describe('toECS', () => {
  it('turns a login failure into an ECS authentication event', () => {
    assert.deepEqual(toECS(loginFailure), {
      '@timestamp': '2025-01-01T00:00:00.123Z',
      message: 'User joebob1 login failed',
      ecs: { version: '8.17.0' },
      event: {
        kind: 'event',
        category: ['authentication'],
        type: ['start'],
        action: 'authn_login_fail',
        outcome: 'failure',
        id: '01J9ZQ8V6Q4C2N1T0G7Y5W3K8E',
        severity: 13,
        dataset: 'secotel.security',
        module: 'secotel',
      },
      log: { level: 'WARN' },
      user: { id: 'joebob1' },
      source: { address: '165.225.50.94', ip: '165.225.50.94', port: 51234 },
      client: { address: '165.225.50.94', ip: '165.225.50.94', port: 51234 },
      http: { request: { method: 'POST' } },
      url: { path: '/api/v2/auth/' },
      user_agent: { original: 'Mozilla/5.0' },
      trace: { id: TRACE_ID },
      span: { id: SPAN_ID },
      service: { name: 'netportal-auth', version: '1.2.3', environment: 'production' },
      related: { ip: ['165.225.50.94'], user: ['joebob1'] },
      labels: { security_event_category: 'authn', http_route: '/api/v2/auth' },
    });
  });

  it('turns a detected attack into an ECS intrusion detection alert with its rule', () => {
    assert.deepEqual(toECS(attack), {
      '@timestamp': '2025-01-01T00:00:00.000Z',
      message: 'SQL injection attempt in query parameter id',
      ecs: { version: '8.17.0' },
      event: {
        kind: 'alert',
        category: ['intrusion_detection'],
        type: ['info'],
        action: 'attack_detected',
        outcome: 'unknown',
        id: 'evt-2',
        severity: 13,
        dataset: 'secotel.security',
        module: 'secotel',
      },
      log: { level: 'WARN' },
      source: { address: '2001:db8::1', ip: '2001:db8::1' },
      client: { address: '2001:db8::1', ip: '2001:db8::1' },
      http: { request: { method: 'GET' } },
      url: { path: '/items', query: "id=1' OR '1'='1" },
      user_agent: { original: 'sqlmap/1.8' },
      rule: {
        id: 'sqli-001',
        uuid: 'sqli-001',
        name: 'SQL injection: tautology',
        category: 'sqli',
        ruleset: 'secotel-core',
        version: '1',
      },
      trace: { id: TRACE_ID },
      service: { name: 'shop' },
      related: { ip: ['2001:db8::1'] },
      labels: {
        security_event_category: 'malicious',
        security_attack_location: 'query',
        security_attack_payload: "1' OR '1'='1",
        http_route: '/items',
      },
    });
  });

  it('falls back to the catalogue level, outcome and description', () => {
    const document = toECS({ eventName: 'authz_fail', timestamp: 0, attributes: { 'user.id': 'u1', 'user.roles': ['viewer'] } });
    assert.equal(document['@timestamp'], '1970-01-01T00:00:00.000Z');
    assert.equal(document.message, SECURITY_EVENTS.authz_fail.description);
    assert.equal(document.event.outcome, 'failure');
    assert.equal(document.event.severity, 17);
    assert.deepEqual(document.log, { level: 'CRITICAL' });
    assert.deepEqual(document.user, { id: 'u1', roles: ['viewer'] });
    assert.deepEqual(document.event.type, ['access', 'denied']);
  });

  it('maps reason, target user, referrer, file, error and duration to their ECS fields', () => {
    const document = toECS({
      eventName: 'security.user_created',
      timestamp: 0,
      attributes: {
        'user.id': 'admin1',
        'security.target.user.id': 'user1',
        'security.reason': 'onboarding',
        'http.request.header.referer': ['https://admin.example/users'],
        'file.name': 'avatar.png',
        'error.type': 'none',
        'security.http.duration_ms': 1.5,
        'server.address': 'portal.example',
      },
    });
    assert.deepEqual(document.user, { id: 'admin1', target: { id: 'user1' } });
    assert.equal(document.event.reason, 'onboarding');
    assert.equal(document.event.duration, 1_500_000);
    assert.deepEqual(document.http, { request: { referrer: 'https://admin.example/users' } });
    assert.deepEqual(document.file, { name: 'avatar.png' });
    assert.deepEqual(document.error, { type: 'none' });
    assert.deepEqual(document.server, { address: 'portal.example' });
    assert.deepEqual(document.related, { user: ['admin1', 'user1'] });
    assert.equal(document.labels, undefined);
  });

  it('keeps a client hostname as an address without calling it an IP', () => {
    const document = toECS({ eventName: 'security.http_access', timestamp: 0, attributes: { 'client.address': 'proxy.internal' } });
    assert.deepEqual(document.source, { address: 'proxy.internal' });
    assert.equal(document.related, undefined);
  });

  it('describes an event outside the catalogue without inventing a category', () => {
    const document = toECS({ eventName: 'security.order_refund_denied', timestamp: 0, attributes: { 'security.event.outcome': 'failure' } });
    assert.deepEqual(document.event, {
      kind: 'event',
      action: 'order_refund_denied',
      outcome: 'failure',
      dataset: 'secotel.security',
      module: 'secotel',
    });
    assert.equal(document.message, 'order_refund_denied');
  });

  it('stringifies and truncates label values', () => {
    const document = toECS({
      eventName: 'security.attack_detected',
      timestamp: 0,
      attributes: { 'security.attack.payload': 'x'.repeat(5000), 'security.attack.rule_ids': ['a', 'b'], 'security.attempts': 3, 'custom.flag': true },
    });
    assert.equal(document.labels?.['security_attack_payload']?.length, ECS_LABEL_MAX_LENGTH);
    assert.equal(document.labels?.['security_attack_rule_ids'], '["a","b"]');
    assert.equal(document.labels?.['security_attempts'], '3');
    assert.equal(document.labels?.['custom_flag'], 'true');
  });
});

describe('toOCSF', () => {
  it('turns a login failure into an OCSF Authentication logon failure', () => {
    assert.deepEqual(toOCSF(loginFailure), {
      class_uid: 3002,
      class_name: 'Authentication',
      category_uid: 3,
      category_name: 'Identity & Access Management',
      activity_id: 1,
      activity_name: 'Logon',
      type_uid: 300201,
      type_name: 'Authentication: Logon',
      time: 1735689600123,
      severity_id: 3,
      severity: 'Medium',
      status_id: 2,
      status: 'Failure',
      message: 'User joebob1 login failed',
      metadata: {
        version: '1.9.0',
        product: { name: 'secotel', vendor_name: 'secotel' },
        event_code: 'authn_login_fail',
        log_name: 'security',
        uid: '01J9ZQ8V6Q4C2N1T0G7Y5W3K8E',
        correlation_uid: TRACE_ID,
      },
      user: { uid: 'joebob1' },
      src_endpoint: { ip: '165.225.50.94', port: 51234 },
      dst_endpoint: { svc_name: 'netportal-auth' },
      http_request: { http_method: 'POST', url: { path: '/api/v2/auth/' }, user_agent: 'Mozilla/5.0' },
      unmapped: { 'security.event.category': 'authn', 'http.route': '/api/v2/auth', span_id: SPAN_ID },
    });
  });

  it('turns a detected attack into an OCSF Detection Finding carrying its rule', () => {
    assert.deepEqual(toOCSF(attack), {
      class_uid: 2004,
      class_name: 'Detection Finding',
      category_uid: 2,
      category_name: 'Findings',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200401,
      type_name: 'Detection Finding: Create',
      time: 1735689600000,
      severity_id: 3,
      severity: 'Medium',
      status_id: 1,
      status: 'New',
      message: 'SQL injection attempt in query parameter id',
      metadata: {
        version: '1.9.0',
        product: { name: 'secotel', vendor_name: 'secotel' },
        event_code: 'attack_detected',
        log_name: 'security',
        uid: 'evt-2',
        correlation_uid: TRACE_ID,
      },
      src_endpoint: { ip: '2001:db8::1' },
      dst_endpoint: { svc_name: 'shop' },
      http_request: {
        http_method: 'GET',
        url: { path: '/items', query_string: "id=1' OR '1'='1" },
        user_agent: 'sqlmap/1.8',
      },
      finding_info: {
        uid: 'evt-2',
        title: 'SQL injection: tautology',
        desc: 'SQL injection attempt in query parameter id',
        types: ['sqli'],
        analytic: { type_id: 1, type: 'Rule', uid: 'sqli-001', name: 'SQL injection: tautology', category: 'sqli', version: '1' },
      },
      is_alert: true,
      unmapped: {
        'security.event.category': 'malicious',
        'security.event.outcome': 'unknown',
        'security_rule.ruleset.name': 'secotel-core',
        'security.attack.location': 'query',
        'security.attack.payload': "1' OR '1'='1",
        'http.route': '/items',
      },
    });
  });

  it('gives a summary of findings its security.event.count as OCSF count, and keeps a count that is not a whole number ≥ 1 unmapped', () => {
    const summary = toOCSF({ ...attack, attributes: { ...attack.attributes, 'security.event.count': 42 } });
    assert.equal(summary.count, 42);
    assert.equal(summary.unmapped?.['security.event.count'], undefined);
    assert.equal(toOCSF(attack).count, undefined, 'absent means one occurrence');
    const odd = toOCSF({ ...attack, attributes: { ...attack.attributes, 'security.event.count': 2.5 } });
    assert.equal(odd.count, undefined);
    assert.equal(odd.unmapped?.['security.event.count'], 2.5);
  });

  it('derives the HTTP Activity activity from the request method', () => {
    const event = toOCSF({ eventName: 'security.http_access', timestamp: 0, attributes: { 'http.request.method': 'DELETE', 'http.response.status_code': 204 } });
    assert.equal(event.activity_id, 2);
    assert.equal(event.activity_name, 'Delete');
    assert.equal(event.type_uid, 400202);
    assert.deepEqual(event.http_response, { code: 204 });
    const unusual = toOCSF({ eventName: 'security.http_access', timestamp: 0, attributes: { 'http.request.method': 'propfind' } });
    assert.equal(unusual.activity_id, 99);
    assert.equal(unusual.activity_name, 'PROPFIND');
    const unknown = toOCSF({ eventName: 'security.http_access', timestamp: 0, attributes: {} });
    assert.equal(unknown.activity_id, 0);
    assert.equal(unknown.type_uid, 400200);
  });

  it('derives the API Activity activity from the request method', () => {
    const event = toOCSF({ eventName: 'security.authz_fail', timestamp: 0, attributes: { 'http.request.method': 'PATCH', 'user.id': 'u1' } });
    assert.equal(event.class_uid, 6003);
    assert.equal(event.activity_name, 'Update');
    assert.equal(event.type_uid, 600303);
    assert.deepEqual(event.actor, { user: { uid: 'u1' } });
    assert.equal(event.status, 'Failure');
    assert.equal(event.severity, 'Critical');
  });

  it('names an Other activity after security.action', () => {
    const event = toOCSF({ eventName: 'security.authz_admin', timestamp: 0, attributes: { 'security.action': 'user_privilege_change' } });
    assert.equal(event.activity_id, 99);
    assert.equal(event.activity_name, 'user_privilege_change');
    assert.equal(event.type_name, 'Entity Management: user_privilege_change');
  });

  it('puts the target of an account change in user and the administrator in actor', () => {
    const event = toOCSF({
      eventName: 'security.user_deleted',
      timestamp: 0,
      attributes: { 'user.id': 'admin1', 'user.name': 'Admin', 'security.target.user.id': 'user1', 'session.id': 's1' },
    });
    assert.deepEqual(event.user, { uid: 'user1' });
    assert.deepEqual(event.actor, { user: { uid: 'admin1', name: 'Admin' }, session: { uid: 's1' } });
    assert.equal(event.activity_name, 'Delete');
  });

  it('reports the reason of a failure as status_detail', () => {
    const event = toOCSF({ eventName: 'security.authn_login_lock', timestamp: 0, attributes: { 'user.id': 'u1', 'security.reason': 'maxretries' } });
    assert.equal(event.status_detail, 'maxretries');
    assert.equal(event.activity_name, 'Lock');
    assert.deepEqual(event.user, { uid: 'u1' });
  });

  it('maps severity from the OpenTelemetry SeverityNumber when the text is not an OWASP level', () => {
    const severity = (severityText: string | undefined, severityNumber: number | undefined): string =>
      toOCSF({ eventName: 'security.custom_thing', timestamp: 0, severityText, severityNumber, attributes: {} }).severity;
    assert.equal(severity('DEBUG', 5), 'Informational');
    assert.equal(severity('WARNING', 14), 'Medium');
    assert.equal(severity('ERROR', 17), 'Critical');
    assert.equal(severity('FATAL', 21), 'Fatal');
    assert.equal(severity(undefined, undefined), 'Unknown');
  });

  it('makes an event outside the catalogue a Base Event with activity Other', () => {
    const event = toOCSF({ eventName: 'security.order_refund_denied', timestamp: 0, severityText: 'WARN', attributes: {} });
    assert.equal(event.class_uid, 0);
    assert.equal(event.category_uid, 0);
    assert.equal(event.activity_id, 99);
    assert.equal(event.activity_name, 'order_refund_denied');
    assert.equal(event.type_uid, 99);
    assert.equal(event.severity_id, 3);
  });
});

describe('record times', () => {
  it('accept nanoseconds as a bigint, a string or a number, and timestamps as a Date, a number or a string', () => {
    const at = (time: Partial<SecurityEventRecord>): number => toOCSF({ eventName: 'security.http_access', attributes: {}, ...time }).time;
    assert.equal(at({ timeUnixNano: 1_000_000_000_000_000_000n }), 1_000_000_000_000);
    assert.equal(at({ timeUnixNano: '1000000000000000000' }), 1_000_000_000_000);
    assert.equal(at({ timeUnixNano: 1e18 }), 1_000_000_000_000);
    assert.equal(at({ timestamp: new Date(5) }), 5);
    assert.equal(at({ timestamp: 7 }), 7);
    assert.equal(at({ timestamp: '1970-01-01T00:00:01Z' }), 1000);
    assert.equal(at({ timeUnixNano: 1_000_000, timestamp: 99 }), 1, 'timeUnixNano wins');
  });

  it('fall back to now when the record has no usable time', () => {
    const before = Date.now();
    const time = toOCSF({ eventName: 'security.http_access', timestamp: 'not a date', timeUnixNano: '9'.repeat(40), attributes: {} }).time;
    assert.ok(time >= before && time <= Date.now());
  });
});

const names = Object.keys(SECURITY_EVENTS);
const attributeValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.bigInt(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))),
  fc.object(),
);
const attributeKey = fc.oneof(
  fc.constantFrom(
    'user.id',
    'user.roles',
    'client.address',
    'client.port',
    'http.request.method',
    'http.response.status_code',
    'security.event.outcome',
    'security.event.id',
    'security_rule.uuid',
    'security.http.duration_ms',
    'http.request.header.referer',
  ),
  fc.string(),
);
const record = fc.record(
  {
    eventName: fc.oneof(fc.constantFrom(...names), fc.constantFrom(...names.map((name) => `security.${name}`)), fc.string()),
    timeUnixNano: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 25n }), fc.string(), fc.double()),
    timestamp: fc.oneof(fc.date({ noInvalidDate: false }), fc.double(), fc.string()),
    severityText: fc.oneof(fc.constantFrom('INFO', 'WARN', 'CRITICAL', 'ERROR'), fc.string()),
    severityNumber: fc.oneof(fc.integer({ min: -5, max: 30 }), fc.double()),
    body: fc.oneof(fc.string(), fc.object()),
    attributes: fc.dictionary(attributeKey, attributeValue),
    traceId: fc.string(),
    spanId: fc.string(),
    resource: fc.dictionary(fc.constantFrom('service.name', 'host.name', 'service.version'), attributeValue),
  },
  { requiredKeys: ['eventName', 'attributes'] },
);

describe('the converters', () => {
  it('never throw and always produce JSON documents, whatever the record holds', () => {
    fc.assert(
      fc.property(record, (input) => {
        const ecs = toECS(input);
        const ocsf = toOCSF(input);
        assert.deepEqual(JSON.parse(JSON.stringify(ecs)), ecs, 'ECS document survives JSON');
        assert.deepEqual(JSON.parse(JSON.stringify(ocsf)), ocsf, 'OCSF event survives JSON');
        assert.ok(!Number.isNaN(Date.parse(ecs['@timestamp'])));
        for (const value of Object.values(ecs.labels ?? {})) {
          assert.equal(typeof value, 'string');
          assert.ok(value.length <= ECS_LABEL_MAX_LENGTH);
        }
        assert.equal(ocsf.type_uid, ocsf.class_uid * 100 + ocsf.activity_id);
        assert.ok(Number.isInteger(ocsf.time));
        assert.ok([0, 1, 2].includes(ocsf.status_id));
        assert.ok(ocsf.severity_id >= 0 && ocsf.severity_id <= 6);
      }),
      { numRuns: 300 },
    );
  });
});
