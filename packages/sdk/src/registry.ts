import {
  SECURITY_EVENT_NAME_PREFIX,
  SEVERITY_NUMBER_BY_LEVEL,
  getSecurityEventDefinition,
} from '@secotel/semconv';
import type { OwaspLevel, SecurityEventCategory, SecurityEventName, SecurityEventOutcome } from '@secotel/semconv';
import { SecurityEventError } from './errors.js';
import { sharedSingleton } from './internal/global-state.js';

/**
 * Names of the application's own events, for the type of `securityEvent()`'s name. Empty here;
 * add to it by declaration merging next to the `registerSecurityEvent()` call, the way typed
 * event emitters do it (the value is not used, write `true`):
 *
 * ```ts
 * declare module '@secotel/sdk' {
 *   interface SecurityEventRegistry {
 *     payment_refund_denied: true;
 *   }
 * }
 * registerSecurityEvent('payment_refund_denied', { category: 'payment', level: 'WARN', description: 'A refund was refused' });
 * securityEvent('payment_refund_denied', { 'user.id': 'carol' });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- empty on purpose: applications augment it
export interface SecurityEventRegistry {}

/**
 * The names `securityEvent()` accepts at compile time: the catalogue's (except `chain_checkpoint`,
 * which only the hash chain writes) and those added to {@link SecurityEventRegistry}, bare or with
 * the `security.` prefix. A misspelled name is a compile error; for a name only known at run time
 * use {@link uncheckedEventName}.
 */
export type KnownSecurityEventName =
  | Exclude<SecurityEventName, 'chain_checkpoint'>
  | Extract<keyof SecurityEventRegistry, string>
  | `security.${Exclude<SecurityEventName, 'chain_checkpoint'> | Extract<keyof SecurityEventRegistry, string>}`;

/** An event name that skips the compile-time check: see {@link uncheckedEventName}. */
export type UncheckedSecurityEventName = string & { readonly __secotelUncheckedEventName: true };

/**
 * Passes a name only known at run time (read from configuration, built from data) to
 * `securityEvent()` without the compile-time check. The name is checked at run time as always:
 * unknown names are emitted with category `custom` and a one-time `diag` warning, or throw in
 * strict mode. Returns `name` unchanged.
 */
export function uncheckedEventName(name: string): UncheckedSecurityEventName {
  return name as UncheckedSecurityEventName;
}

/** What an application says about an event of its own (`registerSecurityEvent`). */
export interface CustomSecurityEventDefinition {
  /** Group of the event; one of the OWASP groups or your own lower-case word. */
  category: SecurityEventCategory | (string & {});
  /** OWASP level: INFO, WARN or CRITICAL. */
  level: OwaspLevel;
  /** One sentence for people reading the event catalogue or the log. */
  description: string;
  /** Default `security.event.outcome`. Default `unknown`. */
  outcome?: SecurityEventOutcome;
}

/** Everything the emitter needs about one event name, resolved once and cached. */
export interface ResolvedEventInfo {
  /** Short name, e.g. `authn_login_fail`. */
  readonly name: string;
  /** Name as emitted, e.g. `security.authn_login_fail`. */
  readonly eventName: string;
  readonly category: string;
  readonly level: OwaspLevel;
  readonly severityNumber: number;
  readonly outcome: SecurityEventOutcome;
  /** Level per outcome where the vocabulary gives one (e.g. upload_validation: INFO when it passed). */
  readonly levelByOutcome: Readonly<Partial<Record<SecurityEventOutcome, OwaspLevel>>> | undefined;
  readonly description: string;
  /** False for names that are neither in the catalogue nor registered (category `custom`). */
  readonly known: boolean;
}

const EVENT_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63}){0,7}$/;
const CATEGORY_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;
const LEVELS: ReadonlySet<string> = new Set(['INFO', 'WARN', 'CRITICAL']);
const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure', 'unknown']);

const customEvents = sharedSingleton('custom-events', () => new Map<string, ResolvedEventInfo>());
// Counts registrations, so that emitters can cache what they resolved and notice a new one.
const registrations = sharedSingleton('custom-events-version', () => ({ version: 0 }));

/** Changes whenever an event is registered: what `resolveEventInfo()` returns may have changed. */
export function registryVersion(): number {
  return registrations.version;
}

/** Strips the `security.` prefix if present. */
export function shortEventName(name: string): string {
  return name.startsWith(SECURITY_EVENT_NAME_PREFIX) ? name.slice(SECURITY_EVENT_NAME_PREFIX.length) : name;
}

/** True for names secotel accepts: lower-case words of letters, digits and `_`, optionally dotted. */
export function isValidEventName(name: string): boolean {
  return EVENT_NAME_PATTERN.test(name);
}

/**
 * Registers an application-specific security event so it is emitted with its own category and
 * level instead of `custom`/INFO. Call it at start-up. Throws `SecurityEventError` for an invalid
 * definition or for a name that the built-in catalogue already defines. Add the name to
 * {@link SecurityEventRegistry} too, so that `securityEvent()` accepts it at compile time.
 */
export function registerSecurityEvent(name: string, definition: CustomSecurityEventDefinition): void {
  const short = shortEventName(name);
  if (!isValidEventName(short)) {
    throw new SecurityEventError(
      'SECOTEL_ERR_INVALID_EVENT_NAME',
      `Invalid security event name "${name}": use lower-case letters, digits and "_" (for example "payment_refund_denied").`,
    );
  }
  if (getSecurityEventDefinition(short) !== undefined) {
    throw new SecurityEventError(
      'SECOTEL_ERR_INVALID_EVENT_NAME',
      `"${short}" is already in the secotel event catalogue; use it as is instead of registering it.`,
    );
  }
  if (definition === null || typeof definition !== 'object') {
    throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `registerSecurityEvent("${short}") needs { category, level, description }.`);
  }
  const { category, level, description } = definition;
  const outcome = definition.outcome ?? 'unknown';
  if (typeof category !== 'string' || !CATEGORY_PATTERN.test(category)) {
    throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `Event "${short}": category must be a lower-case word, got ${String(category)}.`);
  }
  if (!LEVELS.has(level)) {
    throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `Event "${short}": level must be INFO, WARN or CRITICAL, got ${String(level)}.`);
  }
  if (!OUTCOMES.has(outcome)) {
    throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `Event "${short}": outcome must be success, failure or unknown.`);
  }
  registrations.version++;
  customEvents.set(short, Object.freeze({
    name: short,
    eventName: SECURITY_EVENT_NAME_PREFIX + short,
    category,
    level,
    severityNumber: SEVERITY_NUMBER_BY_LEVEL[level],
    outcome,
    levelByOutcome: undefined,
    description: typeof description === 'string' ? description : '',
    known: true,
  }));
}

/** Resolves a name against the catalogue and the registered events; undefined if invalid. */
export function resolveEventInfo(name: string): ResolvedEventInfo | undefined {
  const short = shortEventName(name);
  const definition = getSecurityEventDefinition(short);
  if (definition !== undefined) {
    return Object.freeze({
      name: short,
      eventName: SECURITY_EVENT_NAME_PREFIX + short,
      category: definition.category,
      level: definition.level,
      severityNumber: SEVERITY_NUMBER_BY_LEVEL[definition.level],
      outcome: definition.outcome,
      levelByOutcome: definition.levelByOutcome,
      description: definition.description,
      known: true,
    });
  }
  const custom = customEvents.get(short);
  if (custom !== undefined) return custom;
  if (!isValidEventName(short)) return undefined;
  return Object.freeze({
    name: short,
    eventName: SECURITY_EVENT_NAME_PREFIX + short,
    category: 'custom',
    level: 'INFO',
    severityNumber: SEVERITY_NUMBER_BY_LEVEL.INFO,
    outcome: 'unknown',
    levelByOutcome: undefined,
    description: short,
    known: false,
  });
}
