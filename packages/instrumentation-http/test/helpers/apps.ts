// The same small application served by plain node:http, Express 5 and Fastify 5, so one table of
// cases runs against each. Route handlers are shared; each framework does its own routing, param
// and query parsing and 404 handling, and hands the handler the raw request body it read.
import { createHash } from 'node:crypto';
import type * as NodeHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import fastify from 'fastify';
import { securityEvent, setUser } from '@secotel/sdk';
import type { KnownSecurityEventName } from '@secotel/sdk';

export type FrameworkName = 'http' | 'express' | 'fastify';
export const FRAMEWORKS: readonly FrameworkName[] = ['http', 'express', 'fastify'];

/** What a handler sees, whatever the framework. */
export interface AppRequest {
  readonly method: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: NodeHttp.IncomingHttpHeaders;
  /** The request body exactly as the framework handed it over (raw bytes). */
  readonly body: Buffer;
}

export interface AppResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: string;
}

export interface AppRoute {
  readonly methods: readonly ('GET' | 'POST' | 'PUT')[];
  /** `:name` segments; a final `/*` matches the rest of the path. */
  readonly path: string;
  readonly handler: (request: AppRequest) => AppResponse | Promise<AppResponse>;
}

const jsonResponse = (status: number, value: unknown): AppResponse => ({ status, contentType: 'application/json', body: JSON.stringify(value) });

function header(request: AppRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The event an application reports itself before answering with each status. */
export const SELF_REPORTED: Readonly<Record<number, KnownSecurityEventName>> = {
  401: 'authn_login_fail',
  403: 'authz_fail',
  422: 'input_validation_fail',
  429: 'excess_rate_limit_exceeded',
};

/** The routes every test app serves. */
export const ROUTES: readonly AppRoute[] = [
  { methods: ['GET'], path: '/search', handler: () => jsonResponse(200, { results: [] }) },
  {
    // Reports what the handler received, so a test can compare it with what was sent.
    methods: ['POST', 'PUT'],
    path: '/echo',
    handler: (request) => jsonResponse(200, { length: request.body.length, sha256: createHash('sha256').update(request.body).digest('hex') }),
  },
  {
    methods: ['GET', 'POST'],
    path: '/status/:code',
    handler: (request) => ({ status: Number(request.params.code), contentType: 'text/plain', body: `status ${request.params.code}` }),
  },
  { methods: ['POST'], path: '/login', handler: () => jsonResponse(401, { error: 'invalid credentials' }) },
  {
    // Authenticates from x-user (as a real app would from a session), waits x-delay ms, then refuses.
    methods: ['GET'],
    path: '/admin/:id',
    handler: async (request) => {
      const user = header(request, 'x-user');
      if (user !== undefined) setUser({ 'user.id': user });
      await delay(Number(header(request, 'x-delay') ?? 0));
      return jsonResponse(403, { error: 'forbidden' });
    },
  },
  {
    // The same, with the user taken from a JSON body the framework read first.
    methods: ['POST'],
    path: '/admin/:id',
    handler: (request) => {
      const { user } = JSON.parse(request.body.toString('utf8')) as { user?: string };
      if (user !== undefined) setUser({ 'user.id': user });
      return jsonResponse(403, { error: 'forbidden' });
    },
  },
  { methods: ['GET'], path: '/users/:id', handler: (request) => jsonResponse(200, { id: request.params.id }) },
  {
    // The application reports the failure itself (GET: before reading anything; POST: after the
    // framework read the body), then answers with the matching status.
    methods: ['GET', 'POST'],
    path: '/reported/:code',
    handler: (request) => {
      const code = Number(request.params.code);
      securityEvent(SELF_REPORTED[code] ?? 'authz_fail', { message: `reported by the app: ${code}` });
      return { status: code, contentType: 'text/plain', body: `status ${code}` };
    },
  },
  {
    // A successful login reported by the app, then a refusal of the same request.
    methods: ['GET'],
    path: '/login-then-forbidden',
    handler: () => {
      securityEvent('authn_login_success', { 'user.id': 'carol' });
      return jsonResponse(403, { error: 'forbidden' });
    },
  },
  {
    // For hostile input: what the handler saw of the URL, query and headers.
    methods: ['GET', 'POST'],
    path: '/inspect/*',
    handler: (request) =>
      jsonResponse(200, {
        urlLength: request.url.length,
        queryKeys: Object.keys(request.query).length,
        odd: header(request, 'x-odd') === undefined ? null : Buffer.from(header(request, 'x-odd') ?? '', 'latin1').toString('hex'),
        bodyLength: request.body.length,
      }),
  },
];

export interface RunningApp {
  readonly framework: FrameworkName;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartAppOptions {
  /** Options for the underlying http.Server (e.g. a larger maxHeaderSize). */
  readonly serverOptions?: NodeHttp.ServerOptions;
}

/** Largest body the apps accept; well above secotel's inspection limit. */
const BODY_LIMIT = 8 * 1024 * 1024;

export function urlOf(server: NodeHttp.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function listen(server: NodeHttp.Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

export function closeServer(server: NodeHttp.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

function matchRoute(route: AppRoute, method: string, path: string): Record<string, string> | undefined {
  if (!(route.methods as readonly string[]).includes(method)) return undefined;
  if (route.path.endsWith('/*')) {
    const prefix = route.path.slice(0, -1);
    return path.startsWith(prefix) && path.length > prefix.length ? { '*': path.slice(prefix.length) } : undefined;
  }
  const want = route.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    if (segment.startsWith(':')) params[segment.slice(1)] = got[i] as string;
    else if (segment !== got[i]) return undefined;
  }
  return params;
}

/** Plain node:http, reading the body the classic way ('data' and 'end' listeners). */
async function startPlain(http: typeof NodeHttp, routes: readonly AppRoute[], options: StartAppOptions): Promise<RunningApp> {
  const server = http.createServer(options.serverOptions ?? {}, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      for (const route of routes) {
        const params = matchRoute(route, req.method ?? 'GET', path);
        if (params === undefined) continue;
        const request: AppRequest = { method: req.method ?? 'GET', url, params, query, headers: req.headers, body: Buffer.concat(chunks) };
        Promise.resolve()
          .then(() => route.handler(request))
          .then(
            (response) => res.writeHead(response.status, { 'content-type': response.contentType ?? 'text/plain' }).end(response.body),
            () => res.writeHead(500).end(),
          );
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
  });
  await listen(server);
  return { framework: 'http', url: urlOf(server), close: () => closeServer(server) };
}

async function startExpress(http: typeof NodeHttp, routes: readonly AppRoute[], options: StartAppOptions): Promise<RunningApp> {
  const app = express();
  // Express's final handler still answers errors (400 for a malformed param), without logging them.
  app.set('env', 'test');
  // Raw bytes for every content type, so the handler can be compared with what was sent.
  const rawBody = express.raw({ type: () => true, limit: BODY_LIMIT });
  for (const route of routes) {
    const path = route.path.endsWith('/*') ? `${route.path.slice(0, -1)}*rest` : route.path;
    const handle = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
      const request: AppRequest = {
        method: req.method,
        url: req.originalUrl,
        params: req.params as Record<string, string>,
        query: req.query as Record<string, unknown>,
        headers: req.headers,
        body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      };
      Promise.resolve()
        .then(() => route.handler(request))
        .then((response) => res.status(response.status).type(response.contentType ?? 'text/plain').send(response.body), next);
    };
    for (const method of route.methods) {
      if (method === 'GET') app.get(path, rawBody, handle);
      else if (method === 'POST') app.post(path, rawBody, handle);
      else app.put(path, rawBody, handle);
    }
  }
  const server = http.createServer(options.serverOptions ?? {}, app);
  await listen(server);
  return { framework: 'express', url: urlOf(server), close: () => closeServer(server) };
}

async function startFastify(routes: readonly AppRoute[], options: StartAppOptions): Promise<RunningApp> {
  const app = fastify({ logger: false, bodyLimit: BODY_LIMIT, http: options.serverOptions ?? null });
  // Raw bytes for every content type, so the handler can be compared with what was sent.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const route of routes) {
    app.route({
      method: [...route.methods],
      url: route.path,
      handler: async (req, reply) => {
        const request: AppRequest = {
          method: req.method,
          url: req.url,
          params: req.params as Record<string, string>,
          query: req.query as Record<string, unknown>,
          headers: req.headers,
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        };
        const response = await route.handler(request);
        return reply.code(response.status).type(response.contentType ?? 'text/plain').send(response.body);
      },
    });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { framework: 'fastify', url: urlOf(app.server), close: () => app.close() };
}

/**
 * Starts the test app on 127.0.0.1, port 0. `http` must be the module required after the
 * instrumentation was registered (Fastify creates its server from its own `node:http`, which is
 * the same module, patched on the prototype).
 */
export function startApp(framework: FrameworkName, http: typeof NodeHttp, options: StartAppOptions = {}, routes: readonly AppRoute[] = ROUTES): Promise<RunningApp> {
  if (framework === 'http') return startPlain(http, routes, options);
  if (framework === 'express') return startExpress(http, routes, options);
  return startFastify(routes, options);
}
