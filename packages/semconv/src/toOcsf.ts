import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_HEADER_REFERER,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SECURITY_ACTION,
  ATTR_SECURITY_CHAIN_HMAC,
  ATTR_SECURITY_CHAIN_SEQ,
  ATTR_SECURITY_CHAIN_STREAM,
  ATTR_SECURITY_EVENT_COUNT,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_REASON,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_TARGET_USER_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_SESSION_ID,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_EMAIL,
  ATTR_USER_ID,
  ATTR_USER_NAME,
  eventCountOf,
} from './attributes.js';
import { chainPositionOfRecord } from './chain.js';
import type { ChainPosition } from './chain.js';
import {
  OCSF_ACCOUNT_CHANGE,
  OCSF_ACTIVITY_OTHER,
  OCSF_ACTIVITY_UNKNOWN,
  OCSF_API_ACTIVITY,
  OCSF_AUTHENTICATION,
  OCSF_HTTP_ACTIVITY,
  OCSF_USER_ACCESS_MANAGEMENT,
  apiActivityId,
  httpActivityId,
  ocsfActivityName,
} from './internal/ocsfClasses.js';
import {
  bareEventName,
  compact,
  isIpAddress,
  isOwaspLevel,
  jsonValue,
  numberValue,
  recordOutcome,
  recordSeverity,
  recordTimeMillis,
  stringArrayValue,
  stringValue,
} from './internal/recordFields.js';
import { getSecurityEventDefinition, SECURITY_EVENT_NAME_PREFIX } from './names.js';
import { OCSF_SCHEMA_VERSION } from './ocsfMapping.js';
import type { SecurityEventRecord } from './record.js';

/** OCSF `user` object (the subset secotel fills). */
export interface OcsfUser {
  uid?: string;
  name?: string;
  email_addr?: string;
}

/** OCSF `network_endpoint` object (the subset secotel fills). */
export interface OcsfEndpoint {
  ip?: string;
  hostname?: string;
  port?: number;
  svc_name?: string;
}

/**
 * OCSF `fingerprint` object. secotel's chain fingerprints are HMAC-SHA256 values (lower-case hex)
 * over secotel's canonical record encoding (`secotel-chain/1`), so `algorithm_id` is 99 (Other)
 * and `algorithm` names the MAC.
 */
export interface OcsfFingerprint {
  algorithm_id: number;
  algorithm?: string;
  value: string;
}

/** OCSF `prev_event` object: the previous record of the chain. */
export interface OcsfPrevEvent {
  /** That record's `metadata.uid` (its `security.event.id`). */
  uid: string;
  /** That record's OCSF `type_uid`. */
  type_uid?: number;
  /** That record's fingerprint (its `security.chain.hmac`). */
  fingerprint?: OcsfFingerprint;
}

/**
 * OCSF `attestation` object (record_integrity profile, OCSF 1.9): the record's place in
 * secotel's hash chain.
 */
export interface OcsfAttestation {
  /** `<stream>:<seq>`, the record's `security.event.id`: this entry of the chain. */
  uid: string;
  /** The chain stream (the part of `security.event.id` before its last ':'). */
  chain_uid: string;
  /** `security.chain.hmac`. */
  fingerprint: OcsfFingerprint;
  /** The record before this one; absent for seq 1 and when the previous record was not given. */
  prev_event?: OcsfPrevEvent;
}

/** Options of {@link toOCSF}. */
export interface ToOcsfOptions {
  /**
   * The record before this one in its hash chain (same stream, position one lower, as their
   * `security.event.id`s tell): fills `attestation_list[0].prev_event`. Ignored when it is
   * not that record. {@link toOCSFChain} finds it for a whole export.
   */
  previous?: SecurityEventRecord;
}

/**
 * A security event as an OCSF event of the class the catalogue maps it to.
 *
 * @see https://schema.ocsf.io/1.9.0/
 */
export interface OcsfEvent {
  class_uid: number;
  class_name: string;
  category_uid: number;
  category_name: string;
  activity_id: number;
  activity_name: string;
  /** `class_uid * 100 + activity_id`. */
  type_uid: number;
  type_name: string;
  /** Milliseconds since the epoch. */
  time: number;
  severity_id: number;
  severity: string;
  /**
   * Outcome: 0 Unknown, 1 Success, 2 Failure. In Findings classes status is the review state
   * of the finding instead, so it is 1 (New) and the outcome goes to `unmapped`.
   */
  status_id: number;
  status: string;
  status_detail?: string;
  message: string;
  metadata: {
    version: string;
    product: { name: string; vendor_name: string };
    /** The bare event name, e.g. `authn_login_fail`. */
    event_code: string;
    log_name: string;
    /** `security.event.id`. */
    uid?: string;
    /** The trace id. */
    correlation_uid?: string;
    /** `['record_integrity']` when the record carries `attestation_list`. */
    profiles?: string[];
  };
  actor?: { user?: OcsfUser; session?: { uid: string } };
  /** The subject of Authentication, the target of Account Change and User Access Management. */
  user?: OcsfUser;
  src_endpoint?: OcsfEndpoint;
  dst_endpoint?: OcsfEndpoint;
  http_request?: {
    http_method?: string;
    url?: { path?: string; query_string?: string };
    user_agent?: string;
    referrer?: string;
  };
  http_response?: { code: number };
  /** How many occurrences the event stands for, from `security.event.count` (a summary); absent means 1. */
  count?: number;
  /** Findings classes only. */
  finding_info?: {
    uid: string;
    title: string;
    desc?: string;
    types?: string[];
    analytic?: { type_id: number; type: string; uid?: string; name?: string; category?: string; version?: string };
  };
  is_alert?: boolean;
  /**
   * The record_integrity profile: one attestation from `security.chain.*`, when the record
   * carries a `security.chain.hmac` (a chain key is configured).
   */
  attestation_list?: OcsfAttestation[];
  /** Attributes OCSF has no field for, under their OpenTelemetry names. */
  unmapped?: Record<string, unknown>;
}

const SEVERITY_ID_BY_LEVEL = { INFO: 1, WARN: 3, CRITICAL: 5 } as const;
const SEVERITY_CAPTIONS = ['Unknown', 'Informational', 'Low', 'Medium', 'High', 'Critical', 'Fatal'] as const;
const FINDINGS_CATEGORY = 2;
const ANALYTIC_TYPE_RULE = 1;
const FINGERPRINT_ALGORITHM_OTHER = 99;
const CHAIN_FINGERPRINT_ALGORITHM = 'HMAC-SHA256';
const RECORD_INTEGRITY_PROFILE = 'record_integrity';

// Attributes that land in a dedicated OCSF field, in every class.
const OCSF_MAPPED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_USER_ID,
  ATTR_USER_NAME,
  ATTR_USER_EMAIL,
  ATTR_SECURITY_TARGET_USER_ID,
  ATTR_SESSION_ID,
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_SERVER_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_HEADER_REFERER,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_REASON,
  ATTR_ERROR_TYPE,
]);
// Mapped to attestation_list when the record has an HMAC (without one there is no fingerprint,
// and OCSF requires a fingerprint or a signature).
// (The stream and seq attributes are those of records written before the position moved into the id.)
const OCSF_CHAIN_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR_SECURITY_CHAIN_STREAM, ATTR_SECURITY_CHAIN_SEQ, ATTR_SECURITY_CHAIN_HMAC]);
// Mapped only where the class has a place for them.
const OCSF_STATUS_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR_SECURITY_EVENT_OUTCOME]);
const OCSF_FINDING_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_VERSION,
]);

/** OCSF severity_id: from an OWASP level, else from the OpenTelemetry SeverityNumber range. */
function severityId(text: string | undefined, number: number | undefined): number {
  if (isOwaspLevel(text)) return SEVERITY_ID_BY_LEVEL[text];
  if (number === undefined) return 0;
  if (number <= 12) return 1; // TRACE, DEBUG, INFO
  if (number <= 16) return 3; // WARN
  if (number <= 20) return 5; // ERROR, where CRITICAL lands
  return 6; // FATAL
}

function endpoint(address: string | undefined, port: number | undefined): OcsfEndpoint | undefined {
  if (address === undefined) return undefined;
  return compact<OcsfEndpoint>(isIpAddress(address) ? { ip: address, port } : { hostname: address, port });
}

/** A chain position with the record's HMAC: what an OCSF attestation is made of. */
interface HmacChainPosition extends ChainPosition {
  readonly hmac: string;
}

/** The record's place in its chain, when it has one with an HMAC. */
function chainPosition(attributes: Readonly<Record<string, unknown>>): HmacChainPosition | undefined {
  const position = chainPositionOfRecord(attributes);
  const hmac = stringValue(attributes[ATTR_SECURITY_CHAIN_HMAC]);
  if (position === undefined || hmac === undefined) return undefined;
  return { ...position, hmac };
}

function chainFingerprint(hmac: string): OcsfFingerprint {
  return { algorithm_id: FINGERPRINT_ALGORITHM_OTHER, algorithm: CHAIN_FINGERPRINT_ALGORITHM, value: hmac };
}

function attestation(position: HmacChainPosition, previous: SecurityEventRecord | undefined): OcsfAttestation {
  const result: OcsfAttestation = {
    uid: `${position.stream}:${position.seq}`,
    chain_uid: position.stream,
    fingerprint: chainFingerprint(position.hmac),
  };
  if (previous === undefined || position.seq === 1) return result;
  const previousAttributes: Readonly<Record<string, unknown>> = previous.attributes ?? {};
  const before = chainPosition(previousAttributes);
  const previousId = stringValue(previousAttributes[ATTR_SECURITY_EVENT_ID]);
  if (before === undefined || previousId === undefined || before.stream !== position.stream || before.seq !== position.seq - 1) return result;
  result.prev_event = { uid: previousId, type_uid: toOCSF(previous).type_uid, fingerprint: chainFingerprint(before.hmac) };
  return result;
}

/**
 * Converts an exported security event to an OCSF event of the class and activity the
 * catalogue gives it. Activity 0 (Unknown) of HTTP Activity and API Activity is refined from
 * `http.request.method`; activity 99 (Other) takes `security.action` as its name when set.
 * Events outside the catalogue become a Base Event (class 0) with activity Other.
 * Attributes without an OCSF field are kept in `unmapped`. A record of the hash chain with an
 * HMAC gets the record_integrity profile: `attestation_list` with its stream, seq and HMAC, and
 * the link to `options.previous` when given. Never throws.
 */
export function toOCSF(record: SecurityEventRecord, options: ToOcsfOptions = {}): OcsfEvent {
  // Records may come from untyped code: tolerate a missing name or attributes.
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const attributes: Readonly<Record<string, unknown>> = record.attributes ?? {};
  const definition = getSecurityEventDefinition(eventName);
  const eventCode = bareEventName(eventName, SECURITY_EVENT_NAME_PREFIX);
  const outcome = recordOutcome(record, definition);
  const severity = recordSeverity(record, definition, outcome);
  const method = stringValue(attributes[ATTR_HTTP_REQUEST_METHOD]);
  const mapping = definition?.ocsf;

  const classUid = mapping?.class_uid ?? 0;
  const className = mapping?.class_name ?? 'Base Event';
  const categoryUid = mapping?.category_uid ?? 0;
  let activityId = mapping?.activity_id ?? OCSF_ACTIVITY_OTHER;
  let activityName = mapping?.activity_name ?? eventCode;
  if (activityId === OCSF_ACTIVITY_UNKNOWN && method !== undefined) {
    if (classUid === OCSF_HTTP_ACTIVITY) activityId = httpActivityId(method);
    else if (classUid === OCSF_API_ACTIVITY) activityId = apiActivityId(method);
    activityName = activityId === OCSF_ACTIVITY_OTHER ? method.toUpperCase() : (ocsfActivityName(classUid, activityId) ?? activityName);
  }
  if (activityId === OCSF_ACTIVITY_OTHER) activityName = stringValue(attributes[ATTR_SECURITY_ACTION]) ?? activityName;

  const isFinding = categoryUid === FINDINGS_CATEGORY;
  const sevId = severityId(severity.text, severity.number);
  const eventId = stringValue(attributes[ATTR_SECURITY_EVENT_ID]);
  const message = stringValue(record.body) ?? definition?.description ?? eventCode;
  const traceId = stringValue(record.traceId);
  const spanId = stringValue(record.spanId);

  const actingUser = compact<OcsfUser>({
    uid: stringValue(attributes[ATTR_USER_ID]),
    name: stringValue(attributes[ATTR_USER_NAME]),
    email_addr: stringValue(attributes[ATTR_USER_EMAIL]),
  });
  const targetUserId = stringValue(attributes[ATTR_SECURITY_TARGET_USER_ID]);
  // Authentication's `user` is who authenticates; account classes' `user` is who was acted upon.
  let subject: OcsfUser | undefined;
  let actorUser: OcsfUser | undefined = actingUser;
  if (classUid === OCSF_AUTHENTICATION) {
    subject = actingUser;
    actorUser = undefined;
  } else if (classUid === OCSF_ACCOUNT_CHANGE || classUid === OCSF_USER_ACCESS_MANAGEMENT) {
    subject = targetUserId === undefined ? actingUser : { uid: targetUserId };
    actorUser = targetUserId === undefined ? undefined : actingUser;
  }
  const sessionId = stringValue(attributes[ATTR_SESSION_ID]);
  const statusCode = numberValue(attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]);
  const serviceName = stringValue(record.resource?.['service.name']);
  const serverAddress = stringValue(attributes[ATTR_SERVER_ADDRESS]);

  const chain = chainPosition(attributes);
  const count = eventCountOf(attributes[ATTR_SECURITY_EVENT_COUNT]);

  // Entries, not assignment: an attribute named __proto__ must stay a plain key.
  const unmappedEntries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (OCSF_MAPPED_ATTRIBUTES.has(key)) continue;
    if (count !== undefined && key === ATTR_SECURITY_EVENT_COUNT) continue;
    if (chain !== undefined && OCSF_CHAIN_ATTRIBUTES.has(key)) continue;
    if (!isFinding && OCSF_STATUS_ATTRIBUTES.has(key)) continue;
    if (isFinding && OCSF_FINDING_ATTRIBUTES.has(key)) continue;
    const json = jsonValue(value);
    if (json !== undefined) unmappedEntries.push([key, json]);
  }
  if (spanId !== undefined) unmappedEntries.push(['span_id', spanId]);
  const unmapped = unmappedEntries.length === 0 ? undefined : Object.fromEntries(unmappedEntries);

  const event: OcsfEvent = {
    class_uid: classUid,
    class_name: className,
    category_uid: categoryUid,
    category_name: mapping?.category_name ?? 'Uncategorized',
    activity_id: activityId,
    activity_name: activityName,
    type_uid: classUid * 100 + activityId,
    type_name: `${className}: ${activityName}`,
    time: recordTimeMillis(record),
    severity_id: sevId,
    severity: SEVERITY_CAPTIONS[sevId] ?? 'Unknown',
    status_id: isFinding ? 1 : outcome === 'success' ? 1 : outcome === 'failure' ? 2 : 0,
    status: isFinding ? 'New' : outcome === 'success' ? 'Success' : outcome === 'failure' ? 'Failure' : 'Unknown',
    message,
    metadata: compact({
      version: OCSF_SCHEMA_VERSION,
      product: { name: 'secotel', vendor_name: 'secotel' },
      event_code: eventCode,
      log_name: 'security',
      uid: eventId,
      correlation_uid: traceId,
      profiles: chain === undefined ? undefined : [RECORD_INTEGRITY_PROFILE],
    }) as OcsfEvent['metadata'],
  };
  const ruleUuid = stringValue(attributes[ATTR_SECURITY_RULE_UUID]);
  const ruleName = stringValue(attributes[ATTR_SECURITY_RULE_NAME]);
  const ruleCategory = stringValue(attributes[ATTR_SECURITY_RULE_CATEGORY]);
  const hasRule = ruleUuid !== undefined || ruleName !== undefined;
  const optional: Partial<OcsfEvent> = {
    status_detail: stringValue(attributes[ATTR_SECURITY_REASON]) ?? stringValue(attributes[ATTR_ERROR_TYPE]),
    actor: compact({ user: actorUser, session: sessionId === undefined ? undefined : { uid: sessionId } }),
    user: subject,
    src_endpoint: endpoint(stringValue(attributes[ATTR_CLIENT_ADDRESS]), numberValue(attributes[ATTR_CLIENT_PORT])),
    dst_endpoint: compact<OcsfEndpoint>({
      svc_name: serviceName,
      ...(serverAddress === undefined ? {} : isIpAddress(serverAddress) ? { ip: serverAddress } : { hostname: serverAddress }),
    }),
    http_request: compact({
      http_method: method,
      url: compact({ path: stringValue(attributes[ATTR_URL_PATH]), query_string: stringValue(attributes[ATTR_URL_QUERY]) }),
      user_agent: stringValue(attributes[ATTR_USER_AGENT_ORIGINAL]),
      referrer: stringArrayValue(attributes[ATTR_HTTP_REQUEST_HEADER_REFERER])?.[0],
    }),
    http_response: statusCode === undefined ? undefined : { code: statusCode },
    count,
    finding_info: isFinding
      ? compact({
          uid: eventId ?? `${eventCode}:${event.time}`,
          title: ruleName ?? eventCode,
          desc: message,
          types: ruleCategory === undefined ? undefined : [ruleCategory],
          analytic: hasRule
            ? compact({
                type_id: ANALYTIC_TYPE_RULE,
                type: 'Rule',
                uid: ruleUuid,
                name: ruleName,
                category: ruleCategory,
                version: stringValue(attributes[ATTR_SECURITY_RULE_VERSION]),
              })
            : undefined,
        })
      : undefined,
    is_alert: isFinding ? true : undefined,
    attestation_list: chain === undefined ? undefined : [attestation(chain, options.previous)],
    unmapped,
  };
  return Object.assign(event, compact(optional));
}

/**
 * Converts the records of an export (a collector file, a query result), linking each record of
 * the hash chain to the record before it in its stream (`prev_event`) when that record is among
 * them. Records may come in any order and from several streams; the result keeps their order.
 */
export function toOCSFChain(records: Iterable<SecurityEventRecord>): OcsfEvent[] {
  const list = [...records];
  const byPosition = new Map<string, SecurityEventRecord>();
  for (const record of list) {
    const position = chainPosition(record.attributes ?? {});
    if (position !== undefined) byPosition.set(`${position.seq}:${position.stream}`, record);
  }
  return list.map((record) => {
    const position = chainPosition(record.attributes ?? {});
    const previous = position === undefined ? undefined : byPosition.get(`${position.seq - 1}:${position.stream}`);
    return toOCSF(record, { previous });
  });
}
