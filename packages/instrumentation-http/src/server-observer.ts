// The security-only observer: node:http's own diagnostics channels feed the security core, with
// no HttpInstrumentation, no span and no wrapped `emit`. Node publishes
// `http.server.request.start` just before the server emits 'request' (in the same synchronous
// call, so a scope entered there is the handler's) and `http.server.response.finish` when the
// response finished. It publishes nothing when the client leaves first; the core asks for a
// 'close' listener only for the requests where that matters.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { IncomingMessage, ServerResponse } from 'node:http';
import { diag } from '@opentelemetry/api';
import { InstrumentationBase } from '@opentelemetry/instrumentation';
import type { InstrumentationConfig, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { enterSecurityScope, getSecurityScope } from '@secotel/sdk';
import type { SecurityHttpOptions, ResolvedSecurityHttpOptions } from './config.js';
import { frameworkRouteModules } from './framework-routes.js';
import { http2ServerModule } from './http2-observer.js';
import { createSecurityCore } from './security-core.js';
import type { ResponseEndWatcher, SecurityCore } from './security-core.js';

const REQUEST_START = 'http.server.request.start';
const RESPONSE_FINISH = 'http.server.response.finish';

interface ServerChannelMessage {
  request?: unknown;
  response?: unknown;
}

/** A running diagnostics-channel observer. */
export interface HttpServerObserver {
  readonly options: ResolvedSecurityHttpOptions;
  /** The security core it feeds (for observers of other protocols to share). */
  readonly core: SecurityCore;
  /** Subscribes (idempotent). */
  start(): void;
  /** Unsubscribes and puts `IncomingMessage.prototype.push` back (idempotent). */
  stop(): void;
}

/**
 * Observes every `http`/`https` server in the process through node:http's diagnostics channels
 * and feeds secotel's security core: the same events, detection, client address, user scope and
 * `http.route` as the instrumentation-http hooks, without tracing. Events carry the caller's trace
 * context (`traceparent`) when the request has one.
 */
export function createHttpServerObserver(options: SecurityHttpOptions = {}, ignore?: (request: IncomingMessage) => boolean): HttpServerObserver {
  const core = createSecurityCore(options);
  const watcher: ResponseEndWatcher = {
    watchClose(_request, response) {
      if (response instanceof ServerResponse) response.once('close', onResponseClose);
    },
  };
  function onResponseClose(this: ServerResponse): void {
    core.endRequest(this.req, this.headersSent ? this.statusCode : undefined);
  }
  const onRequestStart = (message: unknown): void => {
    const { request, response } = message as ServerChannelMessage;
    if (!(request instanceof IncomingMessage) || (ignore !== undefined && isIgnored(ignore, request))) return;
    const scope = core.startRequest({ request, response, watcher });
    // Published inside the parser callback that emits 'request' next: the handler and everything
    // it starts run in this scope.
    if (scope !== undefined) enterSecurityScope(scope);
  };
  const onResponseFinish = (message: unknown): void => {
    const { request, response } = message as ServerChannelMessage;
    if (request instanceof IncomingMessage && response instanceof ServerResponse) core.endRequest(request, response.statusCode);
  };
  let started = false;
  return {
    options: core.options,
    core,
    start() {
      if (started || core.options.audit === 'off') return;
      started = true;
      subscribe(REQUEST_START, onRequestStart);
      subscribe(RESPONSE_FINISH, onResponseFinish);
      enterScopeOnPush(core);
    },
    stop() {
      if (!started) return;
      started = false;
      unsubscribe(REQUEST_START, onRequestStart);
      unsubscribe(RESPONSE_FINISH, onResponseFinish);
      leaveScopeOnPush(core);
    },
  };
}

function isIgnored(ignore: (request: IncomingMessage) => boolean, request: IncomingMessage): boolean {
  try {
    return ignore(request) === true;
  } catch (error) {
    diag.error('secotel: ignoreIncomingRequestHook threw', error);
    return false;
  }
}

type Push = IncomingMessage['push'];
const cores = new Set<SecurityCore>();
let originalPush: Push | undefined;

/**
 * Body chunks and the end of a body reach a plain `req.on('data'/'end')` listener from the HTTP
 * parser's own callbacks, outside the handler's asynchronous context. One wrapper on the
 * prototype (not one per request) enters the request's scope first when the stream has a
 * consumer, so `setUser()` there finds it, as with instrumentation-http's bound emitters.
 */
function enterScopeOnPush(core: SecurityCore): void {
  cores.add(core);
  if (originalPush !== undefined) return;
  const push = IncomingMessage.prototype.push;
  originalPush = push;
  IncomingMessage.prototype.push = function pushInRequestScope(this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.readableFlowing !== null) {
      try {
        for (const core of cores) {
          const scope = core.scopeOf(this);
          if (scope === undefined) continue;
          if (getSecurityScope() !== scope) enterSecurityScope(scope);
          break;
        }
      } catch (error) {
        diag.error('secotel: entering the request scope failed', error);
      }
    }
    return push.call(this, chunk, encoding);
  };
}

function leaveScopeOnPush(core: SecurityCore): void {
  cores.delete(core);
  if (cores.size > 0 || originalPush === undefined) return;
  IncomingMessage.prototype.push = originalPush;
  originalPush = undefined;
}

/** Configuration of {@link SecurityHttpServerObserver}. */
export interface SecurityHttpServerObserverConfig extends InstrumentationConfig {
  /** secotel's settings (audit mode, trusted proxies, thresholds, login routes, body limit). */
  security?: SecurityHttpOptions;
  /** Requests for which it returns true are not observed (as instrumentation-http's option of the same name). */
  ignoreIncomingRequestHook?: (request: IncomingMessage) => boolean;
}

/**
 * secotel's HTTP security sensor without tracing (security-only mode): observes `http`/`https`
 * servers through node:http's diagnostics channels instead of `@opentelemetry/instrumentation-http`
 * and carries the Koa and Hapi module hooks that tell it which route matched. Register it like any
 * instrumentation (it creates no spans); `register` uses it when traces are not exported.
 */
export class SecurityHttpServerObserver extends InstrumentationBase<SecurityHttpServerObserverConfig> {
  // Set after the base constructor, which already calls enable(): enable() starts it once it exists.
  private observer: HttpServerObserver | undefined;

  constructor(config: SecurityHttpServerObserverConfig = {}) {
    super('@secotel/instrumentation-http/server-observer', '0.1.0', config);
    this.observer = createHttpServerObserver(config.security, config.ignoreIncomingRequestHook);
    if (this._enabled) this.observer.start();
  }

  /** The resolved security settings. */
  get securityOptions(): ResolvedSecurityHttpOptions | undefined {
    return this.observer?.options;
  }

  /** The security core the observer feeds, for an observer of another protocol to share. */
  get securityCore(): SecurityCore | undefined {
    return this.observer?.core;
  }

  protected override init(): InstrumentationModuleDefinition[] {
    // HTTP/2 servers, without spans, on the same core (see http2-observer.ts). Runs inside the
    // base constructor: the observer is read when a stream starts, by which time it is set.
    const http2 = http2ServerModule({
      core: () => this.observer?.core as SecurityCore,
      config: () => ({ ignoreIncomingRequestHook: this.getConfig().ignoreIncomingRequestHook }),
      wrap: (prototype, wrapper) => this._wrap(prototype, 'emit', wrapper),
      unwrap: (prototype) => this._unwrap(prototype, 'emit'),
    });
    return [...frameworkRouteModules(), http2];
  }

  override enable(): void {
    super.enable();
    this.observer?.start();
  }

  override disable(): void {
    super.disable();
    this.observer?.stop();
  }
}
