import {
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_FILE_NAME,
  ATTR_HTTP_REQUEST_HEADER_REFERER,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_HTTP_DURATION_MS,
  ATTR_SECURITY_REASON,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_REFERENCE,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_TARGET_USER_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_EMAIL,
  ATTR_USER_ID,
  ATTR_USER_NAME,
  ATTR_USER_ROLES,
} from './attributes.js';
import { ECS_VERSION, type EcsEventCategory, type EcsEventKind, type EcsEventType } from './ecsMapping.js';
import {
  bareEventName,
  compact,
  isIpAddress,
  numberValue,
  recordOutcome,
  recordSeverity,
  recordTimeMillis,
  stringArrayValue,
  stringValue,
} from './internal/recordFields.js';
import { getSecurityEventDefinition, SECURITY_EVENT_NAME_PREFIX } from './names.js';
import type { SecurityEventOutcome } from './outcome.js';
import type { SecurityEventRecord } from './record.js';

/** Value of ECS `event.dataset` for every secotel event. */
export const ECS_DATASET = 'secotel.security';
/** Value of ECS `event.module` for every secotel event. */
export const ECS_MODULE = 'secotel';
/** Longest value kept in ECS `labels`; Elasticsearch ignores longer keywords by default. */
export const ECS_LABEL_MAX_LENGTH = 1024;

/** An address as ECS `source`/`client`: `ip` only when the address is an IP. */
export interface EcsEndpoint {
  address: string;
  ip?: string;
  port?: number;
}

/**
 * A security event as an Elastic Common Schema document (nested form, ready to index).
 *
 * @see https://www.elastic.co/docs/reference/ecs/ecs-field-reference
 */
export interface EcsDocument {
  '@timestamp': string;
  message: string;
  ecs: { version: string };
  event: {
    kind: EcsEventKind;
    category?: EcsEventCategory[];
    type?: EcsEventType[];
    /** The bare event name, e.g. `authn_login_fail`. */
    action: string;
    outcome: SecurityEventOutcome;
    id?: string;
    /** OpenTelemetry SeverityNumber. */
    severity?: number;
    reason?: string;
    /** Nanoseconds. */
    duration?: number;
    dataset: string;
    module: string;
  };
  log?: { level: string };
  user?: { id?: string; name?: string; email?: string; roles?: string[]; target?: { id: string } };
  source?: EcsEndpoint;
  client?: EcsEndpoint;
  server?: { address: string; ip?: string };
  http?: { request?: { method?: string; referrer?: string }; response?: { status_code?: number } };
  url?: { path?: string; query?: string };
  user_agent?: { original: string };
  file?: { name: string };
  rule?: { id?: string; uuid?: string; name?: string; category?: string; ruleset?: string; version?: string; reference?: string };
  error?: { type: string };
  trace?: { id: string };
  span?: { id: string };
  service?: { name?: string; version?: string; environment?: string };
  host?: { name: string };
  related?: { ip?: string[]; user?: string[] };
  /** Attributes ECS has no field for, keys with `.` replaced by `_`, values as strings. */
  labels?: Record<string, string>;
}

// Attributes that land in a dedicated ECS field and therefore not in labels.
const ECS_MAPPED_ATTRIBUTES: ReadonlySet<string> = new Set([
  ATTR_USER_ID,
  ATTR_USER_NAME,
  ATTR_USER_EMAIL,
  ATTR_USER_ROLES,
  ATTR_SECURITY_TARGET_USER_ID,
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_SERVER_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_HEADER_REFERER,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_FILE_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_RULE_REFERENCE,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_REASON,
  ATTR_SECURITY_HTTP_DURATION_MS,
]);

const DOTS = /\./g;

function labelValue(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (value === null || value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      return undefined; // circular or otherwise unserialisable: drop rather than fail the export
    }
  }
  return text.length > ECS_LABEL_MAX_LENGTH ? text.slice(0, ECS_LABEL_MAX_LENGTH) : text;
}

function durationNanos(millis: number | undefined): number | undefined {
  if (millis === undefined) return undefined;
  const nanos = Math.round(millis * 1e6) + 0;
  return Number.isFinite(nanos) ? nanos : undefined;
}

function endpoint(address: string | undefined, port: number | undefined): EcsEndpoint | undefined {
  if (address === undefined) return undefined;
  return compact<EcsEndpoint>({ address, ip: isIpAddress(address) ? address : undefined, port });
}

/**
 * Converts an exported security event to an ECS document: categorization from the
 * catalogue (`event.kind`, `event.category`, `event.type`), OpenTelemetry attributes to their
 * ECS fields (`client.address` to `source.*` and `client.*`, `security_rule.*` to `rule.*`,
 * ...), resource `service.*` to `service.*`, and every other attribute under `labels`.
 * Events outside the catalogue get `event.kind: event` and no category. Never throws.
 */
export function toECS(record: SecurityEventRecord): EcsDocument {
  // Records may come from untyped code: tolerate a missing name or attributes.
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const attributes: Readonly<Record<string, unknown>> = record.attributes ?? {};
  const definition = getSecurityEventDefinition(eventName);
  const action = bareEventName(eventName, SECURITY_EVENT_NAME_PREFIX);
  const outcome = recordOutcome(record, definition);
  const severity = recordSeverity(record, definition, outcome);
  const resource = record.resource ?? {};

  const userId = stringValue(attributes[ATTR_USER_ID]);
  const userName = stringValue(attributes[ATTR_USER_NAME]);
  const targetUserId = stringValue(attributes[ATTR_SECURITY_TARGET_USER_ID]);
  const clientAddress = stringValue(attributes[ATTR_CLIENT_ADDRESS]);
  const clientPort = numberValue(attributes[ATTR_CLIENT_PORT]);
  const serverAddress = stringValue(attributes[ATTR_SERVER_ADDRESS]);
  const peerAddress = stringValue(attributes[ATTR_NETWORK_PEER_ADDRESS]);
  const durationMs = numberValue(attributes[ATTR_SECURITY_HTTP_DURATION_MS]);
  const userAgent = stringValue(attributes[ATTR_USER_AGENT_ORIGINAL]);
  const fileName = stringValue(attributes[ATTR_FILE_NAME]);
  const errorType = stringValue(attributes[ATTR_ERROR_TYPE]);
  const ruleUuid = stringValue(attributes[ATTR_SECURITY_RULE_UUID]);
  const severityText = severity.text;
  const traceId = stringValue(record.traceId);
  const spanId = stringValue(record.spanId);
  const hostName = stringValue(resource['host.name']);

  const relatedIps = [...new Set([clientAddress, peerAddress].filter((ip): ip is string => ip !== undefined && isIpAddress(ip)))];
  const relatedUsers = [...new Set([userName, userId, targetUserId].filter((user): user is string => user !== undefined))];

  // Entries, not assignment: an attribute named __proto__ must stay a plain key.
  const labelEntries: [string, string][] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (ECS_MAPPED_ATTRIBUTES.has(key)) continue;
    const text = labelValue(value);
    if (text !== undefined) labelEntries.push([key.replace(DOTS, '_'), text]);
  }
  const labels = labelEntries.length === 0 ? undefined : Object.fromEntries(labelEntries);

  const document: EcsDocument = {
    '@timestamp': new Date(recordTimeMillis(record)).toISOString(),
    message: stringValue(record.body) ?? definition?.description ?? action,
    ecs: { version: ECS_VERSION },
    event: compact({
      kind: definition?.ecs.kind ?? 'event',
      category: definition === undefined ? undefined : [...definition.ecs.category],
      type: definition === undefined ? undefined : [...definition.ecs.type],
      action,
      outcome,
      id: stringValue(attributes[ATTR_SECURITY_EVENT_ID]),
      severity: severity.number,
      reason: stringValue(attributes[ATTR_SECURITY_REASON]),
      duration: durationNanos(durationMs),
      dataset: ECS_DATASET,
      module: ECS_MODULE,
    }) as EcsDocument['event'],
  };
  const optional: Omit<EcsDocument, '@timestamp' | 'message' | 'ecs' | 'event'> = {
    log: severityText === undefined ? undefined : { level: severityText },
    user: compact({
      id: userId,
      name: userName,
      email: stringValue(attributes[ATTR_USER_EMAIL]),
      roles: stringArrayValue(attributes[ATTR_USER_ROLES]),
      target: targetUserId === undefined ? undefined : { id: targetUserId },
    }),
    source: endpoint(clientAddress, clientPort),
    client: endpoint(clientAddress, clientPort),
    server: serverAddress === undefined ? undefined : compact({ address: serverAddress, ip: isIpAddress(serverAddress) ? serverAddress : undefined }),
    http: compact({
      request: compact({
        method: stringValue(attributes[ATTR_HTTP_REQUEST_METHOD]),
        referrer: stringArrayValue(attributes[ATTR_HTTP_REQUEST_HEADER_REFERER])?.[0],
      }),
      response: compact({ status_code: numberValue(attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]) }),
    }),
    url: compact({ path: stringValue(attributes[ATTR_URL_PATH]), query: stringValue(attributes[ATTR_URL_QUERY]) }),
    user_agent: userAgent === undefined ? undefined : { original: userAgent },
    file: fileName === undefined ? undefined : { name: fileName },
    rule: compact({
      id: ruleUuid,
      uuid: ruleUuid,
      name: stringValue(attributes[ATTR_SECURITY_RULE_NAME]),
      category: stringValue(attributes[ATTR_SECURITY_RULE_CATEGORY]),
      ruleset: stringValue(attributes[ATTR_SECURITY_RULE_RULESET_NAME]),
      version: stringValue(attributes[ATTR_SECURITY_RULE_VERSION]),
      reference: stringValue(attributes[ATTR_SECURITY_RULE_REFERENCE]),
    }),
    error: errorType === undefined ? undefined : { type: errorType },
    trace: traceId === undefined ? undefined : { id: traceId },
    span: spanId === undefined ? undefined : { id: spanId },
    service: compact({
      name: stringValue(resource['service.name']),
      version: stringValue(resource['service.version']),
      environment: stringValue(resource['deployment.environment.name']) ?? stringValue(resource['deployment.environment']),
    }),
    host: hostName === undefined ? undefined : { name: hostName },
    related: compact({
      ip: relatedIps.length === 0 ? undefined : relatedIps,
      user: relatedUsers.length === 0 ? undefined : relatedUsers,
    }),
    labels,
  };
  return Object.assign(document, compact(optional));
}
