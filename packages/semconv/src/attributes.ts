import type { SecurityEventCategory } from './categories.js';
import type { SecurityEventOutcome } from './outcome.js';

// Attribute names. OpenTelemetry semantic conventions are reused wherever they define the
// concept (user.*, client.*, http.*, url.*, security_rule.*); names we had to add live under
// `security.*`.

/** Unique identifier of the user (OpenTelemetry `user.id`). */
export const ATTR_USER_ID = 'user.id';
/** Short name or login of the user (OpenTelemetry `user.name`). */
export const ATTR_USER_NAME = 'user.name';
/** Roles of the user at the time of the event (OpenTelemetry `user.roles`). */
export const ATTR_USER_ROLES = 'user.roles';
/** E-mail address of the user (OpenTelemetry `user.email`). */
export const ATTR_USER_EMAIL = 'user.email';
/** Address of the client that sent the request (OpenTelemetry `client.address`). */
export const ATTR_CLIENT_ADDRESS = 'client.address';
/** Port of the client that sent the request (OpenTelemetry `client.port`). */
export const ATTR_CLIENT_PORT = 'client.port';
/** Identifier of the user session (OpenTelemetry `session.id`). */
export const ATTR_SESSION_ID = 'session.id';
/** HTTP request method (OpenTelemetry `http.request.method`). */
export const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
/** Matched route template, e.g. `/users/:id` (OpenTelemetry `http.route`). */
export const ATTR_HTTP_ROUTE = 'http.route';
/** HTTP response status code (OpenTelemetry `http.response.status_code`). */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** Referer request header (OpenTelemetry `http.request.header.<key>` with key `referer`). */
export const ATTR_HTTP_REQUEST_HEADER_REFERER = 'http.request.header.referer';
/** Path of the request URL (OpenTelemetry `url.path`). */
export const ATTR_URL_PATH = 'url.path';
/** Query string of the request URL, without `?` (OpenTelemetry `url.query`). */
export const ATTR_URL_QUERY = 'url.query';
/** Full User-Agent header (OpenTelemetry `user_agent.original`). */
export const ATTR_USER_AGENT_ORIGINAL = 'user_agent.original';
/** Name or address of the server that handled the request (OpenTelemetry `server.address`). */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** Address of the immediate network peer, e.g. a proxy (OpenTelemetry `network.peer.address`). */
export const ATTR_NETWORK_PEER_ADDRESS = 'network.peer.address';
/** Class of error the operation ended with (OpenTelemetry `error.type`). */
export const ATTR_ERROR_TYPE = 'error.type';
/** Name of the file concerned (OpenTelemetry `file.name`). */
export const ATTR_FILE_NAME = 'file.name';
/** Identifier of the detection rule (OpenTelemetry `security_rule.uuid`). */
export const ATTR_SECURITY_RULE_UUID = 'security_rule.uuid';
/** Name of the detection rule (OpenTelemetry `security_rule.name`). */
export const ATTR_SECURITY_RULE_NAME = 'security_rule.name';
/** Category of the detection rule, e.g. `sqli` (OpenTelemetry `security_rule.category`). */
export const ATTR_SECURITY_RULE_CATEGORY = 'security_rule.category';
/** Name of the rule set the rule belongs to (OpenTelemetry `security_rule.ruleset.name`). */
export const ATTR_SECURITY_RULE_RULESET_NAME = 'security_rule.ruleset.name';
/** Version of the detection rule (OpenTelemetry `security_rule.version`). */
export const ATTR_SECURITY_RULE_VERSION = 'security_rule.version';
/** Reference (URL) describing the rule (OpenTelemetry `security_rule.reference`). */
export const ATTR_SECURITY_RULE_REFERENCE = 'security_rule.reference';

/** Category of the security event (secotel). */
export const ATTR_SECURITY_EVENT_CATEGORY = 'security.event.category';
/** Outcome of the security event: success, failure or unknown (secotel). */
export const ATTR_SECURITY_EVENT_OUTCOME = 'security.event.outcome';
/**
 * Unique identifier of this occurrence of the event (secotel). With the hash chain on (the
 * default), `<stream>:<seq>`: the record's chain stream and its position in it (see
 * `chainPositionOf`).
 */
export const ATTR_SECURITY_EVENT_ID = 'security.event.id';
/**
 * How many occurrences one record stands for, when more than one (secotel): set on the summary
 * that the HTTP instrumentation emits for attack findings over its event limit. Absent means 1.
 */
export const ATTR_SECURITY_EVENT_COUNT = 'security.event.count';

/**
 * The number of occurrences a `security.event.count` value stands for: the value when it is a
 * whole number ≥ 1, undefined otherwise (absent, or not a count).
 */
export function eventCountOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}
/** Where in the request the attack payload was found (secotel). */
export const ATTR_SECURITY_ATTACK_LOCATION = 'security.attack.location';
/** The (truncated, redacted) attack payload (secotel). */
export const ATTR_SECURITY_ATTACK_PAYLOAD = 'security.attack.payload';
/** Set on the request span when an attack was detected in the request (secotel). */
export const ATTR_SECURITY_ATTACK_DETECTED = 'security.attack.detected';
/** Set on the request span: identifiers of the rules that matched (secotel). */
export const ATTR_SECURITY_ATTACK_RULE_IDS = 'security.attack.rule_ids';
/** Name of the attack tool identified, e.g. `nikto` (secotel). */
export const ATTR_SECURITY_ATTACK_TOOL = 'security.attack.tool';
/**
 * Duration of the HTTP request in milliseconds (secotel). OpenTelemetry defines
 * `http.server.request.duration` only as a metric, not as an attribute, hence our own name.
 */
export const ATTR_SECURITY_HTTP_DURATION_MS = 'security.http.duration_ms';
/** Threshold that was reached, e.g. the maximum number of failed logins (secotel). */
export const ATTR_SECURITY_THRESHOLD_COUNT = 'security.threshold.count';
/** Time window of the threshold, in milliseconds (secotel). */
export const ATTR_SECURITY_THRESHOLD_WINDOW = 'security.threshold.window_ms';
/** What the threshold counted per, e.g. a user id or a client address (secotel). */
export const ATTR_SECURITY_THRESHOLD_KEY = 'security.threshold.key';
/** Why the event happened, e.g. `maxretries` for a lock or `timeout` for an expiry (secotel). */
export const ATTR_SECURITY_REASON = 'security.reason';
/** Number of attempts the event summarises, e.g. failed logins before a success (secotel). */
export const ATTR_SECURITY_ATTEMPTS = 'security.attempts';
/** Region the user was last seen in, for impossible travel (secotel). */
export const ATTR_SECURITY_TRAVEL_FROM = 'security.travel.from';
/** Region the user appears in now, for impossible travel (secotel). */
export const ATTR_SECURITY_TRAVEL_TO = 'security.travel.to';
/** Entitlements, privileges or account attributes granted (secotel). */
export const ATTR_SECURITY_ENTITLEMENTS = 'security.entitlements';
/** Identifier of the token concerned; never the token itself (secotel). */
export const ATTR_SECURITY_TOKEN_ID = 'security.token.id';
/** The resource, file or object concerned (secotel). */
export const ATTR_SECURITY_RESOURCE = 'security.resource';
/** Value before a change: role, permission level, storage location (secotel). */
export const ATTR_SECURITY_CHANGE_FROM = 'security.change.from';
/** Value after a change: role, permission level, storage location (secotel). */
export const ATTR_SECURITY_CHANGE_TO = 'security.change.to';
/** The action performed, e.g. the administrative action of `authz_admin` (secotel). */
export const ATTR_SECURITY_ACTION = 'security.action';
/** Declared type of an uploaded file, e.g. `PNG` or a MIME type (secotel). */
export const ATTR_SECURITY_FILE_TYPE = 'security.file.type';
/** Identifier under which a file is stored (secotel). */
export const ATTR_SECURITY_FILE_ID = 'security.file.id';
/** Name of the validation performed on an upload, e.g. `virusscan` (secotel). */
export const ATTR_SECURITY_VALIDATION_NAME = 'security.validation.name';
/** Result of the validation: `passed`, `incomplete` or `failed` (secotel). */
export const ATTR_SECURITY_VALIDATION_RESULT = 'security.validation.result';
/** Names of the input fields concerned; never their values (secotel). */
export const ATTR_SECURITY_INPUT_FIELDS = 'security.input.fields';
/** Name of the monitoring agent enabled or disabled (secotel). */
export const ATTR_SECURITY_MONITOR_NAME = 'security.monitor.name';
/** The user acted upon, when it differs from the acting `user.id` (secotel). */
export const ATTR_SECURITY_TARGET_USER_ID = 'security.target.user.id';
/**
 * @deprecated The chain stream of records written before the position moved into
 * `security.event.id` (see `chainPositionOf`); secotel no longer writes it, `secotel verify` and
 * `toOCSF()` still read it from older records.
 */
export const ATTR_SECURITY_CHAIN_STREAM = 'security.chain.stream';
/** @deprecated The chain position of older records: see {@link ATTR_SECURITY_CHAIN_STREAM}. */
export const ATTR_SECURITY_CHAIN_SEQ = 'security.chain.seq';
/** HMAC-SHA256 (hex) over the previous record's chain value and this record's canonical encoding (secotel). */
export const ATTR_SECURITY_CHAIN_HMAC = 'security.chain.hmac';
/** On a `chain_checkpoint`: first sequence number its digest covers (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ = 'security.chain.checkpoint.first_seq';
/** On a `chain_checkpoint`: last sequence number it covers, the record just before it (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ = 'security.chain.checkpoint.last_seq';
/** On a `chain_checkpoint`: the chain head, the `security.chain.hmac` of the last record covered (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD = 'security.chain.checkpoint.head';
/** On a `chain_checkpoint`: SHA-256 (hex) of the canonical encodings of the records covered (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST = 'security.chain.checkpoint.digest';
/** On a `chain_checkpoint`: Ed25519 signature (base64) of the checkpoint statement (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE = 'security.chain.checkpoint.signature';
/** On a `chain_checkpoint`: identifier of the signing key, from its public key (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID = 'security.chain.checkpoint.key_id';
/** On a `chain_checkpoint`: true on the last checkpoint of a stream, written at shutdown (secotel). */
export const ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL = 'security.chain.checkpoint.final';

/** Value types an attribute can hold, as in OpenTelemetry. */
export type SecurityAttributeType = 'string' | 'int' | 'double' | 'boolean' | 'string[]';

/** A value that can be stored in an attribute (mirrors OpenTelemetry's `AttributeValue`). */
export type SecurityAttributeValue =
  | string
  | number
  | boolean
  | ReadonlyArray<string | null | undefined>
  | ReadonlyArray<number | null | undefined>
  | ReadonlyArray<boolean | null | undefined>;

/** Description of one attribute name. */
export interface SecurityAttributeDefinition {
  /** The attribute key, e.g. `user.id`. */
  readonly name: string;
  readonly type: SecurityAttributeType;
  readonly description: string;
  /** `opentelemetry` when the name comes from the OpenTelemetry semantic conventions. */
  readonly source: 'opentelemetry' | 'secotel';
  /** `span` for attributes set on the request span rather than on the event log record. */
  readonly signal: 'log' | 'span';
}

function attribute(
  name: string,
  type: SecurityAttributeType,
  source: 'opentelemetry' | 'secotel',
  description: string,
  signal: 'log' | 'span' = 'log',
): SecurityAttributeDefinition {
  return Object.freeze({ name, type, description, source, signal });
}

const OTEL = 'opentelemetry';
const SECOTEL = 'secotel';

/** Every attribute name this package defines, with its type and meaning. */
export const ATTRIBUTE_DEFINITIONS: readonly SecurityAttributeDefinition[] = Object.freeze([
  attribute(ATTR_SECURITY_EVENT_CATEGORY, 'string', SECOTEL, 'Category of the security event (authn, authz, ..., audit, custom). Always set.'),
  attribute(ATTR_SECURITY_EVENT_OUTCOME, 'string', SECOTEL, 'Outcome of the action the event describes: success, failure or unknown. Always set.'),
  attribute(
    ATTR_SECURITY_EVENT_ID,
    'string',
    SECOTEL,
    'Unique identifier of this occurrence of the event. Always set. With the hash chain on (the default), `<stream>:<seq>`: the chain stream the record belongs to (a random id per process start) and its position in it, from 1 without gaps.',
  ),
  attribute(
    ATTR_SECURITY_EVENT_COUNT,
    'int',
    SECOTEL,
    'Number of occurrences the record stands for, when more than one (the summary of attack findings over the HTTP instrumentation\'s event limit; OCSF `count`). Absent means 1.',
  ),
  attribute(ATTR_USER_ID, 'string', OTEL, 'Identifier of the acting user (OWASP `userid`).'),
  attribute(ATTR_USER_NAME, 'string', OTEL, 'Short name or login of the acting user.'),
  attribute(ATTR_USER_ROLES, 'string[]', OTEL, 'Roles of the acting user at the time of the event.'),
  attribute(ATTR_USER_EMAIL, 'string', OTEL, 'E-mail address of the acting user.'),
  attribute(ATTR_SESSION_ID, 'string', OTEL, 'Identifier of the session (an opaque id, never the session cookie).'),
  attribute(ATTR_CLIENT_ADDRESS, 'string', OTEL, 'Address of the client (OWASP `IP`).'),
  attribute(ATTR_CLIENT_PORT, 'int', OTEL, 'Port of the client.'),
  attribute(ATTR_NETWORK_PEER_ADDRESS, 'string', OTEL, 'Address of the immediate peer, e.g. a reverse proxy.'),
  attribute(ATTR_SERVER_ADDRESS, 'string', OTEL, 'Name or address of the server that handled the request.'),
  attribute(ATTR_HTTP_REQUEST_METHOD, 'string', OTEL, 'HTTP request method.'),
  attribute(ATTR_HTTP_ROUTE, 'string', OTEL, 'Matched route template, e.g. `/users/:id`.'),
  attribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 'int', OTEL, 'HTTP response status code.'),
  attribute(ATTR_HTTP_REQUEST_HEADER_REFERER, 'string[]', OTEL, 'Referer request header (OWASP `referer`).'),
  attribute(ATTR_URL_PATH, 'string', OTEL, 'Path of the request URL.'),
  attribute(ATTR_URL_QUERY, 'string', OTEL, 'Query string of the request URL, redacted.'),
  attribute(ATTR_USER_AGENT_ORIGINAL, 'string', OTEL, 'User-Agent header (OWASP `useragent`).'),
  attribute(ATTR_ERROR_TYPE, 'string', OTEL, 'Class of error the operation ended with.'),
  attribute(ATTR_FILE_NAME, 'string', OTEL, 'Name of the file concerned (OWASP `filename`).'),
  attribute(ATTR_SECURITY_RULE_UUID, 'string', OTEL, 'Identifier of the detection rule.'),
  attribute(ATTR_SECURITY_RULE_NAME, 'string', OTEL, 'Name of the detection rule.'),
  attribute(ATTR_SECURITY_RULE_CATEGORY, 'string', OTEL, 'Category of the detection rule, e.g. `sqli`, `xss`.'),
  attribute(ATTR_SECURITY_RULE_RULESET_NAME, 'string', OTEL, 'Name of the rule set the rule belongs to.'),
  attribute(ATTR_SECURITY_RULE_VERSION, 'string', OTEL, 'Version of the detection rule.'),
  attribute(ATTR_SECURITY_RULE_REFERENCE, 'string', OTEL, 'Reference (URL) describing the rule or the attack.'),
  attribute(ATTR_SECURITY_ATTACK_LOCATION, 'string', SECOTEL, 'Part of the request that carried the payload, e.g. `query`, `body`, `header`.'),
  attribute(ATTR_SECURITY_ATTACK_PAYLOAD, 'string', SECOTEL, 'The attack payload, truncated and redacted.'),
  attribute(ATTR_SECURITY_ATTACK_TOOL, 'string', SECOTEL, 'Name of the attack tool identified (OWASP `toolname`).'),
  attribute(ATTR_SECURITY_ATTACK_DETECTED, 'boolean', SECOTEL, 'True on the request span when an attack was detected in the request.', 'span'),
  attribute(ATTR_SECURITY_ATTACK_RULE_IDS, 'string[]', SECOTEL, 'Identifiers of the rules that matched the request.', 'span'),
  attribute(ATTR_SECURITY_HTTP_DURATION_MS, 'double', SECOTEL, 'Duration of the HTTP request in milliseconds.'),
  attribute(ATTR_SECURITY_THRESHOLD_COUNT, 'int', SECOTEL, 'Threshold that was reached (OWASP `maxlimit`, `max`).'),
  attribute(ATTR_SECURITY_THRESHOLD_WINDOW, 'int', SECOTEL, 'Time window of the threshold, in milliseconds.'),
  attribute(ATTR_SECURITY_THRESHOLD_KEY, 'string', SECOTEL, 'What the threshold counted per, e.g. a user id or a client address.'),
  attribute(ATTR_SECURITY_REASON, 'string', SECOTEL, 'Why the event happened (OWASP `reason`), e.g. `maxretries`, `timeout`.'),
  attribute(ATTR_SECURITY_ATTEMPTS, 'int', SECOTEL, 'Number of attempts the event summarises (OWASP `retries`).'),
  attribute(ATTR_SECURITY_TRAVEL_FROM, 'string', SECOTEL, 'Region the user was last seen in (OWASP `region1`).'),
  attribute(ATTR_SECURITY_TRAVEL_TO, 'string', SECOTEL, 'Region the user appears in now (OWASP `region2`).'),
  attribute(ATTR_SECURITY_ENTITLEMENTS, 'string[]', SECOTEL, 'Entitlements or account attributes granted (OWASP `entitlement(s)`, `attributes`).'),
  attribute(ATTR_SECURITY_TOKEN_ID, 'string', SECOTEL, 'Identifier of the token concerned, never the token itself (OWASP `tokenid`).'),
  attribute(ATTR_SECURITY_RESOURCE, 'string', SECOTEL, 'Resource, file or object concerned (OWASP `resource`, `file|object`).'),
  attribute(ATTR_SECURITY_CHANGE_FROM, 'string', SECOTEL, 'Value before a change (OWASP `from`, `fromlevel`).'),
  attribute(ATTR_SECURITY_CHANGE_TO, 'string', SECOTEL, 'Value after a change (OWASP `to`, `tolevel`).'),
  attribute(ATTR_SECURITY_ACTION, 'string', SECOTEL, 'Action performed, e.g. the administrative action (OWASP `event`).'),
  attribute(ATTR_SECURITY_FILE_TYPE, 'string', SECOTEL, 'Declared type of an uploaded file (OWASP `type`).'),
  attribute(ATTR_SECURITY_FILE_ID, 'string', SECOTEL, 'Identifier under which a file is stored (OWASP `fileid`).'),
  attribute(ATTR_SECURITY_VALIDATION_NAME, 'string', SECOTEL, 'Validation performed on an upload, e.g. `virusscan`, `imagemagick`.'),
  attribute(ATTR_SECURITY_VALIDATION_RESULT, 'string', SECOTEL, 'Result of the validation: `passed`, `incomplete` or `failed`.'),
  attribute(ATTR_SECURITY_INPUT_FIELDS, 'string[]', SECOTEL, 'Names of the input fields concerned, never their values (OWASP `fields`, `field`, `inputname`).'),
  attribute(ATTR_SECURITY_MONITOR_NAME, 'string', SECOTEL, 'Monitoring agent enabled or disabled (OWASP `monitor`).'),
  attribute(ATTR_SECURITY_TARGET_USER_ID, 'string', SECOTEL, 'User acted upon, when it differs from `user.id` (OWASP `newuserid`, `onuserid`).'),
  attribute(ATTR_SECURITY_CHAIN_HMAC, 'string', SECOTEL, 'HMAC-SHA256 (hex) chaining the record to its predecessor; present when a chain key is configured. Set by secotel.'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ, 'int', SECOTEL, 'First sequence number the checkpoint digest covers (signed checkpoints).'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ, 'int', SECOTEL, 'Last sequence number the checkpoint covers: the record just before it.'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD, 'string', SECOTEL, 'Chain head: the `security.chain.hmac` of the last record covered.'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST, 'string', SECOTEL, 'SHA-256 (hex) of the canonical encodings of the records covered (signed checkpoints).'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE, 'string', SECOTEL, 'Ed25519 signature (base64) of the checkpoint statement.'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID, 'string', SECOTEL, 'Identifier of the signing key: SHA-256 of its public key (SPKI DER), first 16 bytes in hex.'),
  attribute(ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL, 'boolean', SECOTEL, 'True on the last checkpoint of a stream, written when the process shuts down.'),
]);

/** Every attribute name defined by this package. */
export const KNOWN_ATTRIBUTES: readonly string[] = Object.freeze(ATTRIBUTE_DEFINITIONS.map((definition) => definition.name));

/**
 * Typed attributes of a security event, for autocompletion in `securityEvent(name, fields)`.
 * Applications may add attributes of their own next to these.
 */
export interface SecurityEventAttributes {
  'security.event.category'?: SecurityEventCategory;
  'security.event.outcome'?: SecurityEventOutcome;
  'security.event.id'?: string;
  /** A summary of this many occurrences; absent means 1. */
  'security.event.count'?: number;
  'user.id'?: string;
  'user.name'?: string;
  'user.roles'?: string[];
  'user.email'?: string;
  'session.id'?: string;
  'client.address'?: string;
  'client.port'?: number;
  'network.peer.address'?: string;
  'server.address'?: string;
  'http.request.method'?: string;
  'http.route'?: string;
  'http.response.status_code'?: number;
  'http.request.header.referer'?: string[];
  'url.path'?: string;
  'url.query'?: string;
  'user_agent.original'?: string;
  'error.type'?: string;
  'file.name'?: string;
  'security_rule.uuid'?: string;
  'security_rule.name'?: string;
  'security_rule.category'?: string;
  'security_rule.ruleset.name'?: string;
  'security_rule.version'?: string;
  'security_rule.reference'?: string;
  'security.attack.location'?: string;
  'security.attack.payload'?: string;
  'security.attack.tool'?: string;
  'security.attack.detected'?: boolean;
  'security.attack.rule_ids'?: string[];
  'security.http.duration_ms'?: number;
  'security.threshold.count'?: number;
  'security.threshold.window_ms'?: number;
  'security.threshold.key'?: string;
  'security.reason'?: string;
  'security.attempts'?: number;
  'security.travel.from'?: string;
  'security.travel.to'?: string;
  'security.entitlements'?: string[];
  'security.token.id'?: string;
  'security.resource'?: string;
  'security.change.from'?: string;
  'security.change.to'?: string;
  'security.action'?: string;
  'security.file.type'?: string;
  'security.file.id'?: string;
  'security.validation.name'?: string;
  'security.validation.result'?: 'passed' | 'incomplete' | 'failed';
  'security.input.fields'?: string[];
  'security.monitor.name'?: string;
  'security.target.user.id'?: string;
  'security.chain.hmac'?: string;
  'security.chain.checkpoint.first_seq'?: number;
  'security.chain.checkpoint.last_seq'?: number;
  'security.chain.checkpoint.head'?: string;
  'security.chain.checkpoint.digest'?: string;
  'security.chain.checkpoint.signature'?: string;
  'security.chain.checkpoint.key_id'?: string;
  'security.chain.checkpoint.final'?: boolean;
}
