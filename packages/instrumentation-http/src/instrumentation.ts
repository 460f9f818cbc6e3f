import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { SecurityHttpOptions } from './config.js';
import { frameworkRouteModules } from './framework-routes.js';
import { createSecurityHttpHooks } from './security-hooks.js';

/** Configuration: everything `@opentelemetry/instrumentation-http` takes, plus secotel's options. */
export interface SecurityHttpInstrumentationConfig extends HttpInstrumentationConfig {
  /** secotel's settings (audit mode, trusted proxies, thresholds, login routes, body limit). */
  security?: SecurityHttpOptions;
}

/**
 * Returns an `HttpInstrumentationConfig` whose hooks add secotel's security sensor, calling your
 * own `requestHook` / `responseHook` afterwards. For applications that create
 * `HttpInstrumentation` themselves: `new HttpInstrumentation(securityHttpConfig({ ...yours }))`.
 */
export function securityHttpConfig(config: SecurityHttpInstrumentationConfig = {}): HttpInstrumentationConfig {
  const { security, ...httpConfig } = config;
  const hooks = createSecurityHttpHooks(security);
  const userRequestHook = httpConfig.requestHook;
  const userResponseHook = httpConfig.responseHook;
  return {
    ...httpConfig,
    requestHook(span, request) {
      hooks.requestHook(span, request);
      userRequestHook?.(span, request);
    },
    responseHook(span, response) {
      hooks.responseHook(span, response);
      userResponseHook?.(span, response);
    },
  };
}

/**
 * `@opentelemetry/instrumentation-http` with secotel's security hooks: for every request on an
 * `http`/`https` server (plain Node, Express, Fastify, Koa, Nest, ...) it reports attack payloads,
 * scanners, 401/403/429/400/422 responses, 404 floods and, in audit mode `all`, every access.
 */
export class SecurityHttpInstrumentation extends HttpInstrumentation {
  constructor(config: SecurityHttpInstrumentationConfig = {}) {
    super(securityHttpConfig(config));
  }

  /**
   * instrumentation-http's `http`/`https` modules, plus the Koa and Hapi hooks that tell secotel
   * (and so the server span) which route matched. The base class types its result as exactly two
   * definitions; it treats it as a list, which is what the extra ones rely on.
   */
  override init(): ReturnType<HttpInstrumentation['init']> {
    return [...super.init(), ...frameworkRouteModules()] as unknown as ReturnType<HttpInstrumentation['init']>;
  }
}
