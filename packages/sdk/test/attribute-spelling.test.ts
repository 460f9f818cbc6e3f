// Misspelled attribute keys at run time: strict mode rejects a key one or two typing mistakes
// away from a known key with a suggestion; the default mode keeps it and warns once.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { KNOWN_ATTRIBUTES } from '@secotel/semconv';
import { SecurityEventError, customAttributes, initSecurity, runWithSecurityScope, securityEvent, setUser } from '@secotel/sdk';
import { captureDiagErrors } from '../../../test/helpers/otlp-receiver.ts';
import { startTestTelemetry } from '../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../test/helpers/otel-sdk.ts';

let telemetry: TestTelemetry;
let diagnostics: { errors: string[]; warnings: string[] };

function last(): ReadableLogRecord {
  const records = telemetry.logs();
  const record = records[records.length - 1];
  assert.ok(record, 'expected a log record');
  return record;
}

/** An assertion for assert.throws: a SecurityEventError for `key` suggesting `suggestion`. */
function misspelling(key: string, suggestion: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SecurityEventError, String(error));
    assert.equal(error.code, 'SECOTEL_ERR_INVALID_ATTRIBUTE');
    assert.equal(error.message.includes(`"${key}": did you mean ${suggestion}?`), true, error.message);
    return true;
  };
}

before(async () => {
  diagnostics = await captureDiagErrors();
  telemetry = startTestTelemetry();
});
after(() => telemetry.shutdown());

describe('strict mode and misspelled attribute keys', () => {
  beforeEach(() => {
    initSecurity({ strict: true, thresholds: false });
    telemetry.logExporter?.reset();
  });

  it('rejects user.idd with "did you mean user.id?"', () => {
    assert.throws(() => securityEvent('authz_fail', customAttributes({ 'user.idd': 'alice' })), misspelling('user.idd', 'user.id'));
  });

  it('rejects swapped letters (clinet.address) and a missing letter (usr.id)', () => {
    assert.throws(() => securityEvent('authz_fail', customAttributes({ 'clinet.address': '192.0.2.1' })), misspelling('clinet.address', 'client.address'));
    assert.throws(() => securityEvent('authz_fail', customAttributes({ 'usr.id': 'alice' })), misspelling('usr.id', 'user.id'));
    assert.throws(() => securityEvent('authz_fail', customAttributes({ 'http.response.statuscode': 403 })), misspelling('http.response.statuscode', 'http.response.status_code'));
  });

  it('rejects a misspelled reserved field (mesage)', () => {
    assert.throws(() => securityEvent('authz_fail', customAttributes({ mesage: 'hello' })), misspelling('mesage', 'message'));
  });

  it('rejects a misspelled key given to setUser()', () => {
    assert.throws(() => runWithSecurityScope(() => setUser(customAttributes({ 'user.idd': 'alice' }))), misspelling('user.idd', 'user.id'));
  });

  it('accepts known keys, app.* keys, header attributes and keys far from every known key', () => {
    securityEvent('authz_fail', {
      'user.id': 'alice',
      'app.user_idd': 'x',
      'http.request.header.x-request-idd': 'r-1',
      ...customAttributes({ 'url.full': 'https://shop.example/orders/7', 'process.pid': 42, 'order.id': 'o-7' }),
    });
    const attributes = last().attributes;
    assert.equal(attributes['user.id'], 'alice');
    assert.equal(attributes['app.user_idd'], 'x');
    assert.equal(attributes['url.full'], 'https://shop.example/orders/7');
    assert.equal(attributes['order.id'], 'o-7');
  });

  it('rejects every key one typing mistake away from a known key, naming a known key', () => {
    // Keys the caller may give (secotel sets the others and rejects them for that reason first).
    const givable = KNOWN_ATTRIBUTES.filter((key) => !key.startsWith('security.chain.') && !key.startsWith('security.event.'));
    const known = new Set(KNOWN_ATTRIBUTES);
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_');
    const typo = fc
      .record({ key: fc.constantFrom(...givable), kind: fc.constantFrom('delete', 'insert', 'replace', 'swap'), at: fc.nat(), char: letter })
      .map(({ key, kind, at, char }) => {
        const i = at % key.length;
        if (kind === 'delete') return key.slice(0, i) + key.slice(i + 1);
        if (kind === 'insert') return key.slice(0, i) + char + key.slice(i);
        if (kind === 'replace') return key.slice(0, i) + char + key.slice(i + 1);
        return i + 1 < key.length ? key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2) : key.slice(0, -1);
      })
      // Still a well-formed key (else the key pattern rejects it, without a suggestion) and not known.
      .filter((key) => /^[a-z_][a-z0-9_]*(?:\.[a-z0-9_][a-z0-9_\-[\]$]*)*$/.test(key) && !known.has(key) && !key.startsWith('http.request.header.'));
    fc.assert(
      fc.property(typo, (key) => {
        assert.throws(() => securityEvent('authz_fail', customAttributes({ [key]: 'x' })), (error: unknown) => {
          assert.ok(error instanceof SecurityEventError);
          const suggested = /did you mean ([^?]+)\?/.exec(error.message)?.[1];
          assert.ok(suggested !== undefined && known.has(suggested), error.message);
          return true;
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('the default mode and misspelled attribute keys', () => {
  beforeEach(() => {
    initSecurity({ thresholds: false });
    telemetry.logExporter?.reset();
    diagnostics.warnings.length = 0;
  });

  it('keeps the attribute, emits the event and warns once through diag with the suggestion', () => {
    for (let i = 0; i < 3; i++) securityEvent('authz_fail', customAttributes({ 'clinet.address': '192.0.2.1' }));
    assert.equal(last().attributes['clinet.address'], '192.0.2.1');
    assert.equal(telemetry.logs().length, 3);
    const warnings = diagnostics.warnings.filter((w) => w.includes('clinet.address'));
    assert.equal(warnings.length, 1, JSON.stringify(diagnostics.warnings));
    assert.match(warnings[0] ?? '', /did you mean client\.address\?/);
  });

  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(diagnostics.errors, []);
  });
});
