// @secotel/semconv: the security-event schema as data. The whole public surface is here.

export { OWASP_LEVELS, SEVERITY_NUMBER_BY_LEVEL, type OwaspLevel } from './levels.js';
export { SECURITY_EVENT_CATEGORIES, SECURITY_EVENT_CATEGORY_TITLES, type SecurityEventCategory } from './categories.js';
export { SECURITY_EVENT_OUTCOMES, type SecurityEventOutcome } from './outcome.js';
export { levelForOutcome, type SecurityEventDefinition } from './definition.js';
export { SECOTEL_EXTENSION_EVENT_NAMES, SECURITY_EVENTS, type SecurityEventName } from './catalogue.js';
export {
  SECURITY_EVENT_NAME_PREFIX,
  getSecurityEventDefinition,
  isSecurityEventName,
  securityEventName,
} from './names.js';
export { OWASP_PARAMETER_ATTRIBUTES } from './parameters.js';
export {
  ATTRIBUTE_DEFINITIONS,
  ATTR_CLIENT_ADDRESS,
  ATTR_CLIENT_PORT,
  ATTR_ERROR_TYPE,
  ATTR_FILE_NAME,
  ATTR_HTTP_REQUEST_HEADER_REFERER,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_SECURITY_ACTION,
  ATTR_SECURITY_ATTACK_DETECTED,
  ATTR_SECURITY_ATTACK_LOCATION,
  ATTR_SECURITY_ATTACK_PAYLOAD,
  ATTR_SECURITY_ATTACK_RULE_IDS,
  ATTR_SECURITY_ATTACK_TOOL,
  ATTR_SECURITY_ATTEMPTS,
  ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD,
  ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID,
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE,
  ATTR_SECURITY_CHAIN_HMAC,
  ATTR_SECURITY_CHAIN_SEQ,
  ATTR_SECURITY_CHAIN_STREAM,
  ATTR_SECURITY_CHANGE_FROM,
  ATTR_SECURITY_CHANGE_TO,
  ATTR_SECURITY_ENTITLEMENTS,
  ATTR_SECURITY_EVENT_CATEGORY,
  ATTR_SECURITY_EVENT_COUNT,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_FILE_ID,
  ATTR_SECURITY_FILE_TYPE,
  ATTR_SECURITY_HTTP_DURATION_MS,
  ATTR_SECURITY_INPUT_FIELDS,
  ATTR_SECURITY_MONITOR_NAME,
  ATTR_SECURITY_REASON,
  ATTR_SECURITY_RESOURCE,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_REFERENCE,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_TARGET_USER_ID,
  ATTR_SECURITY_THRESHOLD_COUNT,
  ATTR_SECURITY_THRESHOLD_KEY,
  ATTR_SECURITY_THRESHOLD_WINDOW,
  ATTR_SECURITY_TOKEN_ID,
  ATTR_SECURITY_TRAVEL_FROM,
  ATTR_SECURITY_TRAVEL_TO,
  ATTR_SECURITY_VALIDATION_NAME,
  ATTR_SECURITY_VALIDATION_RESULT,
  ATTR_SERVER_ADDRESS,
  ATTR_SESSION_ID,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
  ATTR_USER_EMAIL,
  ATTR_USER_ID,
  ATTR_USER_NAME,
  ATTR_USER_ROLES,
  KNOWN_ATTRIBUTES,
  type SecurityAttributeDefinition,
  type SecurityAttributeType,
  type SecurityAttributeValue,
  type SecurityEventAttributes,
} from './attributes.js';
export { ECS_VERSION, type EcsEventCategory, type EcsEventKind, type EcsEventType, type EcsMapping } from './ecsMapping.js';
export { OCSF_SCHEMA_VERSION, type OcsfMapping } from './ocsfMapping.js';
export type { SecurityEventRecord } from './record.js';
export { ECS_DATASET, ECS_LABEL_MAX_LENGTH, ECS_MODULE, toECS, type EcsDocument, type EcsEndpoint } from './toEcs.js';
export {
  toOCSF,
  toOCSFChain,
  type OcsfAttestation,
  type OcsfEndpoint,
  type OcsfEvent,
  type OcsfFingerprint,
  type OcsfPrevEvent,
  type OcsfUser,
  type ToOcsfOptions,
} from './toOcsf.js';
export { securityEventJsonSchema } from './schema.js';
export { ocsfEventJsonSchema } from './ocsfSchema.js';
export {
  CHAIN_CHECKPOINT_STATEMENT_VERSION,
  CHAIN_ENCODING_VERSION,
  CHAIN_KEY_MIN_BYTES,
  canonicalChainInput,
  chainCheckpointStatement,
  chainKeyFromFile,
  type ChainCheckpointStatement,
  type ChainRecordFields,
  type ChainValue,
} from './chain.js';
