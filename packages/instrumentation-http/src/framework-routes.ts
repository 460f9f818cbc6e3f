// What each web framework knows about the matched route, read from the framework's own objects.
// Fastify and Express 5 (router >= 2.3) publish it on diagnostics channels; Express 4 keeps it on
// the request; Koa (@koa/router) and Hapi keep it on objects of their own that the Node request
// does not point to, so two small module hooks link those objects to the request without changing
// what the framework does.
import { channel, subscribe } from 'node:diagnostics_channel';
import { IncomingMessage } from 'node:http';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { nextRoute } from './next-routes.js';

/**
 * Called when a framework tells which route matched a request (before its handler runs): an
 * `http.IncomingMessage`, or for HTTP/2 the request's `ServerHttp2Stream`.
 */
export type RouteListener = (request: object, route: string) => void;

function isHttp2ServerStream(value: unknown): value is object {
  return value !== null && typeof value === 'object' && typeof (value as { respond?: unknown }).respond === 'function';
}

// Published by Fastify before each route handler, with the request and the route options.
const FASTIFY_HANDLER_START = 'tracing:fastify.request.handler:start';
// Published by Express 5's router (2.3+) before each middleware and handler, with the pattern the
// layer was registered with: the mount path of a router, the route path of a handler.
const EXPRESS_LAYER_START = 'tracing:express.router.request:start';
// Published by secotel's own Koa and Hapi hooks below: { request, route }.
const ROUTE_MATCHED = channel('secotel:http.route.matched');
const ROUTE_MATCHED_NAME = 'secotel:http.route.matched';

/** Koa contexts and Hapi requests by their Node request, filled by the module hooks below. */
const koaContexts = new WeakMap<IncomingMessage, KoaContext>();

interface KoaContext {
  req?: unknown;
  _matchedRoute?: unknown;
}
const hapiRequests = new WeakMap<IncomingMessage, HapiRequest>();

interface HapiRequest {
  route?: { path?: unknown; method?: unknown };
  raw?: { req?: unknown };
}

/**
 * Route templates of the routers a request entered, by the `req.baseUrl` inside each: '' -> '',
 * '/orgs/acme' -> '/orgs/:org'. Only for requests through a router mounted at a path.
 */
const expressMounts = new WeakMap<IncomingMessage, Map<string, string>>();

interface ExpressLayerStart {
  req?: unknown;
  layer?: { handle?: { stack?: unknown } };
  route?: unknown;
}

function onExpressLayerStart(message: unknown): void {
  const { req, layer, route } = (message ?? {}) as ExpressLayerStart;
  if (!(req instanceof IncomingMessage) || typeof route !== 'string' || layer === undefined) return;
  const express = req as IncomingMessage & { baseUrl?: unknown; route?: { path?: unknown; stack?: unknown } };
  const baseUrl = typeof express.baseUrl === 'string' ? express.baseUrl : '';
  if (Array.isArray(layer.handle?.stack)) {
    // A mounted router: req.baseUrl already includes what its mount path matched.
    if (route === '/' || route === '') return;
    let mounts = expressMounts.get(req);
    if (mounts === undefined) expressMounts.set(req, (mounts = new Map([['', '']])));
    mounts.set(baseUrl, `${mountTemplate(mounts, baseUrl)}${route}`);
    return;
  }
  // A handler of the matched route (not a middleware that runs after it).
  const matched = express.route;
  if (matched === undefined || matched === null || !Array.isArray(matched.stack) || !matched.stack.includes(layer)) return;
  const mounts = expressMounts.get(req);
  const prefix = baseUrl === '' ? '' : mounts?.get(baseUrl);
  // Entered by a way the mount table did not see (a mounted sub-application): the values it has.
  announce(req, `${prefix ?? baseUrl}${route}`);
}

/** The template of the router whose baseUrl is the longest recorded prefix of `baseUrl`. */
function mountTemplate(mounts: Map<string, string>, baseUrl: string): string {
  let best = '';
  for (const key of mounts.keys()) {
    if (key.length > best.length && key.length < baseUrl.length && baseUrl.startsWith(key)) best = key;
  }
  return mounts.get(best) ?? '';
}

let expressSubscribed = false;

/**
 * A channel subscriber that never throws: an exception in a subscriber would surface as an
 * uncaught exception in the application.
 */
function guarded(handle: (message: unknown) => void): (message: unknown) => void {
  return (message) => {
    try {
      handle(message);
    } catch {
      // Route knowledge must never affect the request.
    }
  };
}

/** Subscribes `listener` to every framework that announces its route as soon as it matched. */
export function subscribeRouteMatched(listener: RouteListener): void {
  if (!expressSubscribed) {
    expressSubscribed = true;
    subscribe(EXPRESS_LAYER_START, guarded(onExpressLayerStart));
  }
  subscribe(
    FASTIFY_HANDLER_START,
    guarded((message) => {
      const store = message as { request?: { raw?: unknown }; route?: { url?: unknown } } | undefined;
      const raw = store?.request?.raw;
      const url = store?.route?.url;
      if (typeof url !== 'string') return;
      if (raw instanceof IncomingMessage) listener(raw, url);
      // fastify({ http2: true }): an Http2ServerRequest, whose stream is what secotel's HTTP/2
      // observer keeps the request's state on (see http2-observer.ts).
      else if (isHttp2ServerStream((raw as { stream?: unknown } | undefined)?.stream)) listener((raw as { stream: object }).stream, url);
    }),
  );
  subscribe(
    ROUTE_MATCHED_NAME,
    guarded((message) => {
      const { request, route } = message as { request: IncomingMessage; route: string };
      listener(request, route);
    }),
  );
}

function announce(request: unknown, route: unknown): void {
  if (ROUTE_MATCHED.hasSubscribers && request instanceof IncomingMessage && typeof route === 'string' && route !== '') {
    ROUTE_MATCHED.publish({ request, route });
  }
}

/**
 * The route template the framework matched for `request`, as far as it knows it now: Express's
 * mount templates + `req.route.path` (Express 4, and Express 5 without the router's channel: the
 * mount paths found by matching `req.baseUrl` against the app's router stack), Koa's `ctx._matchedRoute` (@koa/router), Hapi's `request.route.path`,
 * Next.js's matched route (see next-routes.ts). NestJS needs nothing of its own: its Express and
 * Fastify platforms register the routes with those frameworks.
 */
export function frameworkRoute(request: IncomingMessage): string | undefined {
  const express = request as ExpressRequest;
  if (express.route !== undefined && express.route !== null && typeof express.route.path === 'string') {
    const baseUrl = typeof express.baseUrl === 'string' ? express.baseUrl : '';
    if (baseUrl === '') return express.route.path;
    return `${expressMountTemplate(express, baseUrl) ?? baseUrl}${express.route.path}`;
  }
  const koa = koaContexts.get(request);
  if (koa !== undefined) return typeof koa._matchedRoute === 'string' && koa._matchedRoute !== '' ? koa._matchedRoute : undefined;
  const hapi = hapiRequests.get(request);
  if (hapi !== undefined) return hapiRoute(hapi);
  return nextRoute(request);
}

interface ExpressRequest extends IncomingMessage {
  route?: { path?: unknown } | null;
  baseUrl?: unknown;
  app?: { _router?: { stack?: unknown }; router?: { stack?: unknown } };
}

/** A layer of an Express router stack: Express 4 (`regexp`, `keys`) or router 2 (`matchers`, `rawPath`). */
interface ExpressLayer {
  route?: unknown;
  handle?: { stack?: unknown };
  regexp?: RegExp & { fast_slash?: boolean };
  keys?: readonly { name?: unknown }[];
  matchers?: readonly ((path: string) => { path?: unknown } | false)[];
  rawPath?: unknown;
}

const MAX_MOUNT_DEPTH = 8;
const MAX_MOUNT_LAYERS = 1000;

/**
 * The template of the mount paths that lead to the request's route, found by matching `req.baseUrl`
 * against the app's router stack (the layers' own regexps and matchers: nothing is called that
 * changes their state). For Express 4 and routers without the tracing channel; bounded.
 */
function expressMountTemplate(request: ExpressRequest, baseUrl: string): string | undefined {
  const app = request.app;
  if (app === undefined || app === null) return undefined;
  try {
    // Express 4 keeps its router in `_router` (its `app.router` throws); Express 5 in `router`,
    // which exists by the time a request was routed.
    const stack = (app._router !== undefined ? app._router : app.router)?.stack;
    if (!Array.isArray(stack)) return undefined;
    return findMountTemplate(stack as ExpressLayer[], baseUrl, request.route, 0, { layers: MAX_MOUNT_LAYERS });
  } catch {
    return undefined;
  }
}

function findMountTemplate(stack: readonly ExpressLayer[], rest: string, target: unknown, depth: number, budget: { layers: number }): string | undefined {
  for (const layer of stack) {
    if (--budget.layers < 0) return undefined;
    if (layer === null || typeof layer !== 'object') continue;
    if (layer.route === target && target !== undefined) {
      if (rest === '' || rest === '/') return '';
      continue;
    }
    const inner = layer.handle?.stack;
    if (!Array.isArray(inner) || depth >= MAX_MOUNT_DEPTH) continue;
    const mount = matchMount(layer, rest);
    if (mount === undefined) continue;
    const below = findMountTemplate(inner as ExpressLayer[], rest.slice(mount.length), target, depth + 1, budget);
    if (below !== undefined) return `${mount.template}${below}`;
  }
  return undefined;
}

/** What a router's mount layer matched at the start of `path`: its length and its template. */
function matchMount(layer: ExpressLayer, path: string): { length: number; template: string } | undefined {
  if (Array.isArray(layer.matchers)) {
    for (let i = 0; i < layer.matchers.length; i++) {
      const matcher = layer.matchers[i];
      const match = typeof matcher === 'function' ? matcher(path) : false;
      if (match === false || typeof match.path !== 'string') continue;
      const matched = withoutTrailingSlash(match.path);
      const raw = Array.isArray(layer.rawPath) ? (layer.rawPath[i] as unknown) : layer.rawPath;
      if (typeof raw !== 'string' || !path.startsWith(matched)) return undefined;
      return { length: matched.length, template: raw === '/' ? '' : withoutTrailingSlash(raw) };
    }
    return undefined;
  }
  const regexp = layer.regexp;
  if (!(regexp instanceof RegExp)) return undefined;
  if (regexp.fast_slash === true) return { length: 0, template: '' };
  const match = regexp.exec(path);
  if (match === null || match.index !== 0) return undefined;
  const matched = withoutTrailingSlash(match[0]);
  // Put the parameter names back where their values are: '/orgs/acme' -> '/orgs/:org'.
  const segments = matched.split('/');
  let from = 1;
  for (let k = 1; k < match.length; k++) {
    const value = match[k];
    const name = layer.keys?.[k - 1]?.name;
    if (value === undefined || value === '' || (typeof name !== 'string' && typeof name !== 'number')) continue;
    for (let j = from; j < segments.length; j++) {
      const segment = segments[j] as string;
      const at = segment.indexOf(value);
      if (at < 0) continue;
      segments[j] = `${segment.slice(0, at)}:${name}${segment.slice(at + value.length)}`;
      from = j + 1;
      break;
    }
  }
  return { length: matched.length, template: segments.join('/') };
}

function withoutTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function hapiRoute(request: HapiRequest): string | undefined {
  const route = request.route;
  // Before routing, and for unmatched requests, Hapi's route is its internal not-found route ('_special').
  if (route === undefined || route === null || route.method === '_special' || typeof route.path !== 'string') return undefined;
  return route.path;
}

const HOOKED = Symbol.for('secotel.frameworkRouteHook');

/**
 * Koa: @koa/router records the matched route with `ctx._matchedRoute = layer.path`. An accessor on
 * Koa's base context prototype sees that assignment, stores the value on the context exactly as the
 * plain assignment would (own, writable, enumerable) and links the context to its Node request.
 * Nothing Koa or the application calls is wrapped.
 */
function hookKoaContext(proto: object): object {
  if (proto === null || typeof proto !== 'object' || Object.hasOwn(proto, HOOKED) || Object.hasOwn(proto, '_matchedRoute')) return proto;
  Object.defineProperty(proto, HOOKED, { value: true, configurable: true });
  Object.defineProperty(proto, '_matchedRoute', {
    configurable: true,
    enumerable: false,
    get(): undefined {
      return undefined;
    },
    set(this: KoaContext, value: unknown) {
      Object.defineProperty(this, '_matchedRoute', { value, writable: true, enumerable: true, configurable: true });
      try {
        const request = this.req;
        if (request instanceof IncomingMessage) {
          koaContexts.set(request, this);
          announce(request, value);
        }
      } catch {
        // Route knowledge must never affect the request.
      }
    },
  });
  return proto;
}

function unhookKoaContext(proto: object): void {
  if (proto !== null && typeof proto === 'object' && Object.hasOwn(proto, HOOKED)) {
    delete (proto as { _matchedRoute?: unknown })._matchedRoute;
    delete (proto as Record<symbol, unknown>)[HOOKED];
  }
}

type HapiRequestClass = { prototype: { _lookup?: (...args: unknown[]) => unknown; [HOOKED]?: (...args: unknown[]) => unknown } };

/**
 * Hapi: each request matches its route in `Request.prototype._lookup`. The hook calls the original
 * with the same arguments and returns its result, then links the Hapi request to its Node request
 * and announces `request.route.path`.
 */
function hookHapiRequest(Request: HapiRequestClass): HapiRequestClass {
  const proto = Request?.prototype;
  const original = proto?._lookup;
  if (typeof original !== 'function' || Object.hasOwn(proto, HOOKED)) return Request;
  Object.defineProperty(proto, HOOKED, { value: original, configurable: true });
  proto._lookup = function _lookup(this: HapiRequest, ...args: unknown[]): unknown {
    const result = original.apply(this, args);
    try {
      const raw = this.raw?.req;
      if (raw instanceof IncomingMessage) {
        hapiRequests.set(raw, this);
        announce(raw, hapiRoute(this));
      }
    } catch {
      // Route knowledge must never affect the request.
    }
    return result;
  };
  return Request;
}

function unhookHapiRequest(Request: HapiRequestClass): void {
  const proto = Request?.prototype;
  const original = proto === undefined ? undefined : proto[HOOKED];
  if (typeof original === 'function') {
    proto._lookup = original;
    delete proto[HOOKED];
  }
}

/** Module definitions for the Koa and Hapi hooks, for an instrumentation's `init()`. */
export function frameworkRouteModules(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('koa', ['>=2.0.0 <4'], undefined, undefined, [
      new InstrumentationNodeModuleFile('koa/lib/context.js', ['>=2.0.0 <4'], hookKoaContext, unhookKoaContext),
    ]),
    new InstrumentationNodeModuleDefinition('@hapi/hapi', ['>=20.0.0 <23'], undefined, undefined, [
      new InstrumentationNodeModuleFile('@hapi/hapi/lib/request.js', ['>=20.0.0 <23'], hookHapiRequest, unhookHapiRequest),
    ]),
  ];
}
