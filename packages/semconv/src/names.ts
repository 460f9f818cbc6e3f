import { SECURITY_EVENTS, type SecurityEventName } from './catalogue.js';
import type { SecurityEventDefinition } from './definition.js';

/** Prefix of every security event name as emitted (`security.authn_login_fail`). */
export const SECURITY_EVENT_NAME_PREFIX = 'security.';

/**
 * The event name as emitted: `authn_login_fail` becomes `security.authn_login_fail`.
 * A name that already has the prefix is returned unchanged.
 */
export function securityEventName(name: string): string {
  return name.startsWith(SECURITY_EVENT_NAME_PREFIX) ? name : SECURITY_EVENT_NAME_PREFIX + name;
}

// Both spellings of every name, so a lookup is one Map access on the hot path.
const DEFINITIONS_BY_NAME = new Map<string, SecurityEventDefinition>();
for (const definition of Object.values(SECURITY_EVENTS)) {
  DEFINITIONS_BY_NAME.set(definition.name, definition);
  DEFINITIONS_BY_NAME.set(SECURITY_EVENT_NAME_PREFIX + definition.name, definition);
}

/**
 * The catalogue entry for an event, by bare (`authn_login_fail`) or emitted
 * (`security.authn_login_fail`) name; `undefined` for names outside the catalogue.
 */
export function getSecurityEventDefinition(name: string): SecurityEventDefinition | undefined {
  return DEFINITIONS_BY_NAME.get(name);
}

/** True when `name` is the bare name of a catalogue event (`authn_login_fail`, not `security.authn_login_fail`). */
export function isSecurityEventName(name: string): name is SecurityEventName {
  return Object.hasOwn(SECURITY_EVENTS, name);
}
