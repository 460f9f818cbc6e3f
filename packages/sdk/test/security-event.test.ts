import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import {
  REDACTED,
  SecurityEventError,
  initSecurity,
  registerSecurityEvent,
  runWithSecurityScope,
  customAttributes,
  securityEvent,
  setUser,
  uncheckedEventName,
} from '@secotel/sdk';
import { captureDiagErrors } from '../../../test/helpers/otlp-receiver.ts';
import { startTestTelemetry } from '../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../test/helpers/otel-sdk.ts';

// The application's own event, typed the documented way (see registerSecurityEvent below).
declare module '@secotel/sdk' {
  interface SecurityEventRegistry {
    payment_refund_denied: true;
  }
}

let telemetry: TestTelemetry;
let diagnostics: { errors: string[]; warnings: string[] };


before(async () => {
  diagnostics = await captureDiagErrors();
  telemetry = startTestTelemetry();
});
after(() => telemetry.shutdown());

describe('securityEvent()', () => {
  beforeEach(() => {
    initSecurity({ thresholds: false });
    telemetry.logExporter?.reset();
    telemetry.spanExporter?.reset();
    diagnostics.errors.length = 0;
    diagnostics.warnings.length = 0;
  });

  it('emits one log record with the OWASP name, level, category, outcome and fields', () => {
    const id = securityEvent('authn_login_fail', {
      'user.id': 'alice',
      'client.address': '192.168.0.1',
      message: 'Failed login attempt from 192.168.0.1',
    });
    assert.equal(telemetry.logs().length, 1);
    const record = telemetry.lastLog();
    assert.equal(record.eventName, 'security.authn_login_fail');
    assert.equal(record.severityText, 'WARN');
    assert.equal(record.severityNumber, 13);
    assert.equal(record.body, 'Failed login attempt from 192.168.0.1');
    assert.equal(record.attributes['user.id'], 'alice');
    assert.equal(record.attributes['client.address'], '192.168.0.1');
    assert.equal(record.attributes['security.event.category'], 'authn');
    assert.equal(record.attributes['security.event.outcome'], 'failure');
    assert.equal(record.attributes['security.event.id'], id);
    assert.match(String(id), /^[0-9a-f-]{36}:[1-9][0-9]*$/, "the chain is on by default: <stream>:<seq>");
    assert.equal(record.instrumentationScope.name, '@secotel/sdk');
    assert.deepEqual(diagnostics.errors, []);
  });

  it('accepts the name with or without the security. prefix', () => {
    securityEvent('security.authz_fail', { 'user.id': 'bob' });
    assert.equal(telemetry.lastLog().eventName, 'security.authz_fail');
    assert.equal(telemetry.lastLog().attributes['security.event.category'], 'authz');
  });

  it('gives every event a unique id', () => {
    const ids = new Set<string | undefined>();
    for (let i = 0; i < 100; i++) ids.add(securityEvent('session_created'));
    assert.equal(ids.size, 100);
  });

  it('maps OWASP levels to severity numbers INFO=9, WARN=13, CRITICAL=17', () => {
    securityEvent('authn_login_success', { 'user.id': 'a' });
    assert.deepEqual([telemetry.lastLog().severityText, telemetry.lastLog().severityNumber], ['INFO', 9]);
    securityEvent('authz_fail', { 'user.id': 'a' });
    assert.deepEqual([telemetry.lastLog().severityText, telemetry.lastLog().severityNumber], ['CRITICAL', 17]);
  });

  it('lets message, outcome and severity be overridden', () => {
    securityEvent('authn_login_success', { message: 'hello', outcome: 'failure', severity: 'CRITICAL' });
    const record = telemetry.lastLog();
    assert.equal(record.body, 'hello');
    assert.equal(record.attributes['security.event.outcome'], 'failure');
    assert.deepEqual([record.severityText, record.severityNumber], ['CRITICAL', 17]);
    assert.equal(record.attributes.message, undefined, 'message is the body, not an attribute');
  });

  it('uses the catalogue description as the body when no message is given', () => {
    securityEvent('sys_startup');
    assert.equal(typeof telemetry.lastLog().body, 'string');
    assert.ok(String(telemetry.lastLog().body).length > 0);
  });

  /** Emits authz_fail inside a new active span; checks the record carries that span; returns the span. */
  function emitInSpan(): ReadableSpan | undefined {
    let traceId = '';
    let spanId = '';
    trace.getTracer('test').startActiveSpan('request', (span) => {
      traceId = span.spanContext().traceId;
      spanId = span.spanContext().spanId;
      securityEvent('authz_fail', { 'user.id': 'mallory' });
      span.end();
    });
    const record = telemetry.lastLog();
    assert.equal(record.spanContext?.traceId, traceId);
    assert.equal(record.spanContext?.spanId, spanId);
    const spans = telemetry.spanExporter?.getFinishedSpans() ?? [];
    assert.equal(spans.length, 1);
    return spans[0];
  }

  /** Runs `fn` with SECOTEL_SPAN_EVENTS set to `value` (or unset), then restores what it was. */
  function withSpanEventsEnv(value: string | undefined, fn: () => void): void {
    const before = process.env.SECOTEL_SPAN_EVENTS;
    if (value === undefined) delete process.env.SECOTEL_SPAN_EVENTS;
    else process.env.SECOTEL_SPAN_EVENTS = value;
    try {
      fn();
    } finally {
      if (before === undefined) delete process.env.SECOTEL_SPAN_EVENTS;
      else process.env.SECOTEL_SPAN_EVENTS = before;
    }
  }

  it('carries the active trace context, and by default adds no span event', () => {
    withSpanEventsEnv(undefined, () => {
      initSecurity({ thresholds: false });
      assert.equal(emitInSpan()?.events.length, 0);
    });
  });

  it('adds a span event to the active span with spanEvents: true', () => {
    initSecurity({ thresholds: false, spanEvents: true });
    const event = emitInSpan()?.events.find((e) => e.name === 'security.authz_fail');
    assert.ok(event, 'span event added');
    assert.equal(event.attributes?.['user.id'], 'mallory');
  });

  it('keeps the span event and the threshold counting when the log pipeline throws', () => {
    const attempts: string[] = [];
    const loggerProvider: LoggerProvider = {
      getLogger: () => ({
        emit(record): void {
          attempts.push(String(record.eventName));
          throw new Error('a log processor broke');
        },
        enabled: () => true,
      }),
    };
    initSecurity({ loggerProvider, spanEvents: true, thresholds: [{ event: 'authn_login_fail', by: ['user.id'], count: 2, windowMs: 60_000, emit: 'authn_login_fail_max' }] });
    const ids: (string | undefined)[] = [];
    trace.getTracer('test').startActiveSpan('POST /login', (span) => {
      for (let i = 0; i < 2; i++) ids.push(securityEvent('authn_login_fail', { 'user.id': 'alice' }));
      span.end();
    });
    // No record went out, and the caller is told so; the app was not.
    assert.deepEqual(ids, [undefined, undefined]);
    assert.ok(diagnostics.errors.some((e) => e.includes('could not be emitted') && e.includes('a log processor broke')), diagnostics.errors.join('\n'));
    // The second failure still reached the threshold: the aggregate event was attempted too.
    assert.deepEqual(attempts, ['security.authn_login_fail', 'security.authn_login_fail', 'security.authn_login_fail_max']);
    const span = telemetry.spanExporter?.getFinishedSpans()[0];
    assert.equal(span?.events.filter((e) => e.name === 'security.authn_login_fail').length, 2);
  });

  it('adds span events when SECOTEL_SPAN_EVENTS=true, and none when an explicit option turns them off', () => {
    withSpanEventsEnv('true', () => {
      initSecurity({ thresholds: false });
      assert.equal(emitInSpan()?.events.length, 1);
      telemetry.spanExporter?.reset();
      telemetry.logExporter?.reset();
      initSecurity({ thresholds: false, spanEvents: false });
    });
    assert.equal(emitInSpan()?.events.length, 0);
    assert.equal(telemetry.logs().length, 1);
  });

  it('redacts secrets in the message and in attributes before they leave the process', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    securityEvent('authn_login_fail', {
      message: `login failed password=hunter2 token ${jwt} card 4111 1111 1111 1111`,
      ...customAttributes({ password: 'hunter2' }),
      'http.request.header.authorization': 'Bearer abc.def.ghi',
      'app.note': `Bearer sk_live_${'a'.repeat(24)}`,
    });
    const record = telemetry.lastLog();
    const wire = JSON.stringify({ body: record.body, attributes: record.attributes });
    for (const secret of ['hunter2', jwt, '4111 1111 1111 1111', 'abc.def.ghi', 'sk_live_']) {
      assert.ok(!wire.includes(secret), `${secret} leaked: ${wire}`);
    }
    assert.equal(record.attributes.password, REDACTED);
  });

  it('escapes CR and LF so a message cannot forge a second log line', () => {
    securityEvent('input_validation_fail', { message: 'bad input\r\n2026-01-01 INFO admin logged in', 'url.path': '/a\nb' });
    const record = telemetry.lastLog();
    assert.ok(!/[\r\n]/.test(String(record.body)));
    assert.ok(String(record.body).includes('\\r\\n'));
    assert.ok(!String(record.attributes['url.path']).includes('\n'));
  });

  it('replaces session.id with a keyed hash that stays stable within the configuration', () => {
    initSecurity({ thresholds: false, hashKey: 'k1' });
    securityEvent('session_created', { 'session.id': 's3cr3t-session' });
    const first = String(telemetry.lastLog().attributes['session.id']);
    securityEvent('session_expired', { 'session.id': 's3cr3t-session' });
    const second = String(telemetry.lastLog().attributes['session.id']);
    assert.match(first, /^hmac-sha256:[0-9a-f]{32}$/);
    assert.equal(first, second);
    initSecurity({ thresholds: false, hashKey: 'k2' });
    securityEvent('session_created', { 'session.id': 's3cr3t-session' });
    assert.notEqual(String(telemetry.lastLog().attributes['session.id']), first);
  });

  it('hashes user.id only when asked to', () => {
    securityEvent('authn_login_success', { 'user.id': 'alice' });
    assert.equal(telemetry.lastLog().attributes['user.id'], 'alice');
    initSecurity({ thresholds: false, hashUserId: true, hashKey: 'k' });
    securityEvent('authn_login_success', { 'user.id': 'alice' });
    assert.match(String(telemetry.lastLog().attributes['user.id']), /^hmac-sha256:/);
  });

  it('truncates over-long values with a marker', () => {
    securityEvent('input_validation_fail', { 'url.query': 'q='.padEnd(100_000, 'x') });
    const value = String(telemetry.lastLog().attributes['url.query']);
    assert.ok(value.length < 10_000, `length ${value.length}`);
    assert.match(value, /truncated/);
  });

  it('emits unknown names with category custom and warns once through diag', () => {
    securityEvent(uncheckedEventName('my_app_event'));
    securityEvent(uncheckedEventName('my_app_event'));
    assert.equal(telemetry.logs().length, 2);
    assert.equal(telemetry.lastLog().attributes['security.event.category'], 'custom');
    assert.equal(telemetry.lastLog().eventName, 'security.my_app_event');
    assert.equal(diagnostics.warnings.filter((w) => w.includes('my_app_event')).length, 1);
  });

  it('emits registered application events with their own category and level', () => {
    registerSecurityEvent('payment_refund_denied', { category: 'payment', level: 'WARN', description: 'A refund was refused', outcome: 'failure' });
    securityEvent('payment_refund_denied', { 'user.id': 'carol' });
    const record = telemetry.lastLog();
    assert.equal(record.attributes['security.event.category'], 'payment');
    assert.equal(record.attributes['security.event.outcome'], 'failure');
    assert.equal(record.severityText, 'WARN');
  });

  it('refuses to register a catalogue name or an invalid definition', () => {
    assert.throws(() => registerSecurityEvent('authn_login_fail', { category: 'authn', level: 'WARN', description: '' }), SecurityEventError);
    assert.throws(() => registerSecurityEvent('Bad Name', { category: 'x', level: 'WARN', description: '' }), { code: 'SECOTEL_ERR_INVALID_EVENT_NAME' });
    assert.throws(() => registerSecurityEvent('ok_name', { category: 'x', level: 'LOUD' as 'WARN', description: '' }), { code: 'SECOTEL_ERR_INVALID_OPTION' });
  });

  it('never throws in the default mode, whatever it is given', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const inputs: unknown[][] = [
      [undefined],
      [42],
      ['Bad Name!'],
      ['authn_login_fail', 'not an object'],
      ['authn_login_fail', { 'Bad Key\n': 'x', 'user.id': Symbol('s'), 'app.fn': () => 1, 'app.cyclic': cyclic, 'app.big': 10n }],
      ['authn_login_fail', { outcome: 'maybe', severity: 'LOUD' }],
      ['authn_login_fail', { 'security.event.category': 'spoofed' }],
    ];
    for (const args of inputs) {
      assert.doesNotThrow(() => (securityEvent as (...a: unknown[]) => unknown)(...args), `securityEvent(${String(args[0])})`);
    }
    const spoofed = telemetry.logs().find((r) => r.attributes['security.event.category'] === 'spoofed');
    assert.equal(spoofed, undefined, 'callers cannot overwrite the category secotel sets');
  });

  it('throws a typed SecurityEventError in strict mode', () => {
    initSecurity({ strict: true, thresholds: false });
    // @ts-expect-error an invalid name is a compile error too
    assert.throws(() => securityEvent('Bad Name!'), (error: unknown) => error instanceof SecurityEventError && error.code === 'SECOTEL_ERR_INVALID_EVENT_NAME');
    // @ts-expect-error a misspelled name is a compile error too
    assert.throws(() => securityEvent('authn_login_fial'), { code: 'SECOTEL_ERR_UNKNOWN_EVENT_NAME', message: /registerSecurityEvent/ });
    // @ts-expect-error an invalid key is a compile error too
    assert.throws(() => securityEvent('authn_login_fail', { 'Bad Key': 'x' }), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' });
    assert.throws(() => securityEvent('authn_login_fail', { outcome: 'maybe' as 'success' }), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' });
    assert.throws(() => securityEvent('authn_login_fail', { 'app.fn': (() => 1) as unknown as string }), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' });
    assert.doesNotThrow(() => securityEvent('authn_login_fail', { 'user.id': 'ok' }));
  });

  it('refuses a __proto__ key instead of letting it change the attribute object (JSON from a request)', () => {
    const fields = JSON.parse('{"__proto__":["x"],"user.id":"alice"}') as Record<string, unknown>;
    securityEvent('authn_login_fail', customAttributes(fields as never));
    const record = telemetry.lastLog();
    assert.equal(record.attributes['user.id'], 'alice');
    assert.equal(Object.hasOwn(record.attributes, '__proto__'), false);
    assert.ok(diagnostics.warnings.some((w) => w.includes('__proto__')), 'reported through diag');
    initSecurity({ strict: true, thresholds: false });
    assert.throws(() => securityEvent('authn_login_fail', customAttributes(fields as never)), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE', message: /__proto__/ });
    assert.throws(() => runWithSecurityScope(() => setUser(JSON.parse('{"__proto__":"x"}') as never)), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' });
  });

  it('rejects invalid options with a clear error', () => {
    assert.throws(() => initSecurity({ thresholdMaxKeys: 0 }), { code: 'SECOTEL_ERR_INVALID_OPTION', message: /thresholdMaxKeys/ });
    assert.throws(() => initSecurity({ thresholds: [{ event: 'a', by: [], count: 1, windowMs: 1, emit: 'b' }] }), { code: 'SECOTEL_ERR_INVALID_OPTION' });
  });
});

describe('setUser()', () => {
  beforeEach(() => {
    initSecurity({ thresholds: false });
    telemetry.logExporter?.reset();
  });

  it('adds the user to every later event of the same request scope, and only that one', async () => {
    await Promise.all([
      runWithSecurityScope(async () => {
        setUser({ 'user.id': 'alice', 'user.roles': ['admin'] });
        await new Promise((resolve) => setTimeout(resolve, 5));
        securityEvent('sensitive_read', { 'app.resource': 'payroll' });
      }),
      runWithSecurityScope(async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        securityEvent('sensitive_read', { 'app.resource': 'wiki' });
      }),
    ]);
    const payroll = telemetry.logs().find((r) => r.attributes['app.resource'] === 'payroll');
    const wiki = telemetry.logs().find((r) => r.attributes['app.resource'] === 'wiki');
    assert.equal(payroll?.attributes['user.id'], 'alice');
    assert.deepEqual(payroll?.attributes['user.roles'], ['admin']);
    assert.equal(wiki?.attributes['user.id'], undefined);
  });

  it('lets an explicit field win over the scope user and forgets the user with null', () => {
    runWithSecurityScope(() => {
      setUser({ 'user.id': 'alice' });
      securityEvent('authz_fail', { 'user.id': 'bob' });
      assert.equal(telemetry.lastLog().attributes['user.id'], 'bob');
      setUser(null);
      securityEvent('authz_fail');
      assert.equal(telemetry.lastLog().attributes['user.id'], undefined);
    });
  });

  it('sets user.id on the active span', () => {
    trace.getTracer('test').startActiveSpan('request', (span) => {
      runWithSecurityScope(() => setUser({ 'user.id': 'dave' }));
      span.end();
    });
    const spans = telemetry.spanExporter?.getFinishedSpans() ?? [];
    assert.equal(spans[spans.length - 1]?.attributes['user.id'], 'dave');
  });

  it('rejects keys that are not user attributes', () => {
    initSecurity({ strict: true, thresholds: false });
    assert.throws(() => runWithSecurityScope(() => setUser({ 'client.address': '1.2.3.4' } as never)), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' });
  });
});

describe('levels that depend on the outcome', () => {
  beforeEach(() => {
    initSecurity({ thresholds: false });
    telemetry.logExporter?.reset();
  });

  it('reports a passed upload scan as INFO and a failed one as CRITICAL, as the vocabulary says', () => {
    securityEvent('upload_validation', { outcome: 'success' });
    assert.equal(telemetry.lastLog().severityText, 'INFO');
    securityEvent('upload_validation', { outcome: 'failure' });
    assert.equal(telemetry.lastLog().severityText, 'CRITICAL');
    securityEvent('upload_validation', { outcome: 'success', severity: 'WARN' });
    assert.equal(telemetry.lastLog().severityText, 'WARN', 'an explicit severity still wins');
  });
});
