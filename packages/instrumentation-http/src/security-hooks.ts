import { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { context, diag } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import { createDetector } from '@secotel/detect';
import type { Finding } from '@secotel/detect';
import { ThresholdTracker, attachSecurityScope, enterSecurityScope, runWithSecurityScope, securityEvent } from '@secotel/sdk';
import type { KnownSecurityEventName, SecurityEventFields, SecurityScope } from '@secotel/sdk';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SECURITY_ATTACK_DETECTED,
  ATTR_SECURITY_ATTACK_LOCATION,
  ATTR_SECURITY_ATTACK_PAYLOAD,
  ATTR_SECURITY_ATTACK_RULE_IDS,
  ATTR_SECURITY_HTTP_DURATION_MS,
  ATTR_SECURITY_RULE_CATEGORY,
  ATTR_SECURITY_RULE_NAME,
  ATTR_SECURITY_RULE_RULESET_NAME,
  ATTR_SECURITY_RULE_UUID,
  ATTR_SECURITY_RULE_VERSION,
  ATTR_SECURITY_THRESHOLD_COUNT,
  ATTR_SECURITY_THRESHOLD_WINDOW,
  ATTR_URL_PATH,
  ATTR_USER_AGENT_ORIGINAL,
} from '@secotel/semconv';
import { isInspectableBody, observeBody, parseBody } from './body-observer.js';
import { compileTrust, resolveClientAddress } from './client-address.js';
import { compileRouteMatcher, resolveSecurityHttpOptions } from './config.js';
import { frameworkRoute, subscribeRouteMatched } from './framework-routes.js';
import type { ResolvedSecurityHttpOptions, SecurityHttpOptions } from './config.js';

/** The two instrumentation-http hooks secotel needs, ready to merge into its config. */
export interface SecurityHttpHooks {
  requestHook(span: Span, request: unknown): void;
  responseHook(span: Span, response: unknown): void;
  /** The resolved settings these hooks run with. */
  readonly options: ResolvedSecurityHttpOptions;
}

interface RequestState {
  readonly request: IncomingMessage;
  readonly span: Span;
  readonly context: Context;
  readonly scope: SecurityScope;
  readonly startedAt: number;
  readonly method: string;
  readonly path: string;
  readonly clientAddress: string | undefined;
  readonly userAgent: string | undefined;
  /** Route template a framework announced when it matched (Express 5, Fastify, Koa, Hapi). */
  route: string | undefined;
  /** Rule ids already found in this request (one event per rule per request). */
  readonly reported: Set<string>;
  /** Findings waiting for the route to be known; undefined when there are none. */
  pending: Finding[] | undefined;
  /** Reports the pending findings if neither the route nor the response end comes in time. */
  pendingTimer: NodeJS.Timeout | undefined;
  /** True once the response closed: findings made later (a body read after it) go out at once. */
  closed: boolean;
  /** True once the response hook ran: a second HttpInstrumentation calling the same hooks adds nothing. */
  responseObserved: boolean;
}

const NOT_FOUND_EVENT = 'http_404';
/**
 * Longest wait for the route before findings are reported without it: a request whose handler
 * never answers and whose client never leaves still has its findings exported.
 */
const PENDING_FINDINGS_MAX_WAIT_MS = 5_000;
const AUTH_CATEGORIES: readonly string[] = ['authn', 'authz'];
/** Most requests whose waiting findings one {@link reportPendingFindings} call reports (the rest wait for their timer). */
const PENDING_REPORT_MAX_REQUESTS = 10_000;

// One set for every hooks instance in the process, shared by the CommonJS and ESM copies of this
// package (register may load one, the application the other): shutdown reports them all.
const PENDING_SLOT = Symbol.for('secotel.instrumentation-http.pending-findings.v1');
type PendingReporter = (maxRequests: number) => number;
type PendingHolder = Record<symbol, Set<PendingReporter> | undefined>;

function pendingReporters(): Set<PendingReporter> {
  const holder = globalThis as unknown as PendingHolder;
  return (holder[PENDING_SLOT] ??= new Set());
}

/**
 * Emits now, synchronously, every attack finding still waiting for its request's route (with the
 * route if known by now, without it otherwise), each once, and returns how many requests had some.
 * For shutdown paths: call it before flushing the OpenTelemetry providers, so the findings of
 * requests that never finished are exported and not lost with the process. Never throws; bounded
 * to 10,000 requests per call.
 */
export function reportPendingFindings(): number {
  let reported = 0;
  for (const reporter of pendingReporters()) {
    try {
      reported += reporter(PENDING_REPORT_MAX_REQUESTS - reported);
    } catch (error) {
      diag.error('secotel: reporting pending findings failed', error);
    }
  }
  return reported;
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The route template of the request as known now: the RPC metadata route (set by an OpenTelemetry
 * framework instrumentation, or by secotel at response end), the route a framework announced, or
 * what the framework keeps on its own objects.
 */
function routeOf(state: RequestState): string | undefined {
  const fromMetadata = getRPCMetadata(state.context)?.route;
  if (typeof fromMetadata === 'string' && fromMetadata !== '') return fromMetadata;
  return state.route ?? frameworkRoute(state.request);
}

/**
 * Gives the server span its route as the semantic conventions ask (`http.route`, name `METHOD
 * route`): through the RPC metadata, from which instrumentation-http sets both when the response
 * ends, unless a framework instrumentation already set it there.
 */
function nameServerSpan(state: RequestState, route: string): void {
  const metadata = getRPCMetadata(state.context);
  if (metadata !== undefined && metadata.type === RPCType.HTTP) {
    if (metadata.route === undefined || metadata.route === '') metadata.route = route;
  } else if (state.span.isRecording()) {
    state.span.setAttribute(ATTR_HTTP_ROUTE, route);
    state.span.updateName(`${state.method} ${route}`);
  }
}

/**
 * Builds the `requestHook` / `responseHook` pair that turns `@opentelemetry/instrumentation-http`
 * into a security sensor. Everything expensive is prepared here, once. The hooks never throw, never
 * read the request stream and never touch the response.
 */
export function createSecurityHttpHooks(options: SecurityHttpOptions = {}): SecurityHttpHooks {
  const resolved = resolveSecurityHttpOptions(options);
  const trust = compileTrust(resolved.trustedProxies);
  const detector = resolved.detect === false ? undefined : createDetector(resolved.detect);
  const isLoginRoute = compileRouteMatcher(resolved.loginRoutes);
  const threshold = resolved.notFoundThreshold;
  const notFound =
    threshold === false
      ? undefined
      : new ThresholdTracker(
          // "More than `count`": the rule fires on the (count + 1)-th 404 inside the window.
          [{ event: NOT_FOUND_EVENT, by: ['client.address'], count: threshold.count + 1, windowMs: threshold.windowMs, emit: 'malicious_excess_404' }],
          resolved.maxTrackedClients,
        );
  const states = new WeakMap<IncomingMessage, RequestState>();
  // Requests with findings waiting for the route: each leaves when they are reported, at the latest
  // when its timer fires, so this holds at most the requests of the last few seconds. The reporter
  // is in the process-wide set only while some wait, so a hooks instance can still be collected.
  const waiting = new Set<RequestState>();
  const reportWaiting: PendingReporter = (maxRequests) => {
    let count = 0;
    for (const state of waiting) {
      if (count >= maxRequests) break;
      count++;
      try {
        reportPending(state);
      } catch (error) {
        if (waiting.delete(state) && waiting.size === 0) pendingReporters().delete(reportWaiting);
        diag.error('secotel: reporting findings failed', error);
      }
    }
    return count;
  };
  // The moment a framework matched the route: findings waiting for it go out now, with it.
  subscribeRouteMatched((request, route) => {
    const state = states.get(request);
    if (state === undefined) return;
    state.route = route;
    if (state.pending !== undefined) {
      try {
        reportPending(state);
      } catch (error) {
        diag.error('secotel: reporting findings failed', error);
      }
    }
  });

  function baseFields(state: RequestState): SecurityEventFields {
    return {
      [ATTR_HTTP_REQUEST_METHOD]: state.method,
      [ATTR_URL_PATH]: state.path,
      [ATTR_CLIENT_ADDRESS]: state.clientAddress,
      [ATTR_USER_AGENT_ORIGINAL]: state.userAgent,
    };
  }

  function emit(state: RequestState, name: KnownSecurityEventName, fields: SecurityEventFields): void {
    // Events emitted after the handler ran (body end, response close) are put back into the
    // request's trace and user scope explicitly.
    context.with(state.context, () => runWithSecurityScope(() => securityEvent(name, fields), state.scope));
  }

  /**
   * Takes new findings (one per rule per request) and marks the span at once; the events wait for
   * the route unless it is known already or the response has closed.
   */
  function report(state: RequestState, findings: readonly Finding[]): void {
    let added = false;
    for (const finding of findings) {
      if (state.reported.has(finding.rule.id)) continue;
      state.reported.add(finding.rule.id);
      (state.pending ??= []).push(finding);
      added = true;
    }
    if (!added) return;
    // A body can end after the response (the handler answered without reading it): by then the
    // span has ended, and setting attributes on it only logs an OpenTelemetry warning per request.
    if (state.span.isRecording()) {
      state.span.setAttribute(ATTR_SECURITY_ATTACK_DETECTED, true);
      state.span.setAttribute(ATTR_SECURITY_ATTACK_RULE_IDS, [...state.reported]);
    }
    if (state.closed || routeOf(state) !== undefined) reportPending(state);
    else if (state.pendingTimer === undefined) {
      if (waiting.size === 0) pendingReporters().add(reportWaiting);
      waiting.add(state);
      state.pendingTimer = setTimeout(reportPendingOnTimeout, PENDING_FINDINGS_MAX_WAIT_MS, state);
      state.pendingTimer.unref();
    }
  }

  /** Emits the findings waiting for the route, once: whichever of route, response end or timer comes first. */
  function reportPending(state: RequestState): void {
    const findings = state.pending;
    state.pending = undefined;
    if (waiting.delete(state) && waiting.size === 0) pendingReporters().delete(reportWaiting);
    if (state.pendingTimer !== undefined) {
      clearTimeout(state.pendingTimer);
      state.pendingTimer = undefined;
    }
    if (findings === undefined) return;
    const route = routeOf(state);
    for (const finding of findings) {
      const rule = finding.rule;
      const fields: SecurityEventFields = {
        ...baseFields(state),
        [ATTR_HTTP_ROUTE]: route,
        [ATTR_SECURITY_RULE_UUID]: rule.id,
        [ATTR_SECURITY_RULE_NAME]: rule.name,
        [ATTR_SECURITY_RULE_CATEGORY]: rule.category,
        [ATTR_SECURITY_RULE_RULESET_NAME]: rule.ruleset,
        [ATTR_SECURITY_RULE_VERSION]: rule.version,
        [ATTR_SECURITY_ATTACK_LOCATION]: finding.location,
        [ATTR_SECURITY_ATTACK_PAYLOAD]: finding.fragment,
        message:
          rule.category === 'scanner'
            ? `Request from an attack tool (${rule.name}) in ${finding.location}`
            : `${rule.name} in ${finding.location}`,
      };
      emit(state, rule.category === 'scanner' ? 'malicious_attack_tool' : 'attack_detected', fields);
    }
  }

  function reportPendingOnTimeout(state: RequestState): void {
    state.pendingTimer = undefined;
    try {
      reportPending(state);
    } catch (error) {
      diag.error('secotel: reporting findings failed', error);
    }
  }

  function onRequest(span: Span, request: IncomingMessage): void {
    const scope = enterSecurityScope();
    attachSecurityScope(span, scope);
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const state: RequestState = {
      request,
      span,
      context: context.active(),
      scope,
      startedAt: performance.now(),
      method: request.method ?? 'GET',
      path: q < 0 ? url : url.slice(0, q),
      clientAddress: resolveClientAddress(request, trust),
      userAgent: headerString(request.headers['user-agent']),
      route: undefined,
      reported: new Set(),
      pending: undefined,
      pendingTimer: undefined,
      closed: false,
      responseObserved: false,
    };
    states.set(request, state);
    if (detector === undefined) return;
    const findings = detector.detect({
      method: state.method,
      path: state.path,
      query: q < 0 ? undefined : new URLSearchParams(url.slice(q + 1)),
      headers: request.headers,
    });
    if (findings.length > 0) report(state, findings);
    const contentType = headerString(request.headers['content-type']);
    if (resolved.bodyLimit > 0 && contentType !== undefined && isInspectableBody(contentType, headerString(request.headers['content-encoding']))) {
      observeBody(request, resolved.bodyLimit, (body) => {
        if (body.bytes.length === 0) return;
        const bodyFindings = detector.detect({ body: parseBody(body, contentType), contentType });
        if (bodyFindings.length > 0) report(state, bodyFindings);
      });
    }
  }

  function onResponseClose(response: ServerResponse, state: RequestState): void {
    state.closed = true;
    reportPending(state);
    const route = routeOf(state);
    if (route !== undefined) nameServerSpan(state, route);
    if (!response.headersSent) {
      // The client went away before any response: there is no status to judge.
      if (resolved.audit === 'all') {
        emit(state, 'http_access', {
          ...baseFields(state),
          [ATTR_HTTP_ROUTE]: route,
          [ATTR_SECURITY_HTTP_DURATION_MS]: durationMs(state),
          outcome: 'unknown',
          message: `${state.method} ${state.path}: the client closed the connection before a response was sent`,
        });
      }
      return;
    }
    const status = response.statusCode;
    const fields: SecurityEventFields = { ...baseFields(state), [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status };
    const judged = statusEvent(status, status === 401 && isLoginRoute(state.path, route));
    if (judged !== undefined) {
      // Don't repeat what the application already reported itself during this request.
      const reported = state.scope.reportedFailures;
      if (!judged.coveredBy.some((category) => reported.has(category))) {
        emit(state, judged.name, { ...fields, message: `${judged.reason}: ${status} for ${state.method} ${state.path}` });
      }
    } else if (status === 404 && notFound !== undefined && state.clientAddress !== undefined) {
      const hits = notFound.record(NOT_FOUND_EVENT, (key) => (key === 'client.address' ? state.clientAddress : undefined));
      for (const hit of hits) {
        emit(state, 'malicious_excess_404', {
          ...fields,
          [ATTR_SECURITY_THRESHOLD_COUNT]: hit.rule.count - 1,
          [ATTR_SECURITY_THRESHOLD_WINDOW]: hit.rule.windowMs,
          message: `More than ${hit.rule.count - 1} 404 responses within ${hit.rule.windowMs / 1000} s for client ${hit.value}`,
        });
      }
    }
    if (resolved.audit === 'all') {
      emit(state, 'http_access', {
        ...fields,
        [ATTR_SECURITY_HTTP_DURATION_MS]: durationMs(state),
        outcome: status >= 400 ? 'failure' : 'success',
        message: `${state.method} ${state.path} ${status}`,
      });
    }
  }

  return {
    options: resolved,
    requestHook(span: Span, request: unknown): void {
      // The same request seen again (these hooks merged into a second HttpInstrumentation): once is enough.
      if (resolved.audit === 'off' || !isIncoming(request) || states.has(request)) return;
      try {
        onRequest(span, request);
      } catch (error) {
        diag.error('secotel: request inspection failed', error);
      }
    },
    responseHook(_span: Span, response: unknown): void {
      if (resolved.audit === 'off' || !isServerResponse(response)) return;
      const request = response.req;
      const state = request === undefined ? undefined : states.get(request);
      if (state === undefined || state.responseObserved) return;
      state.responseObserved = true;
      // Registered before instrumentation-http's own 'close' listener, so the span is still open.
      response.once('close', () => {
        try {
          onResponseClose(response, state);
        } catch (error) {
          diag.error('secotel: response inspection failed', error);
        }
      });
    },
  };
}

/** Milliseconds since the request started, to the microsecond. */
function durationMs(state: RequestState): number {
  return Math.round((performance.now() - state.startedAt) * 1000) / 1000;
}

/**
 * The security event a response status means, with the categories of application-reported
 * failures that already cover it.
 */
function statusEvent(status: number, loginRoute: boolean): { name: KnownSecurityEventName; reason: string; coveredBy: readonly string[] } | undefined {
  switch (status) {
    case 401:
      return loginRoute
        ? { name: 'authn_login_fail', reason: 'Login failed', coveredBy: AUTH_CATEGORIES }
        : { name: 'authz_fail', reason: 'Unauthenticated', coveredBy: AUTH_CATEGORIES };
    case 403:
      return { name: 'authz_fail', reason: 'Forbidden', coveredBy: AUTH_CATEGORIES };
    case 429:
      return { name: 'excess_rate_limit_exceeded', reason: 'Rate limit exceeded', coveredBy: ['excess'] };
    case 400:
    case 422:
      return { name: 'input_validation_fail', reason: 'Input rejected', coveredBy: ['input'] };
    default:
      return undefined;
  }
}

function isIncoming(value: unknown): value is IncomingMessage {
  // The hook also runs for outgoing requests (a ClientRequest); only server requests count.
  return value instanceof IncomingMessage && value.statusCode === null;
}

function isServerResponse(value: unknown): value is ServerResponse {
  return value instanceof ServerResponse;
}
