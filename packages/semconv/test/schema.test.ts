import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KNOWN_ATTRIBUTES, SECURITY_EVENTS, securityEventJsonSchema, securityEventName } from '@secotel/semconv';

type Schema = { readonly [keyword: string]: unknown };

// A small validator for the JSON Schema keywords the secotel schema uses. Unknown keywords are
// refused so that a schema change outgrowing it fails here instead of silently passing.
const SUPPORTED = new Set([
  '$schema', '$ref', '$defs', 'title', 'description', 'type', 'enum', 'pattern', 'format', 'required', 'properties',
  'additionalProperties', 'items', 'minLength', 'minimum', 'maximum', 'anyOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function validate(schema: Schema, value: unknown, root: Schema, path = '$'): string[] {
  for (const keyword of Object.keys(schema)) if (!SUPPORTED.has(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path}`);
  if (typeof schema['$ref'] === 'string') {
    const name = schema['$ref'].replace('#/$defs/', '');
    return validate((root['$defs'] as Record<string, Schema>)[name] as Schema, value, root, path);
  }
  const errors: string[] = [];
  const type = schema['type'];
  if (type !== undefined) {
    const types = Array.isArray(type) ? (type as string[]) : [type as string];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) return [`${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: not one of ${JSON.stringify(schema['enum'])}`);
  if (typeof value === 'string') {
    if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) errors.push(`${path}: does not match ${schema['pattern']}`);
    if (typeof schema['minLength'] === 'number' && value.length < schema['minLength']) errors.push(`${path}: too short`);
    if (schema['format'] === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
  }
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: below ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: above ${schema['maximum']}`);
  }
  if (Array.isArray(value) && schema['items'] !== undefined) {
    value.forEach((item, index) => errors.push(...validate(schema['items'] as Schema, item, root, `${path}[${index}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of (schema['required'] as string[] | undefined) ?? []) if (!Object.hasOwn(object, key)) errors.push(`${path}: missing ${key}`);
    const properties = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [key, child] of Object.entries(object)) {
      const propertySchema = properties[key];
      if (propertySchema !== undefined) errors.push(...validate(propertySchema, child, root, `${path}.${key}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unexpected ${key}`);
      else if (typeof schema['additionalProperties'] === 'object') {
        errors.push(...validate(schema['additionalProperties'] as Schema, child, root, `${path}.${key}`));
      }
    }
  }
  if (Array.isArray(schema['anyOf']) && !(schema['anyOf'] as Schema[]).some((option) => validate(option, value, root, path).length === 0)) {
    errors.push(`${path}: matches none of anyOf`);
  }
  return errors;
}

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
