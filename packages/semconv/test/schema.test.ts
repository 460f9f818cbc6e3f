import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KNOWN_ATTRIBUTES, SECURITY_EVENTS, securityEventJsonSchema, securityEventName } from '@secotel/semconv';
import { type Schema, validate } from './helpers/json-schema.ts';

const schema = securityEventJsonSchema as Schema;
const check = (value: unknown): string[] => validate(schema, value, schema);

const goodRecord = {
  eventName: 'security.authn_login_fail',
  timeUnixNano: '1735689600123456789',
  severityText: 'WARN',
  severityNumber: 13,
  body: 'User joebob1 login failed',
  attributes: {
    'security.event.category': 'authn',
    'security.event.outcome': 'failure',
    'security.event.id': 'e-1',
    'user.id': 'joebob1',
    'user.roles': ['user'],
    'client.address': '165.225.50.94',
    'client.port': 51234,
    'http.response.status_code': 401,
    'app.tenant': 'acme',
  },
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  resource: { 'service.name': 'netportal-auth' },
};

function withChange(change: (record: Record<string, unknown> & { attributes: Record<string, unknown> }) => void): unknown {
  const record = structuredClone(goodRecord) as Record<string, unknown> & { attributes: Record<string, unknown> };
  change(record);
  return record;
}

describe('the security event JSON Schema', () => {
  it('is the file published in schema/security-event.schema.json', () => {
    const file = readFileSync(join(import.meta.dirname, '..', 'schema', 'security-event.schema.json'), 'utf8');
    assert.deepEqual(JSON.parse(file), securityEventJsonSchema);
    assert.equal(file, `${JSON.stringify(securityEventJsonSchema, null, 2)}\n`, 'regenerate with node packages/semconv/scripts/write-schema.mjs');
  });

  it('is a frozen draft 2020-12 schema', () => {
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema');
    assert.ok(Object.isFrozen(schema));
    assert.ok(Object.isFrozen(schema['properties']));
  });

  it('describes every known attribute', () => {
    const attributes = (schema['properties'] as Record<string, Schema>)['attributes'] as Schema;
    assert.deepEqual(Object.keys(attributes['properties'] as object).sort(), [...KNOWN_ATTRIBUTES].sort());
  });

  it('accepts a well-formed record', () => {
    assert.deepEqual(check(goodRecord), []);
  });

  it('accepts a record timed with an ISO timestamp and no optional fields', () => {
    const minimal = {
      eventName: 'security.http_access',
      timestamp: '2025-01-01T00:00:00Z',
      attributes: { 'security.event.category': 'audit', 'security.event.outcome': 'unknown', 'security.event.id': 'x' },
    };
    assert.deepEqual(check(minimal), []);
  });

  it('accepts every catalogue event name as emitted', () => {
    for (const name of Object.keys(SECURITY_EVENTS)) {
      assert.deepEqual(check(withChange((record) => (record['eventName'] = securityEventName(name)))), [], name);
    }
  });

  const bad: readonly [string, (record: Record<string, unknown> & { attributes: Record<string, unknown> }) => void][] = [
    ['an event name without the security. prefix', (record) => (record['eventName'] = 'authn_login_fail')],
    ['an event name in upper case', (record) => (record['eventName'] = 'security.AUTHN_login_fail')],
    ['a severity that is not an OWASP level', (record) => (record['severityText'] = 'ERROR')],
    ['a severity number out of range', (record) => (record['severityNumber'] = 25)],
    ['no time at all', (record) => delete record['timeUnixNano']],
    ['a time that is not a number of nanoseconds', (record) => (record['timeUnixNano'] = '2025-01-01')],
    ['a missing event id', (record) => delete record.attributes['security.event.id']],
    ['a missing category', (record) => delete record.attributes['security.event.category']],
    ['an unknown category', (record) => (record.attributes['security.event.category'] = 'login')],
    ['an outcome outside success, failure, unknown', (record) => (record.attributes['security.event.outcome'] = 'denied')],
    ['a port that is not an integer', (record) => (record.attributes['client.port'] = '443')],
    ['roles that are not a string array', (record) => (record.attributes['user.roles'] = 'admin')],
    ['a custom attribute holding an object', (record) => (record.attributes['app.tenant'] = { id: 1 })],
    ['a malformed trace id', (record) => (record['traceId'] = 'xyz')],
    ['an unexpected top-level field', (record) => (record['level'] = 'WARN')],
    ['no attributes', (record) => delete (record as Record<string, unknown>)['attributes']],
  ];
  for (const [what, change] of bad) {
    it(`rejects a record with ${what}`, () => {
      assert.notDeepEqual(check(withChange(change)), []);
    });
  }

  it('rejects any event name that does not look like security.<lower_snake_case>', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        const valid = /^security\.[a-z][a-z0-9_]*$/.test(name);
        assert.equal(check(withChange((record) => (record['eventName'] = name))).length === 0, valid);
      }),
    );
  });
});
