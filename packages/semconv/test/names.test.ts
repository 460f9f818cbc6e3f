import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  SECURITY_EVENT_NAME_PREFIX,
  SECURITY_EVENTS,
  SEVERITY_NUMBER_BY_LEVEL,
  getSecurityEventDefinition,
  isSecurityEventName,
  securityEventName,
} from '@secotel/semconv';

const names = Object.keys(SECURITY_EVENTS);

describe('event names', () => {
  it('are emitted with the security. prefix', () => {
    assert.equal(SECURITY_EVENT_NAME_PREFIX, 'security.');
    assert.equal(securityEventName('authn_login_fail'), 'security.authn_login_fail');
  });

  it('are not prefixed twice', () => {
    assert.equal(securityEventName('security.authn_login_fail'), 'security.authn_login_fail');
  });

  it('find their definition in both the bare and the emitted form', () => {
    const definition = getSecurityEventDefinition('authn_login_fail');
    assert.equal(definition, SECURITY_EVENTS.authn_login_fail);
    assert.equal(getSecurityEventDefinition('security.authn_login_fail'), definition);
  });

  it('find no definition outside the catalogue', () => {
    assert.equal(getSecurityEventDefinition('my_custom_event'), undefined);
    assert.equal(getSecurityEventDefinition('security.'), undefined);
    assert.equal(getSecurityEventDefinition('security.security.authn_login_fail'), undefined);
    assert.equal(getSecurityEventDefinition('constructor'), undefined);
    assert.equal(getSecurityEventDefinition('__proto__'), undefined);
  });

  it('are recognised as catalogue names only in the bare form', () => {
    assert.equal(isSecurityEventName('authn_login_fail'), true);
    assert.equal(isSecurityEventName('http_access'), true);
    assert.equal(isSecurityEventName('security.authn_login_fail'), false);
    assert.equal(isSecurityEventName('toString'), false);
    assert.equal(isSecurityEventName('__proto__'), false);
  });

  it('resolve every catalogue name either way', () => {
    for (const name of names) {
      assert.equal(isSecurityEventName(name), true, name);
      assert.equal(getSecurityEventDefinition(securityEventName(name))?.name, name);
    }
  });

  it('resolve to the same definition with or without the prefix, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...names), fc.string()), (name) => {
        assert.equal(getSecurityEventDefinition(securityEventName(name)), getSecurityEventDefinition(name));
        assert.equal(securityEventName(securityEventName(name)), securityEventName(name));
      }),
    );
  });
});

describe('severity numbers', () => {
  it('follow the OpenTelemetry SeverityNumber ranges', () => {
    assert.deepEqual({ ...SEVERITY_NUMBER_BY_LEVEL }, { INFO: 9, WARN: 13, CRITICAL: 17 });
    assert.ok(Object.isFrozen(SEVERITY_NUMBER_BY_LEVEL));
  });
});
