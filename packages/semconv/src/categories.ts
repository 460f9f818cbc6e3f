/**
 * Group of a security event: the OWASP Logging Vocabulary prefix in lower case
 * (`authn`, `authz`, ...), plus `audit` for secotel's access audit trail and `custom`
 * for events an application defines itself.
 */
export type SecurityEventCategory =
  | 'authn'
  | 'authz'
  | 'crypt'
  | 'excess'
  | 'upload'
  | 'input'
  | 'malicious'
  | 'privilege'
  | 'sensitive'
  | 'sequence'
  | 'session'
  | 'sys'
  | 'user'
  | 'audit'
  | 'custom';

/** Human-readable title of each category, in the order of the cheat sheet. */
export const SECURITY_EVENT_CATEGORY_TITLES: Readonly<Record<SecurityEventCategory, string>> = Object.freeze({
  authn: 'Authentication',
  authz: 'Authorization',
  crypt: 'Encryption and decryption',
  excess: 'Excessive use',
  upload: 'File upload',
  input: 'Input validation',
  malicious: 'Malicious behaviour',
  privilege: 'Privilege changes',
  sensitive: 'Sensitive data changes',
  sequence: 'Sequence errors',
  session: 'Session management',
  sys: 'System events',
  user: 'User management',
  audit: 'Audit (secotel extension)',
  custom: 'Custom events (defined by the application)',
});

/** Every {@link SecurityEventCategory}, in the order of the cheat sheet. */
export const SECURITY_EVENT_CATEGORIES: readonly SecurityEventCategory[] = Object.freeze(
  Object.keys(SECURITY_EVENT_CATEGORY_TITLES) as SecurityEventCategory[],
);
