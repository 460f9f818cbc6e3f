import {
  ATTR_SECURITY_EVENT_CATEGORY,
  ATTR_SECURITY_EVENT_COUNT,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_VALIDATION_RESULT,
  ATTRIBUTE_DEFINITIONS,
  type SecurityAttributeType,
} from './attributes.js';
import { SECURITY_EVENT_CATEGORIES } from './categories.js';
import { OWASP_LEVELS } from './levels.js';
import { SECURITY_EVENT_OUTCOMES } from './outcome.js';

type JsonSchema = { readonly [keyword: string]: unknown };

const SCHEMA_BY_TYPE: Readonly<Record<SecurityAttributeType, JsonSchema>> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  double: { type: 'number' },
  boolean: { type: 'boolean' },
  'string[]': { type: 'array', items: { type: 'string' } },
};

// Narrower than the attribute type where the value set is closed.
const SCHEMA_OVERRIDES: Readonly<Record<string, JsonSchema>> = {
  [ATTR_SECURITY_EVENT_CATEGORY]: { type: 'string', enum: [...SECURITY_EVENT_CATEGORIES] },
  [ATTR_SECURITY_EVENT_OUTCOME]: { type: 'string', enum: [...SECURITY_EVENT_OUTCOMES] },
  [ATTR_SECURITY_EVENT_ID]: { type: 'string', minLength: 1 },
  [ATTR_SECURITY_EVENT_COUNT]: { type: 'integer', minimum: 1 },
  [ATTR_SECURITY_VALIDATION_RESULT]: { type: 'string', enum: ['passed', 'incomplete', 'failed'] },
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const attributeProperties: Record<string, JsonSchema> = {};
for (const attribute of ATTRIBUTE_DEFINITIONS) {
  attributeProperties[attribute.name] = {
    description: attribute.description,
    ...(SCHEMA_OVERRIDES[attribute.name] ?? SCHEMA_BY_TYPE[attribute.type]),
  };
}

/**
 * JSON Schema (draft 2020-12) of an exported security event record
 * ({@link SecurityEventRecord} serialised as JSON). Also published as
 * `@secotel/semconv/schema/security-event.schema.json`. Frozen.
 */
export const securityEventJsonSchema: object = deepFreeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'secotel security event record',
  description:
    'A security event as exported by secotel: an OpenTelemetry log record named security.<event>, whose attributes follow @secotel/semconv.',
  type: 'object',
  required: ['eventName', 'attributes'],
  anyOf: [{ required: ['timeUnixNano'] }, { required: ['timestamp'] }],
  properties: {
    eventName: {
      description: 'Event name as emitted, e.g. security.authn_login_fail.',
      type: 'string',
      pattern: '^security\\.[a-z][a-z0-9_]*$',
    },
    timeUnixNano: {
      description: 'Time of the event in nanoseconds since the Unix epoch.',
      anyOf: [
        { type: 'string', pattern: '^[0-9]+$' },
        { type: 'integer', minimum: 0 },
      ],
    },
    timestamp: {
      description: 'Time of the event: ISO 8601 string or milliseconds since the Unix epoch.',
      anyOf: [{ type: 'string', format: 'date-time' }, { type: 'number' }],
    },
    severityText: { description: 'OWASP level.', type: 'string', enum: [...OWASP_LEVELS] },
    severityNumber: { description: 'OpenTelemetry SeverityNumber.', type: 'integer', minimum: 1, maximum: 24 },
    body: { description: 'Human-readable message.' },
    attributes: {
      type: 'object',
      required: [ATTR_SECURITY_EVENT_CATEGORY, ATTR_SECURITY_EVENT_OUTCOME, ATTR_SECURITY_EVENT_ID],
      properties: attributeProperties,
      additionalProperties: { $ref: '#/$defs/attributeValue' },
    },
    traceId: { description: 'W3C trace id.', type: 'string', pattern: '^[0-9a-f]{32}$' },
    spanId: { description: 'W3C span id.', type: 'string', pattern: '^[0-9a-f]{16}$' },
    resource: { description: 'Resource attributes, e.g. service.name.', type: 'object' },
  },
  additionalProperties: false,
  $defs: {
    attributeValue: {
      description: 'An OpenTelemetry attribute value: a primitive or an array of primitives.',
      anyOf: [
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'array', items: { type: ['string', 'number', 'boolean', 'null'] } },
      ],
    },
  },
});
