/**
 * Whether the action an event describes succeeded, in the sense of ECS `event.outcome`:
 * `authn_login_fail` is a `failure` (the login failed), `authn_login_lock` a `success`
 * (the account was locked), a detection whose effect is not known is `unknown`.
 *
 * @see https://www.elastic.co/guide/en/ecs/current/ecs-allowed-values-event-outcome.html
 */
export type SecurityEventOutcome = 'success' | 'failure' | 'unknown';

/** Every {@link SecurityEventOutcome}. */
export const SECURITY_EVENT_OUTCOMES: readonly SecurityEventOutcome[] = Object.freeze([
  'success',
  'failure',
  'unknown',
] as const);
