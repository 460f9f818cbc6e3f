import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';
import type { AttributeValue, Span } from '@opentelemetry/api';
import { sharedSingleton } from './internal/global-state.js';

/**
 * Per-request security context: the user set with `setUser()` and any attributes that every
 * security event of the request should carry. It is mutable on purpose: a handler calls
 * `setUser()` after authentication and events emitted later in the request, including those the
 * HTTP instrumentation emits when the response ends, see the user.
 */
export interface SecurityScope {
  /** Attributes added to every security event emitted inside this scope (already made safe). */
  readonly attributes: Record<string, AttributeValue>;
  /**
   * Categories of the failure events (outcome `failure`) emitted in this scope so far, so an
   * instrumentation can avoid repeating what the application already reported (a 401 after the
   * app's own `authn_login_fail`).
   */
  readonly reportedFailures: Set<string>;
}

const storage = sharedSingleton('scope-storage', () => new AsyncLocalStorage<SecurityScope>());
const scopesBySpan = sharedSingleton('scopes-by-span', () => new WeakMap<Span, SecurityScope>());

/**
 * The scope of the current asynchronous context, if any; else the scope attached to the active
 * span. The fallback matters where only the OpenTelemetry context survives: instrumentation-http
 * binds its context to the request's event emitter, so a plain `req.on('data'/'end')` listener
 * runs with the server span active but outside the scope entered at request start.
 */
export function getSecurityScope(): SecurityScope | undefined {
  const scope = storage.getStore();
  if (scope !== undefined) return scope;
  const span = trace.getActiveSpan();
  return span === undefined ? undefined : scopesBySpan.get(span);
}

/** Ties a scope to a span (a request's server span) for {@link getSecurityScope}'s fallback. */
export function attachSecurityScope(span: Span, scope: SecurityScope): void {
  scopesBySpan.set(span, scope);
}

/** Runs `fn` inside a fresh security scope and returns its result. */
export function runWithSecurityScope<T>(fn: () => T, scope: SecurityScope = createSecurityScope()): T {
  return storage.run(scope, fn);
}

/**
 * Makes a fresh scope current for the rest of the current synchronous execution and everything
 * asynchronous started from it. Meant for instrumentations that cannot wrap the request handler
 * (for example `@opentelemetry/instrumentation-http` hooks, which run just before it): the
 * returned scope can be kept and read again when the response ends.
 */
export function enterSecurityScope(): SecurityScope {
  const scope = createSecurityScope();
  storage.enterWith(scope);
  return scope;
}

export function createSecurityScope(): SecurityScope {
  return { attributes: Object.create(null) as Record<string, AttributeValue>, reportedFailures: new Set() };
}
