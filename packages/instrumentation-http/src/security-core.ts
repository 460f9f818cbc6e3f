// The one place where secotel's HTTP security logic lives: per-request state, detection, status
// judging, event emission, route and pending-finding handling. Observers (instrumentation-http's
// hooks, node:http's diagnostics channels, HTTP/2) only tell the core when a request starts and
// when its response ends; everything they share is decided here, once.
import { performance } from 'node:perf_hooks';
import { ROOT_CONTEXT, context, diag, propagation, trace } from '@opentelemetry/api';
import type { AttributeValue, Context, Span, SpanContext } from '@opentelemetry/api';
import { RPCType, getRPCMetadata } from '@opentelemetry/core';
import { createDetector } from '@secotel/detect';
import type { Finding } from '@secotel/detect';
import { ThresholdTracker, runWithSecurityScope, securityEvent } from '@secotel/sdk';
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
  ATTR_SECURITY_EVENT_COUNT,
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
import type { TrustFunction } from './client-address.js';
import { compileRouteMatcher, resolveSecurityHttpOptions } from './config.js';
import { frameworkRoute, subscribeRouteMatched } from './framework-routes.js';
import type { ResolvedSecurityHttpOptions, SecurityHttpOptions } from './config.js';

/**
 * What the core reads of a request: `http.IncomingMessage` and HTTP/2's compatibility
 * `Http2ServerRequest` both are one as they are (no copy); an observer of raw HTTP/2 streams
 * passes a small object of its own. Read at start (method, url, headers), and again only when an
 * event is emitted (socket address, headers for the client address and the user agent).
 */
export interface ObservedRequest {
  /** `GET`, `POST`, ...; `GET` when undefined. */
  readonly method?: string | undefined;
  /** Path and query as received (HTTP/2: `:path`), still percent-encoded; `/` when undefined. */
  readonly url?: string | undefined;
  /** Request headers with lower-case names, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The peer; its `remoteAddress` is the client address unless trusted proxies say otherwise. */
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined;
  /**
   * The body stream's `Readable#push`: when present and the body is of an inspected type, the core
   * wraps it on this object to see the body as it arrives, without reading the stream.
   */
  push?(chunk: unknown, encoding?: BufferEncoding): boolean;
}

/**
 * How an observer can learn of a response end that its usual signal misses (a client that leaves
 * before the response finished): the core asks, at most once per request, only when something
 * depends on it (audit `all`, findings waiting for the route). One object per observer.
 */
export interface ResponseEndWatcher {
  /**
   * Arrange for `core.endRequest(request, ...)` to be called when `response` closes, with
   * `undefined` as the status if no response was sent. `response` is what the observer passed to
   * `startRequest`. Never throws.
   */
  watchClose(request: ObservedRequest, response: unknown): void;
}

/** Where an observer found the request and how its events are correlated. */
export interface RequestStart {
  /** The request (see {@link ObservedRequest}); the core keeps its state on it under a symbol. */
  readonly request: ObservedRequest;
  /** The response object, handed back to `watcher.watchClose`. */
  readonly response?: unknown;
  /** The server span, when traces are on: marked on attacks, named after the route at the end. */
  readonly span?: Span | undefined;
  /**
   * The OpenTelemetry context of the request (the one with the server span and RPC metadata) that
   * events emitted outside the handler are put back into. Undefined (no tracing): the caller's
   * trace context is extracted from the request headers when an event is first emitted.
   */
  readonly context?: Context | undefined;
  readonly watcher?: ResponseEndWatcher | undefined;
}

/** The security logic of one configuration, fed by any number of observers. */
export interface SecurityCore {
  /** The resolved settings. */
  readonly options: ResolvedSecurityHttpOptions;
  /**
   * A request started: creates its state and its {@link SecurityScope}, inspects method, path,
   * query and headers, and watches the body. Returns the scope, which the observer makes current
   * for the handler, or undefined when audit is off or the request is already observed (by this
   * or another core). Never throws.
   */
  startRequest(start: RequestStart): SecurityScope | undefined;
  /**
   * The response ended: `status` is the status sent, or undefined when the client left before any
   * response was sent. Reports waiting findings and judges the status. Only the first call per
   * request counts; a request this core did not start is ignored. Never throws.
   */
  endRequest(request: ObservedRequest, status: number | undefined): void;
  /** The scope of a request this core started, if any. */
  scopeOf(request: ObservedRequest): SecurityScope | undefined;
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

// One set for every core in the process, shared by the CommonJS and ESM copies of this package
// (register may load one, the application the other): shutdown reports them all.
const PENDING_SLOT = Symbol.for('secotel.instrumentation-http.pending-findings.v1');
type PendingReporter = (maxRequests: number) => number;
type PendingHolder = Record<symbol, Set<PendingReporter> | undefined>;

function pendingReporters(): Set<PendingReporter> {
  const holder = globalThis as unknown as PendingHolder;
  return (holder[PENDING_SLOT] ??= new Set());
}

/**
 * Emits now, synchronously, every attack finding still waiting for its request's route (with the
 * route if known by now, without it otherwise), each once, and the summaries of findings over the
 * attack event limit; returns how many requests had findings waiting plus how many summaries.
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

// On the request itself instead of a WeakMap: no ephemeron per request for the GC to trace. Shared
// by every copy of the package, so a request is observed once even when two observers see it.
const STATE = Symbol.for('secotel.instrumentation-http.request-state.v1');
type WithState = { [STATE]?: RequestState };

/**
 * The request's security scope: what `setUser()` writes and every event of the request reads.
 * Its collections are made on first use, so a clean request allocates nothing else. It holds
 * nothing of the request: the scope rides on the request's OpenTelemetry context, and contexts
 * outlive their requests in places (an export or a timer started inside one captures it), where
 * a reference to the request would keep its whole object graph (request, response, span, listeners)
 * alive past the young generation, measured at about 4 KB promoted per request and a fifth more CPU.
 */
class RequestScope implements SecurityScope {
  private attributesOrUndefined: Record<string, AttributeValue> | undefined = undefined;
  private failuresOrUndefined: Set<string> | undefined = undefined;

  get attributes(): Record<string, AttributeValue> {
    return (this.attributesOrUndefined ??= Object.create(null) as Record<string, AttributeValue>);
  }

  get reportedFailures(): Set<string> {
    return (this.failuresOrUndefined ??= new Set());
  }

  /** True when the application reported a failure of one of `categories` in this request. */
  hasReportedFailure(categories: readonly string[]): boolean {
    const failures = this.failuresOrUndefined;
    return failures !== undefined && categories.some((category) => failures.has(category));
  }
}

/** One object per request: the core's bookkeeping, kept on the request (see {@link STATE}). */
class RequestState {
  readonly core: object;
  readonly request: ObservedRequest;
  readonly response: unknown;
  readonly span: Span | undefined;
  /** The request's OpenTelemetry context, if the observer gave one (traces on). */
  readonly requestContext: Context | undefined;
  readonly watcher: ResponseEndWatcher | undefined;
  readonly method: string;
  readonly path: string;
  /** When the request started (audit `all` only: its events carry the duration). */
  readonly startedAt: number;
  /** Route template a framework announced when it matched (Express 5, Fastify, Koa, Hapi). */
  route: string | undefined = undefined;
  /** Rule ids already found in this request (one event per rule per request). */
  reported: Set<string> | undefined = undefined;
  /** Findings waiting for the route to be known; undefined when there are none. */
  pending: Finding[] | undefined = undefined;
  /** Reports the pending findings if neither the route nor the response end comes in time. */
  pendingTimer: NodeJS.Timeout | undefined = undefined;
  /** True once the response ended: findings made later (a body read after it) go out at once. */
  ended = false;
  /** True once the observer was asked to watch for a close. */
  closeWatched = false;
  readonly scope = new RequestScope();
  private clientAddressResolved = false;
  private clientAddressOrUndefined: string | undefined = undefined;
  private extractedContext: Context | undefined = undefined;

  constructor(core: object, start: RequestStart, method: string, path: string, startedAt: number) {
    this.core = core;
    this.request = start.request;
    this.response = start.response;
    this.span = start.span;
    this.requestContext = start.context;
    this.watcher = start.watcher;
    this.method = method;
    this.path = path;
    this.startedAt = startedAt;
  }

  /** The context events are emitted in: the request's, or else the caller's trace from the headers. */
  eventContext(): Context {
    return this.requestContext ?? (this.extractedContext ??= propagation.extract(ROOT_CONTEXT, this.request.headers));
  }

  clientAddress(trust: TrustFunction): string | undefined {
    if (!this.clientAddressResolved) {
      this.clientAddressResolved = true;
      try {
        this.clientAddressOrUndefined = resolveClientAddress(this.request, trust);
      } catch {
        // A socket that is gone (an HTTP/2 stream after close) has no address to give.
      }
    }
    return this.clientAddressOrUndefined;
  }
}

/**
 * The findings of one rule from one client over the attack event limit in the current window: a
 * copy of the last one's request fields and trace, not the request itself (which would keep its
 * socket, response and span alive until the summary).
 */
interface Suppressed {
  request: SecurityEventFields;
  finding: Finding;
  spanContext: SpanContext | undefined;
  scope: SecurityScope;
  count: number;
}

/**
 * Most summaries per window (one per rule and client); findings of further clients go to one
 * summary per rule without a client address, so a flood from many addresses stays bounded.
 */
const MAX_SUMMARIES_PER_WINDOW = 1_000;
/** The key of a rule's summary of findings from clients past {@link MAX_SUMMARIES_PER_WINDOW}. */
const FURTHER_CLIENTS = '\u0000further clients';
/** The user scope of a summary of many clients' findings: nobody's. */
const NO_SCOPE: SecurityScope = new RequestScope();

/** A finding's event: an attack tool recognised, or an attack payload. */
function findingEventName(finding: Finding): KnownSecurityEventName {
  return finding.rule.category === 'scanner' ? 'malicious_attack_tool' : 'attack_detected';
}

/** `1 s`, `500 ms`, `1 min`: a window length for a message. */
function windowText(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function headerString(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function stateOf(request: unknown): RequestState | undefined {
  return request !== null && typeof request === 'object' ? (request as WithState)[STATE] : undefined;
}

/**
 * Builds the security logic for one configuration. Everything expensive (detector, trust
 * function, route matcher, 404 threshold) is prepared here, once.
 */
export function createSecurityCore(options: SecurityHttpOptions = {}): SecurityCore {
  const resolved = resolveSecurityHttpOptions(options);
  const trust = compileTrust(resolved.trustedProxies);
  const detector = resolved.detect === false ? undefined : createDetector(resolved.detect);
  const isLoginRoute = compileRouteMatcher(resolved.loginRoutes);
  const auditAll = resolved.audit === 'all';
  const bodyLimit = resolved.bodyLimit;
  const threshold = resolved.notFoundThreshold;
  const notFound =
    threshold === false
      ? undefined
      : new ThresholdTracker(
          // "More than `count`": the rule fires on the (count + 1)-th 404 inside the window.
          [{ event: NOT_FOUND_EVENT, by: ['client.address'], count: threshold.count + 1, windowMs: threshold.windowMs, emit: 'malicious_excess_404' }],
          resolved.maxTrackedClients,
        );
  const core = {};
  // The attack event limit: events emitted in the current window, and the findings over it by rule
  // and client (at most MAX_SUMMARIES_PER_WINDOW entries, plus one per rule for further clients).
  const attackLimit = resolved.attackEventLimit;
  let windowStart = Number.NEGATIVE_INFINITY;
  let windowEvents = 0;
  const suppressed = new Map<object, Map<string, Suppressed>>();
  let suppressedEntries = 0;
  let summaryTimer: NodeJS.Timeout | undefined;
  // Requests with findings waiting for the route: each leaves when they are reported, at the latest
  // when its timer fires, so this holds at most the requests of the last few seconds. The reporter
  // is in the process-wide set only while some wait, so a core can still be collected.
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
  // The moment a framework matched the route: findings waiting for it go out now, with it, and the
  // RPC metadata learns it before instrumentation-http reads it for the span and its metrics.
  subscribeRouteMatched((request, route) => {
    const state = stateOf(request);
    if (state === undefined || state.core !== core) return;
    state.route = route;
    const metadata = metadataOf(state);
    if (metadata !== undefined && (metadata.route === undefined || metadata.route === '')) metadata.route = route;
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
      [ATTR_CLIENT_ADDRESS]: state.clientAddress(trust),
      [ATTR_USER_AGENT_ORIGINAL]: headerString(state.request.headers['user-agent']),
    };
  }

  function emit(state: RequestState, name: KnownSecurityEventName, fields: SecurityEventFields): void {
    emitIn(state.eventContext(), state.scope, name, fields);
  }

  function emitIn(eventContext: Context, scope: SecurityScope, name: KnownSecurityEventName, fields: SecurityEventFields): void {
    // Events emitted after the handler ran (body end, response end, a summary) are put back into
    // their request's trace and user scope explicitly.
    context.with(eventContext, () => runWithSecurityScope(() => securityEvent(name, fields), scope));
  }

  function watchClose(state: RequestState): void {
    if (state.closeWatched || state.ended || state.watcher === undefined) return;
    state.closeWatched = true;
    state.watcher.watchClose(state.request, state.response);
  }

  /**
   * Takes new findings (one per rule per request) and marks the span at once; the events wait for
   * the route unless it is known already or the response has ended.
   */
  function report(state: RequestState, findings: readonly Finding[]): void {
    let added = false;
    const reported = (state.reported ??= new Set());
    for (const finding of findings) {
      if (reported.has(finding.rule.id)) continue;
      reported.add(finding.rule.id);
      (state.pending ??= []).push(finding);
      added = true;
    }
    if (!added) return;
    // A body can end after the response (the handler answered without reading it): by then the
    // span has ended, and setting attributes on it only logs an OpenTelemetry warning per request.
    if (state.span !== undefined && state.span.isRecording()) {
      state.span.setAttribute(ATTR_SECURITY_ATTACK_DETECTED, true);
      state.span.setAttribute(ATTR_SECURITY_ATTACK_RULE_IDS, [...reported]);
    }
    if (state.ended || routeOf(state) !== undefined) reportPending(state);
    else if (state.pendingTimer === undefined) {
      if (waiting.size === 0) pendingReporters().add(reportWaiting);
      waiting.add(state);
      state.pendingTimer = setTimeout(reportPendingOnTimeout, PENDING_FINDINGS_MAX_WAIT_MS, state);
      state.pendingTimer.unref();
      // A client that leaves before the response ends must not leave its findings waiting.
      watchClose(state);
    }
  }

  /** Emits the findings waiting for the route, once: whichever of route, response end or timer comes first. */
  function reportPending(state: RequestState): void {
    const findings = state.pending;
    if (findings === undefined) return;
    state.pending = undefined;
    if (waiting.delete(state) && waiting.size === 0) pendingReporters().delete(reportWaiting);
    if (state.pendingTimer !== undefined) {
      clearTimeout(state.pendingTimer);
      state.pendingTimer = undefined;
    }
    const route = routeOf(state);
    for (const finding of findings) {
      if (admitAttackEvent()) emitFinding(state, finding, route);
      else suppressFinding(state, finding, route);
    }
  }

  /** The event of one finding, in its request's trace. */
  function emitFinding(state: RequestState, finding: Finding, route: string | undefined): void {
    emit(state, findingEventName(finding), findingFields(requestFields(state, route), finding, ''));
  }

  /** The request's fields of a finding's event: {@link baseFields} and the route. */
  function requestFields(state: RequestState, route: string | undefined): SecurityEventFields {
    const fields = baseFields(state);
    fields[ATTR_HTTP_ROUTE] = route;
    return fields;
  }

  /** A finding's event fields: the request's, the rule's and the finding's, and the message (plus `note`). */
  function findingFields(request: SecurityEventFields, finding: Finding, note: string): SecurityEventFields {
    const rule = finding.rule;
    return {
      ...request,
      [ATTR_SECURITY_RULE_UUID]: rule.id,
      [ATTR_SECURITY_RULE_NAME]: rule.name,
      [ATTR_SECURITY_RULE_CATEGORY]: rule.category,
      [ATTR_SECURITY_RULE_RULESET_NAME]: rule.ruleset,
      [ATTR_SECURITY_RULE_VERSION]: rule.version,
      [ATTR_SECURITY_ATTACK_LOCATION]: finding.location,
      [ATTR_SECURITY_ATTACK_PAYLOAD]: finding.fragment,
      message: (rule.category === 'scanner' ? `Request from an attack tool (${rule.name}) in ${finding.location}` : `${rule.name} in ${finding.location}`) + note,
    };
  }

  /**
   * True while the current window has room for one more attack event (and counts it); a window
   * starts with the first attack event after the last one ended, and its summaries go out then
   * at the latest.
   */
  function admitAttackEvent(): boolean {
    if (attackLimit === false) return true;
    const now = performance.now();
    if (now - windowStart >= attackLimit.windowMs) {
      if (suppressedEntries > 0) emitSummaries();
      windowStart = now;
      windowEvents = 0;
    }
    if (windowEvents >= attackLimit.count) return false;
    windowEvents++;
    return true;
  }

  /**
   * Counts a finding over the limit for the summary of its rule and client, due when the window
   * ends, and keeps what that summary says of the last one.
   */
  function suppressFinding(state: RequestState, finding: Finding, route: string | undefined): void {
    let byClient = suppressed.get(finding.rule);
    if (byClient === undefined) {
      byClient = new Map();
      suppressed.set(finding.rule, byClient);
    }
    let client = state.clientAddress(trust) ?? '';
    let entry = byClient.get(client);
    if (entry === undefined && suppressedEntries >= MAX_SUMMARIES_PER_WINDOW) {
      client = FURTHER_CLIENTS;
      entry = byClient.get(client);
    }
    const further = client === FURTHER_CLIENTS;
    // Read now: the socket's address is gone once it closes.
    const request: SecurityEventFields = further
      ? { [ATTR_HTTP_REQUEST_METHOD]: state.method, [ATTR_URL_PATH]: state.path, [ATTR_HTTP_ROUTE]: route }
      : requestFields(state, route);
    const spanContext = further ? undefined : trace.getSpanContext(state.eventContext());
    const scope = further ? NO_SCOPE : state.scope;
    if (entry === undefined) {
      byClient.set(client, { request, finding, spanContext, scope, count: 1 });
      suppressedEntries++;
    } else {
      entry.request = request;
      entry.finding = finding;
      entry.spanContext = spanContext;
      entry.scope = scope;
      entry.count++;
    }
    if (summaryTimer === undefined) scheduleSummaries();
  }

  function scheduleSummaries(): void {
    if (attackLimit === false) return;
    summaryTimer = setTimeout(emitSummariesOnTimeout, Math.max(1, Math.ceil(windowStart + attackLimit.windowMs - performance.now())));
    summaryTimer.unref();
    // Shutdown emits them too (reportPendingFindings()), so no count is lost with the process.
    pendingReporters().add(emitSummaries);
  }

  /** Emits the summary of every rule and client with findings over the limit, and returns how many. */
  function emitSummaries(): number {
    if (summaryTimer !== undefined) {
      clearTimeout(summaryTimer);
      summaryTimer = undefined;
    }
    pendingReporters().delete(emitSummaries);
    const groups = [...suppressed.values()];
    suppressed.clear();
    suppressedEntries = 0;
    let emitted = 0;
    for (const byClient of groups) {
      for (const [client, entry] of byClient) {
        emitted++;
        try {
          emitSummary(entry, client === FURTHER_CLIENTS);
        } catch (error) {
          diag.error('secotel: reporting findings over the attack event limit failed', error);
        }
      }
    }
    return emitted;
  }

  /** One summary: a finding's event with `security.event.count` (none for a count of 1: that is the finding's own event). */
  function emitSummary(entry: Suppressed, further: boolean): void {
    const { finding, count } = entry;
    let note = '';
    if (count > 1 && attackLimit !== false) {
      const from = further ? 'from clients beyond those summarised one by one' : 'from this client';
      note = ` (${count} findings of this rule ${from} over the limit of ${attackLimit.count} attack events per ${windowText(attackLimit.windowMs)}, summarised in one event; the request fields are the last one's)`;
    }
    const fields = findingFields(entry.request, finding, note);
    if (count > 1) fields[ATTR_SECURITY_EVENT_COUNT] = count;
    const eventContext = entry.spanContext === undefined ? ROOT_CONTEXT : trace.setSpanContext(ROOT_CONTEXT, entry.spanContext);
    emitIn(eventContext, entry.scope, findingEventName(finding), fields);
  }

  function emitSummariesOnTimeout(): void {
    summaryTimer = undefined;
    // Timers run off the event loop's cached clock: one can fire just before the window ends.
    if (attackLimit !== false && performance.now() < windowStart + attackLimit.windowMs - 1) scheduleSummaries();
    else emitSummaries();
  }

  function reportPendingOnTimeout(state: RequestState): void {
    state.pendingTimer = undefined;
    try {
      reportPending(state);
    } catch (error) {
      diag.error('secotel: reporting findings failed', error);
    }
  }

  function start(begin: RequestStart): SecurityScope {
    const request = begin.request as ObservedRequest & WithState;
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const method = request.method ?? 'GET';
    const path = q < 0 ? url : url.slice(0, q);
    const state = new RequestState(core, begin, method, path, auditAll ? performance.now() : 0);
    request[STATE] = state;
    if (auditAll) watchClose(state);
    if (detector === undefined) return state.scope;
    const headers = request.headers;
    // The raw query string: the detector rejects clean input before decoding any of it.
    const findings = detector.detect({ method, path, query: q < 0 ? undefined : url.slice(q + 1), headers });
    if (findings.length > 0) report(state, findings);
    const contentType = headers['content-type'];
    if (bodyLimit > 0 && contentType !== undefined && typeof request.push === 'function') {
      const type = headerString(contentType) as string;
      if (isInspectableBody(type, headerString(headers['content-encoding']))) {
        observeBody(request as Parameters<typeof observeBody>[0], bodyLimit, (body) => {
          if (body.bytes.length === 0) return;
          const bodyFindings = detector.detect({ body: parseBody(body, type), contentType: type });
          if (bodyFindings.length > 0) report(state, bodyFindings);
        });
      }
    }
    return state.scope;
  }

  function end(state: RequestState, status: number | undefined): void {
    state.ended = true;
    reportPending(state);
    const route = routeOf(state);
    if (route !== undefined) nameServerSpan(state, route);
    if (status === undefined) {
      // The client went away before any response: there is no status to judge.
      if (auditAll) {
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
    const judged = statusEvent(status, status === 401 && isLoginRoute(state.path, route));
    if (judged !== undefined) {
      // Don't repeat what the application already reported itself during this request.
      if (!state.scope.hasReportedFailure(judged.coveredBy)) {
        emit(state, judged.name, { ...statusFields(state, route, status), message: `${judged.reason}: ${status} for ${state.method} ${state.path}` });
      }
    } else if (status === 404 && notFound !== undefined) {
      const address = state.clientAddress(trust);
      if (address !== undefined) {
        const hits = notFound.record(NOT_FOUND_EVENT, (key) => (key === 'client.address' ? address : undefined));
        for (const hit of hits) {
          emit(state, 'malicious_excess_404', {
            ...statusFields(state, route, status),
            [ATTR_SECURITY_THRESHOLD_COUNT]: hit.rule.count - 1,
            [ATTR_SECURITY_THRESHOLD_WINDOW]: hit.rule.windowMs,
            message: `More than ${hit.rule.count - 1} 404 responses within ${hit.rule.windowMs / 1000} s for client ${hit.value}`,
          });
        }
      }
    }
    if (auditAll) {
      emit(state, 'http_access', {
        ...statusFields(state, route, status),
        [ATTR_SECURITY_HTTP_DURATION_MS]: durationMs(state),
        outcome: status >= 400 ? 'failure' : 'success',
        message: `${state.method} ${state.path} ${status}`,
      });
    }
  }

  function statusFields(state: RequestState, route: string | undefined, status: number): SecurityEventFields {
    return { ...baseFields(state), [ATTR_HTTP_ROUTE]: route, [ATTR_HTTP_RESPONSE_STATUS_CODE]: status };
  }

  return {
    options: resolved,
    startRequest(begin) {
      if (resolved.audit === 'off' || stateOf(begin.request) !== undefined) return undefined;
      try {
        return start(begin);
      } catch (error) {
        diag.error('secotel: request inspection failed', error);
        return undefined;
      }
    },
    endRequest(request, status) {
      const state = stateOf(request);
      if (state === undefined || state.core !== core || state.ended) return;
      try {
        end(state, status);
      } catch (error) {
        diag.error('secotel: response inspection failed', error);
      }
    },
    scopeOf(request) {
      const state = stateOf(request);
      return state !== undefined && state.core === core ? state.scope : undefined;
    },
  };
}

/** The RPC metadata of the request's context, when instrumentation-http made one. */
function metadataOf(state: RequestState): { type: RPCType; route?: string } | undefined {
  const requestContext = state.requestContext;
  if (requestContext === undefined) return undefined;
  const metadata = getRPCMetadata(requestContext);
  return metadata !== undefined && metadata.type === RPCType.HTTP ? metadata : undefined;
}

/**
 * The route template of the request as known now: the RPC metadata route (set by an OpenTelemetry
 * framework instrumentation, or by secotel), the route a framework announced, or what the
 * framework keeps on its own objects.
 */
function routeOf(state: RequestState): string | undefined {
  const fromMetadata = metadataOf(state)?.route;
  if (typeof fromMetadata === 'string' && fromMetadata !== '') return fromMetadata;
  return state.route ?? frameworkRoute(state.request as Parameters<typeof frameworkRoute>[0]);
}

/**
 * Gives the server span its route as the semantic conventions ask (`http.route`, name `METHOD
 * route`) when instrumentation-http did not already (it reads the RPC metadata just before the
 * core judges the response; routes a framework announced are there by then).
 */
function nameServerSpan(state: RequestState, route: string): void {
  const span = state.span;
  if (span === undefined) return;
  const metadata = metadataOf(state);
  if (metadata !== undefined) {
    if (metadata.route !== undefined && metadata.route !== '') return;
    metadata.route = route;
  }
  if (span.isRecording()) {
    span.setAttribute(ATTR_HTTP_ROUTE, route);
    span.updateName(`${state.method} ${route}`);
  }
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
