import { AsyncLocalStorage } from 'node:async_hooks';
import { context, createContextKey, trace } from '@opentelemetry/api';
import type { AttributeValue, Context, Span } from '@opentelemetry/api';
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
 * The key of a scope in an OpenTelemetry context, and the property under which a scope is kept on
 * an object a context carries (see {@link attachSecurityScopeToHolder}). `Symbol.for`, so the
 * CommonJS and ESM copies of the SDK agree.
 */
const SCOPE_KEY = Symbol.for('secotel.security-scope.v1');
// `@opentelemetry/core`'s RPC metadata key: context keys are `Symbol.for(description)`, so this is
// the very key instrumentation-http stores each server request's metadata object under.
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

type ScopeHolder = { [SCOPE_KEY]?: SecurityScope };

/**
 * The scope of the current asynchronous context, if any; else the one the active OpenTelemetry
 * context carries (set with {@link contextWithSecurityScope}, or kept on the request's RPC
 * metadata object with {@link attachSecurityScopeToHolder}); else the scope attached to the active
 * span. The context lookups matter where only the OpenTelemetry context survives:
 * instrumentation-http binds its context to the request's event emitter, so a plain
 * `req.on('data'/'end')` listener runs with the server request's context active.
 */
export function getSecurityScope(): SecurityScope | undefined {
  const scope = storage.getStore();
  if (scope !== undefined) return scope;
  return scopeInContext(context.active());
}

/**
 * {@link getSecurityScope} with the active context already at hand (`securityEvent()` needs it
 * anyway), so the context is looked up once per event.
 * @internal
 */
export function currentSecurityScope(active: Context): SecurityScope | undefined {
  const scope = storage.getStore();
  if (scope !== undefined) return scope;
  return scopeInContext(active);
}

/** The scope `active` carries, or its span's: {@link getSecurityScope} after AsyncLocalStorage. */
function scopeInContext(active: Context): SecurityScope | undefined {
  const direct = active.getValue(SCOPE_KEY) as SecurityScope | undefined;
  if (direct !== undefined) return direct;
  const holder = active.getValue(RPC_METADATA_KEY) as ScopeHolder | undefined;
  if (holder !== undefined && holder !== null) {
    const held = holder[SCOPE_KEY];
    if (held !== undefined) return held;
  }
  const span = trace.getSpan(active);
  return span === undefined ? undefined : scopesBySpan.get(span);
}

/** `ctx` with `scope` in it: {@link getSecurityScope} finds it wherever `ctx` is active. */
export function contextWithSecurityScope(ctx: Context, scope: SecurityScope): Context {
  return ctx.setValue(SCOPE_KEY, scope);
}

/**
 * Makes `scope` the request's scope for {@link getSecurityScope} without a new context or an
 * `AsyncLocalStorage.enterWith`: it is kept on `holder`, the RPC metadata object (from
 * `@opentelemetry/core`'s `getRPCMetadata`) of the active context, which instrumentation-http
 * creates per server request and keeps active in the handler and its bound listeners. For
 * instrumentations that run inside that context (instrumentation-http's `requestHook`). Only when
 * a scope entered earlier in this asynchronous flow (which lookups prefer) would hide it is
 * `scope` entered as well.
 */
export function attachSecurityScopeToHolder(holder: object, scope: SecurityScope): void {
  (holder as ScopeHolder)[SCOPE_KEY] = scope;
  if (storage.getStore() !== undefined) storage.enterWith(scope);
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
 * Makes a fresh scope (or `scope`) current for the rest of the current synchronous execution and everything
 * asynchronous started from it. Meant for instrumentations that cannot wrap the request handler
 * (for example `@opentelemetry/instrumentation-http` hooks, which run just before it): the
 * returned scope can be kept and read again when the response ends.
 */
export function enterSecurityScope(scope: SecurityScope = createSecurityScope()): SecurityScope {
  storage.enterWith(scope);
  return scope;
}

export function createSecurityScope(): SecurityScope {
  return { attributes: Object.create(null) as Record<string, AttributeValue>, reportedFailures: new Set() };
}
