import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SECURITY_ATTACK_LOCATION,
  ATTR_SECURITY_ATTACK_PAYLOAD,
  ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD,
  ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID,
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE,
  ATTR_SECURITY_EVENT_COUNT,
  ATTR_SECURITY_HTTP_DURATION_MS,
  ATTR_SECURITY_RESOURCE,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_THRESHOLD_COUNT,
  ATTR_SECURITY_THRESHOLD_KEY,
  ATTR_SECURITY_THRESHOLD_WINDOW,
  ATTR_SERVER_ADDRESS,
  ATTR_SESSION_ID,
  ATTR_URL_PATH,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_ID,
  ATTR_USER_ROLES,
} from './attributes.js';
import type { SecurityEventCategory } from './categories.js';
import type { SecurityEventDefinition } from './definition.js';
import type { EcsEventCategory, EcsEventKind, EcsEventType } from './ecsMapping.js';
import {
  OCSF_ACCOUNT_CHANGE,
  OCSF_ACTIVITY_OTHER,
  OCSF_ACTIVITY_UNKNOWN,
  OCSF_API_ACTIVITY,
  OCSF_APPLICATION_LIFECYCLE,
  OCSF_AUTHENTICATION,
  OCSF_DETECTION_FINDING,
  OCSF_ENTITY_MANAGEMENT,
  OCSF_FILE_HOSTING_ACTIVITY,
  OCSF_HTTP_ACTIVITY,
  OCSF_SCAN_ACTIVITY,
  OCSF_USER_ACCESS_MANAGEMENT,
  ocsfMapping,
} from './internal/ocsfClasses.js';
import type { OwaspLevel } from './levels.js';
import type { SecurityEventOutcome } from './outcome.js';
import { OWASP_PARAMETER_ATTRIBUTES } from './parameters.js';

/** Name of an event in the catalogue, without the `security.` prefix. */
export type SecurityEventName =
  | 'authn_login_success'
  | 'authn_login_successafterfail'
  | 'authn_login_fail'
  | 'authn_login_fail_max'
  | 'authn_login_lock'
  | 'authn_password_change'
  | 'authn_password_change_fail'
  | 'authn_impossible_travel'
  | 'authn_token_created'
  | 'authn_token_revoked'
  | 'authn_token_reuse'
  | 'authn_token_delete'
  | 'authz_fail'
  | 'authz_change'
  | 'authz_admin'
  | 'crypt_decrypt_fail'
  | 'crypt_encrypt_fail'
  | 'excess_rate_limit_exceeded'
  | 'upload_complete'
  | 'upload_stored'
  | 'upload_validation'
  | 'upload_delete'
  | 'input_validation_fail'
  | 'input_validation_discrete_fail'
  | 'malicious_excess_404'
  | 'malicious_extraneous'
  | 'malicious_attack_tool'
  | 'malicious_cors'
  | 'malicious_direct_reference'
  | 'privilege_permissions_changed'
  | 'sensitive_create'
  | 'sensitive_read'
  | 'sensitive_update'
  | 'sensitive_delete'
  | 'sequence_fail'
  | 'session_created'
  | 'session_renewed'
  | 'session_expired'
  | 'session_use_after_expire'
  | 'sys_startup'
  | 'sys_shutdown'
  | 'sys_restart'
  | 'sys_crash'
  | 'sys_monitor_disabled'
  | 'sys_monitor_enabled'
  | 'user_created'
  | 'user_updated'
  | 'user_archived'
  | 'user_deleted'
  | 'attack_detected'
  | 'http_access'
  | 'chain_checkpoint';

interface EventSpec {
  readonly category: SecurityEventCategory;
  readonly level: OwaspLevel;
  readonly levelByOutcome?: Partial<Record<SecurityEventOutcome, OwaspLevel>>;
  readonly description: string;
  readonly parameters: readonly string[];
  readonly outcome: SecurityEventOutcome;
  readonly ecs: readonly [EcsEventKind, readonly EcsEventCategory[], readonly EcsEventType[]];
  /** [class_uid, activity_id, activity_name when the activity is 99 (Other)] */
  readonly ocsf: readonly [number, number, string?];
  /** Recommended attributes besides those carrying the OWASP parameters. */
  readonly context?: readonly string[];
}

// Request context worth having on any event raised while handling a request.
const REQUEST = [ATTR_CLIENT_ADDRESS, ATTR_USER_AGENT_ORIGINAL, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE] as const;
const THRESHOLD = [ATTR_SECURITY_THRESHOLD_COUNT, ATTR_SECURITY_THRESHOLD_WINDOW, ATTR_SECURITY_THRESHOLD_KEY] as const;
const RULE = [
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_VERSION,
] as const;

function define(name: SecurityEventName, spec: EventSpec): SecurityEventDefinition {
  const recommended = new Set<string>();
  for (const parameter of spec.parameters) {
    const attributes = OWASP_PARAMETER_ATTRIBUTES[parameter];
    if (attributes === undefined) {
      throw new Error(`secotel semconv: parameter "${parameter}" of ${name} has no attribute in OWASP_PARAMETER_ATTRIBUTES`);
    }
    for (const attribute of attributes) recommended.add(attribute);
  }
  for (const attribute of spec.context ?? []) recommended.add(attribute);
  const [kind, category, type] = spec.ecs;
  const [classUid, activityId, otherActivityName] = spec.ocsf;
  const definition: SecurityEventDefinition = {
    name,
    category: spec.category,
    level: spec.level,
    ...(spec.levelByOutcome === undefined ? {} : { levelByOutcome: Object.freeze({ ...spec.levelByOutcome }) }),
    description: spec.description,
    parameters: Object.freeze([...spec.parameters]),
    outcome: spec.outcome,
    ecs: Object.freeze({ kind, category: Object.freeze([...category]), type: Object.freeze([...type]) }),
    ocsf: ocsfMapping(classUid, activityId, otherActivityName),
    recommendedAttributes: Object.freeze([...recommended]),
  };
  return Object.freeze(definition);
}

/** The secotel events that are not in the OWASP cheat sheet. */
export const SECOTEL_EXTENSION_EVENT_NAMES: readonly SecurityEventName[] = Object.freeze(['attack_detected', 'http_access', 'chain_checkpoint'] as const);

/**
 * The catalogue: every event of the OWASP Logging Vocabulary Cheat Sheet, with the level the
 * cheat sheet gives it, plus three secotel extensions (`attack_detected`, `http_access`,
 * `chain_checkpoint`).
 * Descriptions paraphrase the cheat sheet. Frozen.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Logging_Vocabulary_Cheat_Sheet.html
 */
export const SECURITY_EVENTS: Readonly<Record<SecurityEventName, SecurityEventDefinition>> = Object.freeze({
  // Authentication [AUTHN]
  authn_login_success: define('authn_login_success', {
    category: 'authn',
    level: 'INFO',
    description: 'A user logged in. Record every login, successful or not.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['authentication'], ['start']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  authn_login_successafterfail: define('authn_login_successafterfail', {
    category: 'authn',
    level: 'INFO',
    description: 'A user logged in after one or more failed attempts.',
    parameters: ['userid', 'retries'],
    outcome: 'success',
    ecs: ['event', ['authentication'], ['start']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  authn_login_fail: define('authn_login_fail', {
    category: 'authn',
    level: 'WARN',
    description: 'A login attempt failed. Record every login, successful or not.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['event', ['authentication'], ['start']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [...REQUEST],
  }),
  authn_login_fail_max: define('authn_login_fail_max', {
    category: 'authn',
    level: 'WARN',
    description: 'A user reached the limit of failed login attempts.',
    parameters: ['userid', 'maxlimit'],
    outcome: 'failure',
    ecs: ['event', ['authentication'], ['info']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [...THRESHOLD, ...REQUEST],
  }),
  authn_login_lock: define('authn_login_lock', {
    category: 'authn',
    level: 'WARN',
    description:
      'An account was locked, after too many retries or another condition. Reasons: maxretries, suspicious, customer (the customer asked), other.',
    parameters: ['userid', 'reason'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 9],
    context: [...REQUEST],
  }),
  authn_password_change: define('authn_password_change', {
    category: 'authn',
    level: 'INFO',
    description: 'A password was changed. Record every change with the user it was for.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 3],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  authn_password_change_fail: define('authn_password_change_fail', {
    category: 'authn',
    level: 'CRITICAL',
    description: 'An attempt to change a password failed. It may also lead to authn_login_lock.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 3],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  authn_impossible_travel: define('authn_impossible_travel', {
    category: 'authn',
    level: 'CRITICAL',
    description:
      'A user appeared in two places too far apart to travel between in the time elapsed, which often means the account was taken over.',
    parameters: ['userid', 'region1', 'region2'],
    outcome: 'unknown',
    ecs: ['alert', ['authentication'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  authn_token_created: define('authn_token_created', {
    category: 'authn',
    level: 'INFO',
    description: 'A token for service access was created.',
    parameters: ['userid', 'entitlements'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['creation']],
    ocsf: [OCSF_ENTITY_MANAGEMENT, 1],
    context: [...REQUEST],
  }),
  authn_token_revoked: define('authn_token_revoked', {
    category: 'authn',
    level: 'INFO',
    description: 'A token of an account was revoked.',
    parameters: ['userid', 'tokenid'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['change']],
    ocsf: [OCSF_ENTITY_MANAGEMENT, 9],
    context: [...REQUEST],
  }),
  authn_token_reuse: define('authn_token_reuse', {
    category: 'authn',
    level: 'CRITICAL',
    description: 'Someone tried to use a token that had been revoked.',
    parameters: ['userid', 'tokenid'],
    outcome: 'failure',
    ecs: ['alert', ['authentication'], ['start']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [...REQUEST],
  }),
  authn_token_delete: define('authn_token_delete', {
    category: 'authn',
    level: 'WARN',
    description: 'A token was deleted.',
    parameters: ['appid'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['deletion']],
    ocsf: [OCSF_ENTITY_MANAGEMENT, 4],
    context: [...REQUEST],
  }),

  // Authorization [AUTHZ]
  authz_fail: define('authz_fail', {
    category: 'authz',
    level: 'CRITICAL',
    description: 'A user tried to access a resource they are not entitled to.',
    parameters: ['userid', 'resource'],
    outcome: 'failure',
    ecs: ['event', ['api'], ['access', 'denied']],
    ocsf: [OCSF_API_ACTIVITY, OCSF_ACTIVITY_UNKNOWN],
    context: [ATTR_USER_ROLES, ATTR_SESSION_ID, ...REQUEST, ATTR_URL_PATH],
  }),
  authz_change: define('authz_change', {
    category: 'authz',
    level: 'WARN',
    description: 'The entitlements of a user or entity changed.',
    parameters: ['userid', 'from', 'to'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_USER_ACCESS_MANAGEMENT, 1],
    context: [...REQUEST],
  }),
  authz_admin: define('authz_admin', {
    category: 'authz',
    level: 'WARN',
    description: 'A privileged user, such as an administrator, did something. Record all of their activity.',
    parameters: ['userid', 'event'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['admin']],
    ocsf: [OCSF_ENTITY_MANAGEMENT, OCSF_ACTIVITY_OTHER, 'Other'],
    context: [ATTR_USER_ROLES, ATTR_SESSION_ID, ...REQUEST],
  }),

  // Encryption/Decryption [CRYPT]
  crypt_decrypt_fail: define('crypt_decrypt_fail', {
    category: 'crypt',
    level: 'WARN',
    description: 'Decryption failed, from a system error or because the user lacks permission on the data.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['event', ['api'], ['access']],
    ocsf: [OCSF_API_ACTIVITY, 2],
    context: [ATTR_ERROR_TYPE, ATTR_SECURITY_RESOURCE],
  }),
  crypt_encrypt_fail: define('crypt_encrypt_fail', {
    category: 'crypt',
    level: 'WARN',
    description: 'Encryption failed, from a system error or because the user lacks permission on the data.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['event', ['api'], ['change']],
    ocsf: [OCSF_API_ACTIVITY, 3],
    context: [ATTR_ERROR_TYPE, ATTR_SECURITY_RESOURCE],
  }),

  // Excessive Use [EXCESS]
  excess_rate_limit_exceeded: define('excess_rate_limit_exceeded', {
    category: 'excess',
    level: 'WARN',
    description: 'A client went over an expected service limit. Alert on it, if only to manage cost and scaling.',
    parameters: ['userid', 'max'],
    outcome: 'failure',
    ecs: ['event', ['api'], ['access', 'denied']],
    ocsf: [OCSF_HTTP_ACTIVITY, OCSF_ACTIVITY_UNKNOWN],
    context: [...THRESHOLD, ...REQUEST, ATTR_HTTP_RESPONSE_STATUS_CODE],
  }),

  // File Upload [UPLOAD]
  upload_complete: define('upload_complete', {
    category: 'upload',
    level: 'INFO',
    description: 'A file upload completed, the first step of validating it.',
    parameters: ['userid', 'filename', 'type'],
    outcome: 'success',
    ecs: ['event', ['file'], ['creation']],
    ocsf: [OCSF_FILE_HOSTING_ACTIVITY, 1],
    context: [...REQUEST],
  }),
  upload_stored: define('upload_stored', {
    category: 'upload',
    level: 'INFO',
    description:
      'An uploaded file was moved or renamed into storage. Never serve it back under its original name.',
    parameters: ['filename', 'from', 'to'],
    outcome: 'success',
    ecs: ['event', ['file'], ['change']],
    ocsf: [OCSF_FILE_HOSTING_ACTIVITY, 7],
  }),
  upload_validation: define('upload_validation', {
    category: 'upload',
    level: 'CRITICAL',
    levelByOutcome: { success: 'INFO', failure: 'CRITICAL' },
    description:
      'An uploaded file was checked for correctness (is it really of its type) and safety (virus scan, image processing). Result: passed, incomplete or failed. The cheat sheet gives INFO|CRITICAL: INFO when it passed, CRITICAL otherwise.',
    parameters: ['filename', 'validator', 'result'],
    outcome: 'unknown',
    ecs: ['event', ['file'], ['info']],
    ocsf: [OCSF_SCAN_ACTIVITY, 2],
    context: [ATTR_USER_ID],
  }),
  upload_delete: define('upload_delete', {
    category: 'upload',
    level: 'INFO',
    description: 'A file was deleted for normal reasons.',
    parameters: ['userid', 'fileid'],
    outcome: 'success',
    ecs: ['event', ['file'], ['deletion']],
    ocsf: [OCSF_FILE_HOSTING_ACTIVITY, 4],
    context: [...REQUEST],
  }),

  // Input Validation [INPUT]
  input_validation_fail: define('input_validation_fail', {
    category: 'input',
    level: 'WARN',
    description:
      'Server-side input validation failed: client-side validation was missing or bypassed. Either way an opportunity for attack.',
    parameters: ['fields', 'userid'],
    outcome: 'failure',
    ecs: ['event', ['web'], ['error']],
    ocsf: [OCSF_HTTP_ACTIVITY, OCSF_ACTIVITY_UNKNOWN],
    context: [...REQUEST, ATTR_URL_PATH],
  }),
  input_validation_discrete_fail: define('input_validation_discrete_fail', {
    category: 'input',
    level: 'WARN',
    description:
      'A value outside a fixed list of options (drop-down list, radio buttons) was submitted: a strong sign the client code was tampered with.',
    parameters: ['field', 'userid'],
    outcome: 'failure',
    ecs: ['event', ['web'], ['error']],
    ocsf: [OCSF_HTTP_ACTIVITY, OCSF_ACTIVITY_UNKNOWN],
    context: [...REQUEST, ATTR_URL_PATH],
  }),

  // Malicious Behavior [MALICIOUS]
  malicious_excess_404: define('malicious_excess_404', {
    category: 'malicious',
    level: 'WARN',
    description: 'A client requested many resources that do not exist, often forced browsing for files that might.',
    parameters: ['userid|IP', 'useragent'],
    outcome: 'unknown',
    ecs: ['alert', ['intrusion_detection'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [...THRESHOLD],
  }),
  malicious_extraneous: define('malicious_extraneous', {
    category: 'malicious',
    level: 'CRITICAL',
    description: 'A request carried input the handler does not expect, a sign of probing for validation errors.',
    parameters: ['userid|IP', 'inputname', 'useragent'],
    outcome: 'unknown',
    ecs: ['alert', ['intrusion_detection'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE],
  }),
  malicious_attack_tool: define('malicious_attack_tool', {
    category: 'malicious',
    level: 'CRITICAL',
    description: 'An attack tool (Nikto, sqlmap...) was recognised by its signature or user agent.',
    parameters: ['userid|IP', 'toolname', 'useragent'],
    outcome: 'unknown',
    ecs: ['alert', ['intrusion_detection'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE, ...RULE, ATTR_SECURITY_EVENT_COUNT],
  }),
  malicious_cors: define('malicious_cors', {
    category: 'malicious',
    level: 'CRITICAL',
    description: 'A cross-origin request came from an unauthorised origin. Block it, and log it: the attempt itself may be an attack.',
    parameters: ['userid|IP', 'useragent', 'referer'],
    outcome: 'failure',
    ecs: ['alert', ['intrusion_detection'], ['denied']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE],
  }),
  malicious_direct_reference: define('malicious_direct_reference', {
    category: 'malicious',
    level: 'CRITICAL',
    description:
      'A user tried to access an object directly without credentials or the authority to do so (insecure direct object reference).',
    parameters: ['userid|IP', 'useragent'],
    outcome: 'failure',
    ecs: ['alert', ['intrusion_detection'], ['denied']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_SECURITY_RESOURCE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE],
  }),

  // Privilege Changes [PRIVILEGE]
  privilege_permissions_changed: define('privilege_permissions_changed', {
    category: 'privilege',
    level: 'WARN',
    description:
      'Access permissions of a file or object changed (read/write/execute, authorization metadata). May reveal privilege escalation.',
    parameters: ['userid', 'file|object', 'fromlevel', 'tolevel'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['change']],
    ocsf: [OCSF_ENTITY_MANAGEMENT, 3],
    context: [...REQUEST],
  }),

  // Sensitive Data Changes [DATA]
  sensitive_create: define('sensitive_create', {
    category: 'sensitive',
    level: 'WARN',
    description: 'Data marked sensitive, or placed where sensitive data is kept, was created. Review periodically.',
    parameters: ['userid', 'file|object'],
    outcome: 'success',
    ecs: ['event', ['api'], ['creation']],
    ocsf: [OCSF_API_ACTIVITY, 1],
    context: [...REQUEST],
  }),
  sensitive_read: define('sensitive_read', {
    category: 'sensitive',
    level: 'WARN',
    description: 'Sensitive data was read. Review periodically.',
    parameters: ['userid', 'file|object'],
    outcome: 'success',
    ecs: ['event', ['api'], ['access']],
    ocsf: [OCSF_API_ACTIVITY, 2],
    context: [...REQUEST],
  }),
  sensitive_update: define('sensitive_update', {
    category: 'sensitive',
    level: 'WARN',
    description: 'Sensitive data was modified. Review periodically.',
    parameters: ['userid', 'file|object'],
    outcome: 'success',
    ecs: ['event', ['api'], ['change']],
    ocsf: [OCSF_API_ACTIVITY, 3],
    context: [...REQUEST],
  }),
  sensitive_delete: define('sensitive_delete', {
    category: 'sensitive',
    level: 'WARN',
    description:
      'Sensitive data was deleted, or better, marked for deletion while an archive is kept as legal and privacy rules require.',
    parameters: ['userid', 'file|object'],
    outcome: 'success',
    ecs: ['event', ['api'], ['deletion']],
    ocsf: [OCSF_API_ACTIVITY, 4],
    context: [...REQUEST],
  }),

  // Sequence Errors [SEQUENCE]
  sequence_fail: define('sequence_fail', {
    category: 'sequence',
    level: 'CRITICAL',
    description: 'A user reached a step of the application out of the expected order: possible business logic abuse.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['alert', ['intrusion_detection'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),

  // Session Management [SESSION]
  session_created: define('session_created', {
    category: 'session',
    level: 'INFO',
    description: 'A new authenticated session was created.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['session'], ['start']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  session_renewed: define('session_renewed', {
    category: 'session',
    level: 'INFO',
    description:
      'A user warned that their session would expire chose to extend it. Systems with confidential data may ask for verification first.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['session'], ['info']],
    ocsf: [OCSF_AUTHENTICATION, OCSF_ACTIVITY_OTHER, 'Session Renew'],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),
  session_expired: define('session_expired', {
    category: 'session',
    level: 'INFO',
    description: 'A session ended. Reasons include logout, timeout and revoked. Expire sessions rather than delete them.',
    parameters: ['userid', 'reason'],
    outcome: 'success',
    ecs: ['event', ['session'], ['end']],
    ocsf: [OCSF_AUTHENTICATION, 2],
    context: [ATTR_SESSION_ID],
  }),
  session_use_after_expire: define('session_use_after_expire', {
    category: 'session',
    level: 'CRITICAL',
    description: 'A request used an expired session: possible session hijacking, especially if login failures follow.',
    parameters: ['userid'],
    outcome: 'failure',
    ecs: ['alert', ['session'], ['info']],
    ocsf: [OCSF_AUTHENTICATION, 1],
    context: [ATTR_SESSION_ID, ...REQUEST],
  }),

  // System Events [SYS]
  sys_startup: define('sys_startup', {
    category: 'sys',
    level: 'WARN',
    description: 'The system or an instance of it started, with the user who started it where known.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['process'], ['start']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 3],
    context: [ATTR_SERVER_ADDRESS],
  }),
  sys_shutdown: define('sys_shutdown', {
    category: 'sys',
    level: 'WARN',
    description: 'The system or an instance of it shut down, with the user who stopped it where known.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['process'], ['end']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 4],
    context: [ATTR_SERVER_ADDRESS],
  }),
  sys_restart: define('sys_restart', {
    category: 'sys',
    level: 'WARN',
    description: 'The system restarted, with the user who restarted it where known.',
    parameters: ['userid'],
    outcome: 'success',
    ecs: ['event', ['process'], ['start']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 5],
    context: [ATTR_SERVER_ADDRESS],
  }),
  sys_crash: define('sys_crash', {
    category: 'sys',
    level: 'WARN',
    description: 'The system crashed from an unstable condition, possibly one an attack triggered.',
    parameters: ['reason'],
    outcome: 'failure',
    ecs: ['event', ['process'], ['end']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 4],
    context: [ATTR_ERROR_TYPE, ATTR_SERVER_ADDRESS],
  }),
  sys_monitor_disabled: define('sys_monitor_disabled', {
    category: 'sys',
    level: 'WARN',
    description: 'A monitoring agent (file integrity, resources, logging, antivirus) was stopped, and by whom.',
    parameters: ['userid', 'monitor'],
    outcome: 'success',
    ecs: ['event', ['configuration'], ['change']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 7],
  }),
  sys_monitor_enabled: define('sys_monitor_enabled', {
    category: 'sys',
    level: 'WARN',
    description: 'A monitoring agent was started again after being stopped, and by whom.',
    parameters: ['userid', 'monitor'],
    outcome: 'success',
    ecs: ['event', ['configuration'], ['change']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, 6],
  }),

  // User Management [USER]
  user_created: define('user_created', {
    category: 'user',
    level: 'WARN',
    description: 'A user account was created; note especially accounts created with administrative privileges.',
    parameters: ['userid', 'newuserid', 'attributes'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'creation']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 1],
    context: [...REQUEST],
  }),
  user_updated: define('user_updated', {
    category: 'user',
    level: 'WARN',
    description: 'A user account was updated; note especially updates that grant administrative privileges.',
    parameters: ['userid', 'onuserid', 'attributes'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_ACCOUNT_CHANGE, OCSF_ACTIVITY_OTHER, 'Update'],
    context: [...REQUEST],
  }),
  user_archived: define('user_archived', {
    category: 'user',
    level: 'WARN',
    description:
      'A user account was archived, which is better than deleting it. A malicious user could archive accounts to deny service.',
    parameters: ['userid', 'onuserid'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'change']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 5],
    context: [...REQUEST],
  }),
  user_deleted: define('user_deleted', {
    category: 'user',
    level: 'WARN',
    description: 'A user account was deleted. A malicious user could delete accounts to deny service.',
    parameters: ['userid', 'onuserid'],
    outcome: 'success',
    ecs: ['event', ['iam'], ['user', 'deletion']],
    ocsf: [OCSF_ACCOUNT_CHANGE, 6],
    context: [...REQUEST],
  }),

  // secotel extensions
  attack_detected: define('attack_detected', {
    category: 'malicious',
    // WARN, not CRITICAL: signature matches on internet-facing services are frequent (scanners)
    // and can be false positives; OWASP likewise gives WARN to the heuristic malicious_excess_404.
    level: 'WARN',
    description:
      'A request carried a payload matching an attack detection rule (SQL injection, XSS, path traversal...). Whether the attack succeeded is unknown.',
    parameters: [],
    outcome: 'unknown',
    ecs: ['alert', ['intrusion_detection'], ['info']],
    ocsf: [OCSF_DETECTION_FINDING, 1],
    context: [
      ...RULE,
      ATTR_SECURITY_ATTACK_LOCATION,
      ATTR_SECURITY_ATTACK_PAYLOAD,
      ATTR_USER_ID,
      ...REQUEST,
      ATTR_URL_PATH,
      ATTR_SECURITY_EVENT_COUNT,
    ],
  }),
  http_access: define('http_access', {
    category: 'audit',
    level: 'INFO',
    description: 'A request reached a route: the access audit trail of who called what, and with which response.',
    parameters: [],
    outcome: 'unknown',
    ecs: ['event', ['web'], ['access']],
    ocsf: [OCSF_HTTP_ACTIVITY, OCSF_ACTIVITY_UNKNOWN],
    context: [
      ATTR_USER_ID,
      ATTR_SESSION_ID,
      ...REQUEST,
      ATTR_URL_PATH,
      ATTR_HTTP_RESPONSE_STATUS_CODE,
      ATTR_SECURITY_HTTP_DURATION_MS,
    ],
  }),
  chain_checkpoint: define('chain_checkpoint', {
    category: 'sys',
    level: 'INFO',
    description:
      'The head of the tamper-evident hash chain of security records, signed when a signing key is configured: every record up to it can be verified with `secotel verify`.',
    parameters: [],
    outcome: 'success',
    ecs: ['event', ['process'], ['info']],
    ocsf: [OCSF_APPLICATION_LIFECYCLE, OCSF_ACTIVITY_OTHER, 'Checkpoint'],
    context: [
      ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ,
      ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
      ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD,
      ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST,
      ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE,
      ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID,
      ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL,
    ],
  }),
});
