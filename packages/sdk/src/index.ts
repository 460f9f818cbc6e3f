/**
 * @secotel/sdk: typed, redacted, trace-correlated security events on OpenTelemetry.
 *
 * Uses only `@opentelemetry/api`, so it works under whatever SDK setup the application has.
 */
import { diag, trace } from '@opentelemetry/api';
import { ATTR_SESSION_ID, ATTR_USER_ID } from '@secotel/semconv';
import type { SecurityEventAttributes } from '@secotel/semconv';
import { SecurityEventEmitter } from './emitter.js';
import type { SecurityAttributeRegistry, SecurityEventFields } from './fields.js';
import type { KnownSecurityEventName, UncheckedSecurityEventName } from './registry.js';
import { getShared, setShared } from './internal/global-state.js';
import { resolveSecurityOptions } from './options.js';
import type { SecurityOptions } from './options.js';
import { enterSecurityScope, getSecurityScope } from './scope.js';

export { SecurityEventError } from './errors.js';
export type { ChainOptions } from './chain.js';
export { DEFAULT_CHECKPOINT_EVERY, DEFAULT_CHECKPOINT_INTERVAL_MS } from './internal/chain-config.js';
export type { ResolvedChainOptions } from './internal/chain-config.js';
export type { SecurityEventErrorCode } from './errors.js';
export { SECURITY_EVENTS_METRIC, SecurityEventEmitter } from './emitter.js';
export { CUSTOM_ATTRIBUTE_PREFIX, customAttributes } from './fields.js';
export type { SecurityAttributeKey, SecurityAttributeRegistry, SecurityEventFields, SecurityFieldValue } from './fields.js';
export { resolveSecurityOptions } from './options.js';
export type { ResolvedSecurityOptions, SecurityOptions } from './options.js';
export { registerSecurityEvent, isValidEventName, uncheckedEventName } from './registry.js';
export type { CustomSecurityEventDefinition, KnownSecurityEventName, SecurityEventRegistry, UncheckedSecurityEventName } from './registry.js';
export type { SecurityEventName } from '@secotel/semconv';
export {
  attachSecurityScope,
  attachSecurityScopeToHolder,
  contextWithSecurityScope,
  createSecurityScope,
  enterSecurityScope,
  getSecurityScope,
  runWithSecurityScope,
} from './scope.js';
export type { SecurityScope } from './scope.js';
export { DEFAULT_THRESHOLD_MAX_KEYS, DEFAULT_THRESHOLD_RULES, ThresholdTracker, parseThreshold } from './thresholds.js';
export type { ThresholdHit, ThresholdRule, ThresholdSlot } from './thresholds.js';
export {
  DEFAULT_SENSITIVE_KEYS,
  REDACTED,
  REDACTION_PATTERNS,
  createRedactor,
  escapeControlCharacters,
  redactSecrets,
} from './redact.js';
export type { RedactionOptions, Redactor } from './redact.js';
export { KEYED_HASH_PREFIX } from './internal/keyed-hash.js';
export { SDK_NAME, SDK_VERSION } from './version.js';

const EMITTER_SLOT = 'emitter';

/** The emitter all calls go through, created from the environment on first use. */
export function getSecurityEmitter(): SecurityEventEmitter {
  let emitter = getShared<SecurityEventEmitter>(EMITTER_SLOT);
  if (emitter === undefined) {
    let options;
    try {
      options = resolveSecurityOptions();
    } catch (error) {
      // A bad SECOTEL_* variable must not break the application: report it and use defaults.
      diag.error('secotel: ignoring invalid SECOTEL_* configuration', error);
      options = resolveSecurityOptions({}, {});
    }
    emitter = new SecurityEventEmitter(options);
    setShared(EMITTER_SLOT, emitter);
  }
  return emitter;
}

/**
 * Configures secotel in code; options override the `SECOTEL_*` environment variables. Call it at
 * start-up: it replaces the configuration and resets threshold counters. Throws
 * `SecurityEventError` (code `SECOTEL_ERR_INVALID_OPTION`) for invalid options.
 */
export function initSecurity(options: SecurityOptions = {}): void {
  setShared(EMITTER_SLOT, new SecurityEventEmitter(resolveSecurityOptions(options)));
}

/**
 * Emits one security event as an OpenTelemetry LogRecord named `security.<name>`, correlated with
 * the active trace, with OWASP severity, category, outcome and a unique `security.event.id`; also
 * a count in `secotel.security.events` (and, with `spanEvents: true`, a span event on the active
 * span). Every value is redacted and escaped first. Synchronous, never throws (except in strict
 * mode) and never blocks.
 *
 * Typed: `name` is a catalogue name or one added to `SecurityEventRegistry` (for names known only
 * at run time, `uncheckedEventName(name)`); `fields` take the known attribute keys, keys added to
 * `SecurityAttributeRegistry` and `app.*` keys (others through `customAttributes()`).
 *
 * @returns the event's `security.event.id`, or undefined when it was dropped.
 * @example securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': ip, message: 'Failed login' })
 */
export function securityEvent(name: KnownSecurityEventName | UncheckedSecurityEventName, fields?: SecurityEventFields): string | undefined {
  return getSecurityEmitter().emit(name, fields);
}

/**
 * Emits a `security.chain_checkpoint` record now: the head of the hash chain, signed when a
 * signing key is configured, covering every security record so far. Checkpoints are also written
 * every `checkpointEvery` records, `checkpointIntervalMs` after the first record not yet covered,
 * and (final) after `sys_shutdown`. Call it with `{ final: true }` just before flushing at shutdown
 * if your shutdown path emits no `sys_shutdown`. A no-op without a chain key or signing key, or
 * when there is nothing new to cover. Never throws.
 *
 * @returns the checkpoint's place in the chain (the seq of its `security.event.id`), or undefined
 *   when none was written.
 */
export function emitChainCheckpoint(options: { final?: boolean } = {}): number | undefined {
  return getSecurityEmitter().emitChainCheckpoint(options.final === true);
}

/**
 * User attributes accepted by `setUser()`: `user.id`, `user.name`, `user.email`, `user.roles`,
 * `session.id`, and the `user.*` keys added to `SecurityAttributeRegistry` (other `user.*` keys
 * through `customAttributes()`). A misspelled key is a compile error.
 */
export type SecurityUser = {
  [K in 'user.id' | 'user.name' | 'user.email' | 'user.roles' | 'session.id']?: SecurityEventAttributes[K] | null | undefined;
} & {
  [K in Extract<keyof SecurityAttributeRegistry, `user.${string}`>]?: SecurityAttributeRegistry[K] | null | undefined;
};

/**
 * Associates a user with the current request so later security events of the request carry
 * `user.*` without repeating it, including those the HTTP instrumentation emits when the
 * response ends. `user.id` is replaced by a keyed hash when `hashUserId` is on. Pass `null` to
 * forget the user (for example at logout). Also sets `user.id` on the active span.
 *
 * Outside a request scope (no secotel instrumentation, no `runWithSecurityScope`) it opens a
 * scope for the rest of the current asynchronous flow. Never throws, except in strict mode.
 *
 * @returns true when the user was stored.
 */
export function setUser(user: SecurityUser | null): boolean {
  const emitter = getSecurityEmitter();
  try {
    const scope = getSecurityScope() ?? enterSecurityScope();
    for (const key of Object.keys(scope.attributes)) {
      if (key.startsWith('user.') || key === ATTR_SESSION_ID) delete scope.attributes[key];
    }
    if (user === null || user === undefined) return true;
    for (const key of Object.keys(user)) {
      const value = (user as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (!key.startsWith('user.') && key !== ATTR_SESSION_ID) {
        emitter.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `setUser() takes user.* keys and session.id, not ${JSON.stringify(key.slice(0, 64))}.`);
        continue;
      }
      emitter.putAttribute(scope.attributes, key, value);
    }
    const userId = scope.attributes[ATTR_USER_ID];
    if (userId !== undefined) trace.getActiveSpan()?.setAttribute(ATTR_USER_ID, userId);
    return true;
  } catch (error) {
    if (emitter.options.strict) throw error;
    diag.error('secotel: setUser failed', error);
    return false;
  }
}
