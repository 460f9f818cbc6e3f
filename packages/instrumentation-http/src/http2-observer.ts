// HTTP/2 servers (`http2.createServer` / `createSecureServer`), which
// `@opentelemetry/instrumentation-http` does not instrument: a SERVER span per stream and the
// security core fed for it, for the core `stream` API and the compatibility `request` API alike.
//
// Why `emit` is wrapped: the request's context (its span, its security scope) has to be active
// while the application's 'stream' listener runs, so that `setUser()` and `securityEvent()` in
// the handler find it. node:http2's diagnostics channels (`http2.server.stream.start`, ...: new in
// the Node 24 line, not in every Node 22 this package supports) tell that a stream started but
// cannot make a context active for the listener. The compatibility layer's 'request' is emitted
// from inside the server's own 'stream' listener, so one wrapper covers both APIs; it is the way
// instrumentation-http instruments `http.Server`. Per-stream state lives on the stream, under a
// symbol, and is deleted when the stream closes; the status comes from the headers the stream
// sent (`sentHeaders[':status']`), whichever API sent them.
import { errorMonitor } from 'node:events';
import { IncomingMessage } from 'node:http';
import type * as NodeHttp2 from 'node:http2';
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import { INVALID_SPAN_CONTEXT, ROOT_CONTEXT, SpanKind, SpanStatusCode, context, diag, propagation, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { RPCType, getRPCMetadata, setRPCMetadata, suppressTracing } from '@opentelemetry/core';
import type { HttpInstrumentation, HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { contextWithSecurityScope } from '@secotel/sdk';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@secotel/semconv';
import { compileTrust, resolveClientAddress } from './client-address.js';
import { DEFAULT_REDACTED_QUERY_PARAMS, http2RequestFields, http2SpanAttributes, observedHttp2Request } from './http2-request.js';
import type { Http2ObservedRequest } from './http2-request.js';
import type { SecurityCore } from './security-core.js';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * What the HTTP/2 observer is given by the instrumentation it belongs to. Without
 * `instrumentation` and `tracer` (security-only mode) it makes no spans: events carry the
 * caller's trace context from `traceparent`, as the HTTP/1.1 security-only observer's do.
 */
export interface Http2ObserverAccess {
  /** The instrumentation: its configuration, and instrumentation-http's metrics and HTTP/1.1 path. */
  readonly instrumentation?: HttpInstrumentation | undefined;
  tracer?(): Tracer;
  /** The settings read per stream (`ignoreIncomingRequestHook`, ...); default: the instrumentation's. */
  config?(): HttpInstrumentationConfig;
  /** The security core, shared with the HTTP/1.1 observer of the same instrumentation. */
  core(): SecurityCore;
  /** `instrumentation._wrap(prototype, 'emit', wrapper)` (protected, so given by the class). */
  wrap(prototype: { emit: Emit }, wrapper: (original: Emit) => Emit): void;
  unwrap(prototype: { emit: Emit }): void;
}

// instrumentation-http 0.301's own members used here, private in its types; checked before use.
interface HttpInstrumentationInternals {
  _recordServerDuration?: (durationMs: number, attributes: Attributes) => void;
  _incomingRequestFunction?: (component: 'http' | 'https', original: Emit) => Emit;
}

/** What a stream's observation needs, read when the stream starts. */
interface Http2ObserverHost {
  readonly tracer: Tracer | undefined;
  config(): HttpInstrumentationConfig;
  core(): SecurityCore;
  recordServerDuration(durationMs: number, attributes: Attributes): void;
  /** instrumentation-http's `emit` wrapper for `http.Server` around `original`, if it has one. */
  http1Emit(component: 'http' | 'https', original: Emit): Emit | undefined;
}

const NO_CONFIG: HttpInstrumentationConfig = Object.freeze({});

function hostOf(access: Http2ObserverAccess): Http2ObserverHost {
  const instrumentation = access.instrumentation;
  const internals = (instrumentation ?? {}) as HttpInstrumentationInternals;
  return {
    get tracer() {
      return access.tracer?.();
    },
    config: () => access.config?.() ?? instrumentation?.getConfig() ?? NO_CONFIG,
    core: () => access.core(),
    recordServerDuration(durationMs, attributes) {
      try {
        internals._recordServerDuration?.call(instrumentation, durationMs, attributes);
      } catch (error) {
        diag.debug('secotel: no http.server.request.duration for an HTTP/2 request', error);
      }
    },
    http1Emit(component, original) {
      // Security-only: node:http's diagnostics channels see those requests as on any http server.
      if (instrumentation === undefined) return undefined;
      const make = internals._incomingRequestFunction;
      if (typeof make !== 'function') {
        diag.warn('secotel: HTTP/1.1 requests on HTTP/2 servers with allowHTTP1 are not instrumented (this @opentelemetry/instrumentation-http has no _incomingRequestFunction)');
        return undefined;
      }
      return make.call(instrumentation, component, original);
    },
  };
}

// Per stream, on the stream itself (not a WeakMap) and deleted when it closes. `Symbol.for`: a
// second observer (another instance, the other CommonJS/ESM copy) leaves an observed stream alone.
const STREAM_STATE = Symbol.for('secotel.instrumentation-http.http2-stream.v1');

interface StreamState {
  readonly host: Http2ObserverHost;
  /** The server span; undefined in security-only mode. */
  readonly span: Span | undefined;
  /** The method as received, for the span name once the route is known. */
  readonly method: string;
  /** The request context: span, RPC metadata and security scope. */
  readonly context: Context;
  readonly request: Http2ObservedRequest | undefined;
  readonly startedAt: number;
  readonly metricAttributes: Attributes;
  error: Error | undefined;
}

type WithStreamState = { [STREAM_STATE]?: StreamState };

function isServerStream(value: unknown): value is ServerHttp2Stream & WithStreamState {
  // A 'stream' event carries a ServerHttp2Stream; the class is not exported, its shape is checked.
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { respond?: unknown }).respond === 'function' &&
    typeof (value as { once?: unknown }).once === 'function'
  );
}

/** The status sent on `stream`, or undefined when it closed before any response headers. */
function sentStatus(stream: ServerHttp2Stream): number | undefined {
  if (!stream.headersSent) return undefined;
  const status = Number(stream.sentHeaders?.[':status']);
  return Number.isInteger(status) ? status : undefined;
}

/**
 * The module hook for `http2` (and `node:http2`): wraps `emit` of the HTTP/2 server classes,
 * which node:http2 does not export; their prototypes are taken from a server made and dropped.
 */
export function http2ServerModule(access: Http2ObserverAccess): InstrumentationNodeModuleDefinition {
  const host = hostOf(access);
  let prototypes: { emit: Emit }[] = [];
  return new InstrumentationNodeModuleDefinition(
    'http2',
    ['*'],
    (exports: typeof NodeHttp2) => {
      try {
        const plain = Object.getPrototypeOf(exports.createServer()) as { emit: Emit };
        const secure = Object.getPrototypeOf(exports.createSecureServer({})) as { emit: Emit };
        prototypes = [plain, secure];
        access.wrap(plain, (original) => observedEmit(host, original, 'http'));
        access.wrap(secure, (original) => observedEmit(host, original, 'https'));
      } catch (error) {
        diag.error('secotel: could not instrument http2 servers', error);
      }
      return exports;
    },
    () => {
      for (const prototype of prototypes) access.unwrap(prototype);
      prototypes = [];
    },
  );
}

function observedEmit(host: Http2ObserverHost, original: Emit, component: 'http' | 'https'): Emit {
  let http1: Emit | undefined | null = null;
  return function emitObserved(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'stream') return emitStream.call(this, host, original, event, args);
    if (event === 'request') {
      const request = args[0];
      // An HTTP/1.1 request on an `allowHTTP1` server: instrumentation-http's own path, as on http.Server.
      if (request instanceof IncomingMessage) {
        if (http1 === null) http1 = host.http1Emit(component, original);
        if (http1 !== undefined) return http1.call(this, event, ...args);
      } else {
        bindCompatRequest(args);
      }
    }
    return original.call(this, event, ...args);
  };
}

/** The compatibility layer's request and response run their listeners in the stream's context. */
function bindCompatRequest(args: unknown[]): void {
  try {
    const stream = (args[0] as { stream?: unknown } | undefined)?.stream;
    const state = isServerStream(stream) ? stream[STREAM_STATE] : undefined;
    if (state === undefined) return;
    context.bind(state.context, args[0]);
    context.bind(state.context, args[1]);
  } catch (error) {
    diag.error('secotel: binding an HTTP/2 request to its context failed', error);
  }
}

function emitStream(this: unknown, host: Http2ObserverHost, original: Emit, event: string, args: unknown[]): boolean {
  const stream = args[0];
  let started: StreamState | Context | undefined;
  if (isServerStream(stream) && stream[STREAM_STATE] === undefined) {
    try {
      started = startStream(host, stream, args[1] as IncomingHttpHeaders);
    } catch (error) {
      diag.error('secotel: HTTP/2 request inspection failed', error);
    }
  }
  if (started === undefined) return original.call(this, event, ...args);
  // A request the configuration ignores: no span, as instrumentation-http does for HTTP/1.1.
  if (!('host' in started)) return context.with(started, () => original.call(this, event, ...args));
  const span = started.span;
  return context.with(started.context, () => {
    try {
      return original.call(this, event, ...args);
    } catch (error) {
      // The application's listener threw: recorded on the span, then thrown on as it would have been.
      if (span !== undefined) recordError(span, error);
      throw error;
    }
  });
}

/**
 * instrumentation-http's `ignoreIncomingRequestHook`, given the request view (method, url,
 * headers, socket: what such hooks read of an `IncomingMessage`). A hook that throws ignores nothing.
 */
function isIgnored(config: HttpInstrumentationConfig, request: Http2ObservedRequest): boolean {
  const hook = config.ignoreIncomingRequestHook;
  if (hook === undefined) return false;
  try {
    return hook(request as unknown as IncomingMessage) === true;
  } catch (error) {
    diag.error('secotel: ignoreIncomingRequestHook threw for an HTTP/2 request', error);
    return false;
  }
}

/**
 * Starts the stream's span and security observation and returns its state; or the context to run
 * an ignored request in (tracing suppressed); or undefined when incoming requests are not
 * instrumented at all.
 */
function startStream(host: Http2ObserverHost, stream: ServerHttp2Stream & WithStreamState, headers: IncomingHttpHeaders): StreamState | Context | undefined {
  const config = host.config();
  if (config.disableIncomingRequestInstrumentation === true) return undefined;
  const fields = http2RequestFields(stream, headers);
  const request = observedHttp2Request(stream, fields);
  if (isIgnored(config, request)) return suppressTracing(context.active());
  const core = host.core();
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const tracer = host.tracer;
  let span: Span | undefined;
  let requestContext = parent;
  let metricAttributes: Attributes = {};
  if (tracer !== undefined) {
    const attributes = http2SpanAttributes(fields, resolveClientAddress(fields, trustOf(core)), config.redactedQueryParamsServer ?? DEFAULT_REDACTED_QUERY_PARAMS);
    span = startServerSpan(tracer, fields.method ?? 'GET', attributes, parent, config.requireParentforIncomingSpans === true);
    requestContext = setRPCMetadata(trace.setSpan(parent, span), { type: RPCType.HTTP, span });
    metricAttributes = { 'http.request.method': attributes['http.request.method'], 'url.scheme': attributes['url.scheme'], 'network.protocol.version': '2' };
  }
  const scope = core.startRequest({ request, response: stream, span, context: requestContext });
  // Security-only mode with audit off: nothing to observe.
  if (span === undefined && scope === undefined) return undefined;
  // The handler and the listeners bound below find the request's scope in the context.
  if (scope !== undefined) requestContext = contextWithSecurityScope(requestContext, scope);
  const state: StreamState = {
    host,
    span,
    method: fields.method ?? 'GET',
    context: requestContext,
    request: scope === undefined ? undefined : request,
    startedAt: performance.now(),
    metricAttributes,
    error: undefined,
  };
  stream[STREAM_STATE] = state;
  // Body chunks and the end reach the stream's listeners from the session's callbacks: bound, they
  // run in the request's context as the handler does.
  context.bind(requestContext, stream);
  // Added before the application's own listeners (the 'stream' event has not been emitted yet),
  // so the span is still open when they run.
  stream.once('close', onStreamClose);
  stream.on(errorMonitor, onStreamError);
  return state;
}

// The span's client.address is the events' one: the trust function is compiled once per core.
const trustByCore = new WeakMap<SecurityCore, ReturnType<typeof compileTrust>>();
function trustOf(core: SecurityCore): ReturnType<typeof compileTrust> {
  let trust = trustByCore.get(core);
  if (trust === undefined) trustByCore.set(core, (trust = compileTrust(core.options.trustedProxies)));
  return trust;
}

function startServerSpan(tracer: Tracer, name: string, attributes: Attributes, parent: Context, requireParent: boolean): Span {
  if (requireParent) {
    // instrumentation-http's `requireParentforIncomingSpans`: no span without a caller's trace.
    const parentSpan = trace.getSpan(parent);
    if (parentSpan === undefined || !trace.isSpanContextValid(parentSpan.spanContext())) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  }
  return tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
}

function recordError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setAttribute(ATTR_ERROR_TYPE, failure.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}

function onStreamError(this: ServerHttp2Stream & WithStreamState, error: Error): void {
  const state = this[STREAM_STATE];
  if (state !== undefined) state.error = error;
}

function onStreamClose(this: ServerHttp2Stream & WithStreamState): void {
  const state = this[STREAM_STATE];
  if (state === undefined) return;
  delete this[STREAM_STATE];
  try {
    const status = sentStatus(this);
    if (state.request !== undefined) state.host.core().endRequest(state.request, status);
    if (state.span !== undefined) endServerSpan(state, state.span, status);
  } catch (error) {
    diag.error('secotel: HTTP/2 response inspection failed', error);
  }
}

/** Ends the span as instrumentation-http ends an HTTP/1.1 server span: status, route, error type, duration. */
function endServerSpan(state: StreamState, span: Span, status: number | undefined): void {
  const metadata = getRPCMetadata(state.context);
  const route = metadata?.type === RPCType.HTTP ? metadata.route : undefined;
  const metricAttributes: Attributes = { ...state.metricAttributes };
  if (status !== undefined) {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    metricAttributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = status;
  }
  if (route !== undefined && route !== '') {
    span.setAttribute(ATTR_HTTP_ROUTE, route);
    span.updateName(`${state.method} ${route}`);
    metricAttributes[ATTR_HTTP_ROUTE] = route;
  }
  if (state.error !== undefined) {
    recordError(span, state.error);
    metricAttributes[ATTR_ERROR_TYPE] = state.error.name;
  } else if (status === undefined || status >= 500) {
    // 5xx, or a stream reset before any response: an error of the server span (semantic conventions).
    const errorType = status === undefined ? '_OTHER' : String(status);
    span.setAttribute(ATTR_ERROR_TYPE, errorType);
    span.setStatus({ code: SpanStatusCode.ERROR });
    metricAttributes[ATTR_ERROR_TYPE] = errorType;
  }
  span.end();
  state.host.recordServerDuration(performance.now() - state.startedAt, metricAttributes);
}

/**
 * instrumentation-http options its hooks take as `IncomingMessage`/`ServerResponse`, so HTTP/2
 * spans do not apply them (an HTTP/2 stream is neither).
 */
const NOT_APPLIED_TO_HTTP2: readonly (keyof HttpInstrumentationConfig)[] = [
  'requestHook',
  'responseHook',
  'startIncomingSpanHook',
  'applyCustomAttributesOnSpan',
  'headersToSpanAttributes',
];

/**
 * The options of `config` that secotel's HTTP/2 server spans leave out: the user's hooks and
 * header capture (secotel's own security hooks are not counted). `ignoreIncomingRequestHook`,
 * `requireParentforIncomingSpans`, `redactedQueryParamsServer` and
 * `disableIncomingRequestInstrumentation` do apply; the hook is given the request view (method,
 * url, headers, socket.remoteAddress).
 */
export function http2UnappliedOptions(config: HttpInstrumentationConfig | undefined): string[] {
  if (config === undefined) return [];
  return NOT_APPLIED_TO_HTTP2.filter((key) => config[key] !== undefined);
}
