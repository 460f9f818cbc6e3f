// The traces-on observer: `@opentelemetry/instrumentation-http`'s hooks feed the security core.
// The request starts in `requestHook` (inside the server span's context); the response is judged
// in `applyCustomAttributesOnSpan`, which instrumentation-http calls from its own 'close' handling
// just before it ends the span, so no listener of secotel's is added to any request.
import { IncomingMessage, ServerResponse } from 'node:http';
import { context } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { attachSecurityScope, attachSecurityScopeToHolder, enterSecurityScope } from '@secotel/sdk';
import type { SecurityHttpOptions, ResolvedSecurityHttpOptions } from './config.js';
import { createSecurityCore } from './security-core.js';
import type { SecurityCore } from './security-core.js';

export { reportPendingFindings } from './security-core.js';

/** The instrumentation-http hooks secotel needs, ready to merge into its config. */
export interface SecurityHttpHooks {
  requestHook(span: Span, request: unknown): void;
  /**
   * Only needed when `applyCustomAttributesOnSpan` is not merged too (hooks used by hand): then it
   * listens for the response's 'close' to judge it.
   */
  responseHook(span: Span, response: unknown): void;
  /**
   * Judges the response (status events, waiting findings, the route on the span) when
   * instrumentation-http ends the server span. `securityHttpConfig()` and
   * `SecurityHttpInstrumentation` merge it for you.
   */
  applyCustomAttributesOnSpan(span: Span, request: unknown, response: unknown): void;
  /** The resolved settings these hooks run with. */
  readonly options: ResolvedSecurityHttpOptions;
  /** The security core the hooks feed, for an observer of another protocol (HTTP/2) to share. */
  readonly core: SecurityCore;
}

// Set on hooks whose `applyCustomAttributesOnSpan` is merged into the config that runs them, so
// their `responseHook` needs no 'close' listener of its own.
const END_IN_SPAN_HOOK = Symbol('secotel.instrumentation-http.end-in-span-hook');
type Marked = { [END_IN_SPAN_HOOK]?: true };

/** Tells `hooks` that its `applyCustomAttributesOnSpan` runs wherever its other hooks do. */
export function markEndObservedBySpanHook(hooks: SecurityHttpHooks): void {
  (hooks as Marked)[END_IN_SPAN_HOOK] = true;
}

/**
 * Builds the `requestHook` / `responseHook` / `applyCustomAttributesOnSpan` set that turns
 * `@opentelemetry/instrumentation-http` into a security sensor. Everything expensive is prepared
 * here, once. The hooks never throw, never read the request stream and never touch the response.
 */
export function createSecurityHttpHooks(options: SecurityHttpOptions = {}): SecurityHttpHooks {
  const core = createSecurityCore(options);
  const off = core.options.audit === 'off';
  const hooks: SecurityHttpHooks & Marked = {
    options: core.options,
    core,
    requestHook(span: Span, request: unknown): void {
      // The same request seen again (these hooks merged into a second HttpInstrumentation) is
      // left alone by the core: once is enough.
      if (off || !isIncoming(request)) return;
      const requestContext = context.active();
      const scope = core.startRequest({ request, span, context: requestContext });
      if (scope === undefined) return;
      // The handler, its awaits and its bound listeners run in this context: the scope rides on
      // its RPC metadata object, no AsyncLocalStorage entered, no map.
      const metadata = getRPCMetadata(requestContext);
      if (metadata !== undefined) {
        attachSecurityScopeToHolder(metadata, scope);
      } else {
        // Not instrumentation-http's server context (hooks called by hand).
        attachSecurityScope(span, scope);
        enterSecurityScope(scope);
      }
    },
    responseHook(_span: Span, response: unknown): void {
      if (off || hooks[END_IN_SPAN_HOOK] === true || !isServerResponse(response)) return;
      if (response.req === undefined || core.scopeOf(response.req) === undefined) return;
      response.once('close', onResponseClose);
    },
    applyCustomAttributesOnSpan(_span: Span, request: unknown, response: unknown): void {
      if (off || !isServerResponse(response) || !(request instanceof IncomingMessage)) return;
      core.endRequest(request, response.headersSent ? response.statusCode : undefined);
    },
  };
  function onResponseClose(this: ServerResponse): void {
    core.endRequest(this.req, this.headersSent ? this.statusCode : undefined);
  }
  return hooks;
}

function isIncoming(value: unknown): value is IncomingMessage {
  // The hook also runs for outgoing requests (a ClientRequest); only server requests count.
  return value instanceof IncomingMessage && value.statusCode === null;
}

function isServerResponse(value: unknown): value is ServerResponse {
  return value instanceof ServerResponse;
}
