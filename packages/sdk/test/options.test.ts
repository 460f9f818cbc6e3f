import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLD_RULES, resolveSecurityOptions } from '@secotel/sdk';

describe('resolveSecurityOptions', () => {
  it('has safe defaults', () => {
    const options = resolveSecurityOptions({}, {});
    assert.equal(options.strict, false);
    assert.equal(options.spanEvents, false);
    assert.equal(options.metrics, true);
    assert.equal(options.hashUserId, false);
    assert.equal(options.hashSessionId, true);
    assert.equal(options.thresholds, DEFAULT_THRESHOLD_RULES);
    assert.equal(options.thresholdMaxKeys, 10_000);
  });

  it('reads the SECOTEL_* environment variables', () => {
    const options = resolveSecurityOptions({}, {
      SECOTEL_STRICT: 'true',
      SECOTEL_SPAN_EVENTS: 'true',
      SECOTEL_HASH_USER_ID: '1',
      SECOTEL_HASH_KEY: 'key',
      SECOTEL_LOGIN_FAIL_THRESHOLD: '10/60s',
      SECOTEL_THRESHOLD_MAX_KEYS: '500',
      SECOTEL_REDACT_KEYS: 'pin, otp',
    });
    assert.equal(options.strict, true);
    assert.equal(options.spanEvents, true);
    assert.equal(options.hashUserId, true);
    assert.equal(options.hashKey, 'key');
    assert.equal(options.thresholds[0]?.count, 10);
    assert.equal(options.thresholds[0]?.windowMs, 60_000);
    assert.equal(options.thresholdMaxKeys, 500);
    assert.deepEqual(options.redaction.sensitiveKeys, ['pin', 'otp']);
  });

  it('lets code override the environment', () => {
    const options = resolveSecurityOptions({ strict: false, thresholds: false }, { SECOTEL_STRICT: 'true', SECOTEL_LOGIN_FAIL_THRESHOLD: '10/60s' });
    assert.equal(options.strict, false);
    assert.deepEqual(options.thresholds, []);
  });

  it('turns the login threshold off with SECOTEL_LOGIN_FAIL_THRESHOLD=off', () => {
    assert.deepEqual(resolveSecurityOptions({}, { SECOTEL_LOGIN_FAIL_THRESHOLD: 'off' }).thresholds, []);
  });

  it('names the variable and the expected form in its errors', () => {
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_STRICT: 'maybe' }), { code: 'SECOTEL_ERR_INVALID_OPTION', message: /SECOTEL_STRICT=maybe/ });
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_LOGIN_FAIL_THRESHOLD: '5 per minute' }), { message: /COUNT\/DURATION/ });
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_THRESHOLD_MAX_KEYS: 'many' }), { message: /SECOTEL_THRESHOLD_MAX_KEYS/ });
  });
});
