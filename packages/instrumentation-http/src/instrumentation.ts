import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { SecurityHttpOptions } from './config.js';
import { frameworkRouteModules } from './framework-routes.js';
import { http2ServerModule } from './http2-observer.js';
import { otherHttpInstrumentationModule, withSecurityHooks } from './other-http-instrumentations.js';
import { createSecurityHttpHooks } from './security-hooks.js';
import type { SecurityHttpHooks } from './security-hooks.js';

/** Configuration: everything `@opentelemetry/instrumentation-http` takes, plus secotel's options. */
export interface SecurityHttpInstrumentationConfig extends HttpInstrumentationConfig {
  /** secotel's settings (audit mode, trusted proxies, thresholds, login routes, body limit). */
  security?: SecurityHttpOptions;
}

/**
 * Returns an `HttpInstrumentationConfig` whose hooks add secotel's security sensor, calling your
 * own `requestHook` / `applyCustomAttributesOnSpan` afterwards (a `responseHook` of yours is kept
 * as it is). For applications that create
 * `HttpInstrumentation` themselves: `new HttpInstrumentation(securityHttpConfig({ ...yours }))`.
 */
export function securityHttpConfig(config: SecurityHttpInstrumentationConfig = {}): HttpInstrumentationConfig {
  const { security, ...httpConfig } = config;
  return withSecurityHooks(createSecurityHttpHooks(security), httpConfig);
}

/**
 * `@opentelemetry/instrumentation-http` with secotel's security hooks: for every request on an
 * `http`/`https` server (plain Node, Express, Fastify, Koa, Nest, ...) it reports attack payloads,
 * scanners, 401/403/429/400/422 responses, 404 floods and, in audit mode `all`, every access.
 */
export class SecurityHttpInstrumentation extends HttpInstrumentation {
  /** The hooks this instance runs, also given to `HttpInstrumentation`s loaded later. */
  private readonly securityHooks: SecurityHttpHooks;

  constructor(config: SecurityHttpInstrumentationConfig = {}) {
    const { security, ...httpConfig } = config;
    const hooks = createSecurityHttpHooks(security);
    super(withSecurityHooks(hooks, httpConfig));
    this.securityHooks = hooks;
  }

  /**
   * instrumentation-http's `http`/`https` modules, plus the Koa and Hapi hooks that tell secotel
   * (and so the server span) which route matched, and the hook that gives another copy of
   * instrumentation-http loaded later (auto-instrumentations-node's) these security hooks instead
   * of letting it replace them. The base class types its result as exactly two definitions; it
   * treats it as a list, which is what the extra ones rely on.
   */
  override init(): ReturnType<HttpInstrumentation['init']> {
    // Runs inside the base constructor, before `securityHooks` is set: the module hook reads it
    // when the module is required, by which time it is.
    const current = () => this.securityHooks;
    const hooks: SecurityHttpHooks = {
      requestHook: (span, request) => current().requestHook(span, request),
      responseHook: (span, response) => current().responseHook(span, response),
      applyCustomAttributesOnSpan: (span, request, response) => current().applyCustomAttributesOnSpan(span, request, response),
      get options() {
        return current().options;
      },
      get core() {
        return current().core;
      },
    };
    // HTTP/2 servers, which instrumentation-http leaves alone: spans and the same security core.
    const http2 = http2ServerModule({
      instrumentation: this,
      tracer: () => this.tracer,
      core: () => this.securityHooks.core,
      wrap: (prototype, wrapper) => this._wrap(prototype, 'emit', wrapper),
      unwrap: (prototype) => this._unwrap(prototype, 'emit'),
    });
    return [...super.init(), ...frameworkRouteModules(), otherHttpInstrumentationModule(hooks), http2] as unknown as ReturnType<HttpInstrumentation['init']>;
  }
}
