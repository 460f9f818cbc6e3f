import { OCSF_SCHEMA_VERSION } from './ocsfMapping.js';

type JsonSchema = { readonly [keyword: string]: unknown };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const string: JsonSchema = { type: 'string' };
const nonEmpty: JsonSchema = { type: 'string', minLength: 1 };
const integer: JsonSchema = { type: 'integer' };

const user: JsonSchema = {
  type: 'object',
  properties: { uid: string, name: string, email_addr: string },
  additionalProperties: false,
};

const endpoint: JsonSchema = {
  type: 'object',
  properties: { ip: string, hostname: string, port: { type: 'integer', minimum: 0, maximum: 65535 }, svc_name: string },
  additionalProperties: false,
};

// OCSF 1.9.0 `fingerprint`: algorithm_id and value are required.
const fingerprint: JsonSchema = {
  description: 'OCSF fingerprint. secotel: the HMAC-SHA256 (lower-case hex) of the record, algorithm_id 99 (Other), algorithm HMAC-SHA256.',
  type: 'object',
  required: ['algorithm_id', 'value'],
  properties: {
    algorithm_id: { type: 'integer', minimum: 0 },
    algorithm: string,
    value: nonEmpty,
  },
  additionalProperties: false,
};

/**
 * JSON Schema (draft 2020-12) of what {@link toOCSF} produces: the subset of OCSF 1.9.0 that
 * secotel fills, including the record_integrity profile's `attestation_list`. Stricter than
 * OCSF where secotel is (no attribute secotel does not write); not a replacement for the OCSF
 * schema server's validation. Also published as
 * `@secotel/semconv/schema/ocsf-event.schema.json`. Frozen.
 */
export const ocsfEventJsonSchema: object = deepFreeze({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: `secotel OCSF ${OCSF_SCHEMA_VERSION} event`,
  description: `A secotel security event converted by toOCSF(): an OCSF ${OCSF_SCHEMA_VERSION} event of the class the catalogue maps it to.`,
  type: 'object',
  required: [
    'class_uid', 'class_name', 'category_uid', 'category_name', 'activity_id', 'activity_name', 'type_uid', 'type_name',
    'time', 'severity_id', 'severity', 'status_id', 'status', 'message', 'metadata',
  ],
  properties: {
    class_uid: { type: 'integer', minimum: 0 },
    class_name: nonEmpty,
    category_uid: { type: 'integer', minimum: 0 },
    category_name: nonEmpty,
    activity_id: { type: 'integer', minimum: 0, maximum: 99 },
    activity_name: nonEmpty,
    type_uid: { description: 'class_uid * 100 + activity_id.', type: 'integer', minimum: 0 },
    type_name: nonEmpty,
    time: { description: 'Milliseconds since the Unix epoch.', type: 'integer' },
    severity_id: { type: 'integer', enum: [0, 1, 2, 3, 4, 5, 6, 99] },
    severity: { type: 'string', enum: ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical', 'Fatal', 'Other'] },
    status_id: { type: 'integer', enum: [0, 1, 2, 99] },
    status: string,
    status_detail: string,
    message: string,
    count: { description: 'Occurrences the event stands for (secotel: security.event.count, set on summaries).', type: 'integer', minimum: 1 },
    metadata: {
      type: 'object',
      required: ['version', 'product'],
      properties: {
        version: { type: 'string', enum: [OCSF_SCHEMA_VERSION] },
        product: {
          type: 'object',
          required: ['name', 'vendor_name'],
          properties: { name: string, vendor_name: string },
          additionalProperties: false,
        },
        event_code: string,
        log_name: string,
        uid: nonEmpty,
        correlation_uid: { description: 'The W3C trace id.', type: 'string', pattern: '^[0-9a-f]{32}$' },
        profiles: { type: 'array', items: { type: 'string', enum: ['record_integrity'] } },
      },
      additionalProperties: false,
    },
    actor: {
      type: 'object',
      properties: {
        user,
        session: { type: 'object', required: ['uid'], properties: { uid: string }, additionalProperties: false },
      },
      additionalProperties: false,
    },
    user,
    src_endpoint: endpoint,
    dst_endpoint: endpoint,
    http_request: {
      type: 'object',
      properties: {
        http_method: string,
        url: { type: 'object', properties: { path: string, query_string: string }, additionalProperties: false },
        user_agent: string,
        referrer: string,
      },
      additionalProperties: false,
    },
    http_response: { type: 'object', required: ['code'], properties: { code: integer }, additionalProperties: false },
    finding_info: {
      type: 'object',
      required: ['uid', 'title'],
      properties: {
        uid: nonEmpty,
        title: string,
        desc: string,
        types: { type: 'array', items: string },
        analytic: {
          type: 'object',
          required: ['type_id'],
          properties: { type_id: integer, type: string, uid: string, name: string, category: string, version: string },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
    is_alert: { type: 'boolean' },
    attestation_list: {
      description: 'OCSF record_integrity profile: the record\'s place in secotel\'s hash chain (security.chain.*).',
      type: 'array',
      items: { $ref: '#/$defs/attestation' },
    },
    unmapped: { description: 'Attributes OCSF has no field for, under their OpenTelemetry names.', type: 'object' },
  },
  additionalProperties: false,
  $defs: {
    fingerprint,
    attestation: {
      description: 'OCSF attestation. OCSF requires a fingerprint or signatures; secotel writes the fingerprint.',
      type: 'object',
      required: ['fingerprint'],
      properties: {
        uid: { description: 'security.event.id: <stream>:<seq>.', type: 'string', pattern: '^.+:[1-9][0-9]*$' },
        chain_uid: { description: 'The chain stream: security.event.id before its last colon.', ...nonEmpty },
        fingerprint: { $ref: '#/$defs/fingerprint' },
        prev_event: {
          description: 'OCSF prev_event: the record before this one in the chain.',
          type: 'object',
          required: ['uid'],
          properties: { uid: nonEmpty, type_uid: { type: 'integer', minimum: 0 }, fingerprint: { $ref: '#/$defs/fingerprint' } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  },
});
