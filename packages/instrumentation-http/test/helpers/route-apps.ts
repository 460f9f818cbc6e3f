// One small app with a parametrised route, served by Express 4, Express 5, Fastify 5, Koa 3 +
// @koa/router and Hapi 21, for the route tests. Koa and Hapi are imported only when started, after
// the harness registered the instrumentation: secotel's route hooks for them apply at module load.
import { createRequire } from 'node:module';
import type * as NodeHttp from 'node:http';
import type { ResponseToolkit } from '@hapi/hapi';
import type express from 'express';
import fastify from 'fastify';
import { closeServer, listen, urlOf } from './apps.ts';

export type RouteFrameworkName = 'express4' | 'express5' | 'fastify' | 'koa' | 'hapi';
export const ROUTE_FRAMEWORKS: readonly RouteFrameworkName[] = ['express4', 'express5', 'fastify', 'koa', 'hapi'];

export interface RouteApp {
  readonly framework: RouteFrameworkName;
  readonly url: string;
  /** The route template the framework reports for `/items/:id` (Hapi writes `/items/{id}`). */
  readonly itemsRoute: string;
  /** The same for `/hang/:id`, whose handler never answers. */
  readonly hangRoute: string;
  /** Resolves when the `/hang/:id` handler has been entered `count` times in all. */
  hangEntered(count: number): Promise<void>;
  close(): Promise<void>;
}

/** What `/items/:id` answers: the id and the body it received, so a test can compare responses. */
export function itemsResponse(id: string, body: string): string {
  return JSON.stringify({ id, received: body });
}

class EntryCounter {
  private count = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  enter(): void {
    this.count++;
    for (const waiter of this.waiters.filter((w) => w.count <= this.count)) waiter.resolve();
  }
  until(count: number): Promise<void> {
    if (this.count >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

function readBody(request: NodeHttp.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const require = createRequire(import.meta.url);

async function startExpress(framework: 'express4' | 'express5', http: typeof NodeHttp): Promise<RouteApp> {
  const createApp = require(framework === 'express4' ? 'express4' : 'express') as typeof express;
  const app = createApp();
  const entered = new EntryCounter();
  // A JSON body parsed by a global middleware, before routing, as most Express apps do.
  app.use(createApp.text({ type: 'application/json' }));
  const items = (req: express.Request, res: express.Response) => {
    res.type('application/json').send(itemsResponse(String(req.params.id), typeof req.body === 'string' ? req.body : ''));
  };
  app.get('/items/:id', items);
  app.post('/items/:id', items);
  app.get('/hang/:id', () => entered.enter());
  const server = http.createServer(app);
  await listen(server);
  return { framework, url: urlOf(server), itemsRoute: '/items/:id', hangRoute: '/hang/:id', hangEntered: (n) => entered.until(n), close: () => closeServer(server) };
}

async function startFastify(): Promise<RouteApp> {
  const app = fastify({ logger: false });
  const entered = new EntryCounter();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.route({
    method: ['GET', 'POST'],
    url: '/items/:id',
    handler: async (req, reply) =>
      reply.type('application/json').send(itemsResponse((req.params as { id: string }).id, typeof req.body === 'string' ? req.body : '')),
  });
  app.get('/hang/:id', () => {
    entered.enter();
    return new Promise(() => {});
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { framework: 'fastify', url: urlOf(app.server), itemsRoute: '/items/:id', hangRoute: '/hang/:id', hangEntered: (n) => entered.until(n), close: () => app.close() };
}

async function startKoa(http: typeof NodeHttp): Promise<RouteApp> {
  const { default: Koa } = await import('koa');
  const { default: Router } = await import('@koa/router');
  const app = new Koa();
  const router = new Router();
  const entered = new EntryCounter();
  const items = async (ctx: { params: Record<string, string>; req: NodeHttp.IncomingMessage; type: string; body: unknown }) => {
    const body = await readBody(ctx.req);
    ctx.type = 'application/json';
    ctx.body = itemsResponse(String(ctx.params.id), body);
  };
  router.get('/items/:id', items);
  router.post('/items/:id', items);
  router.get('/hang/:id', () => {
    entered.enter();
    return new Promise(() => {});
  });
  app.use(router.routes());
  const server = http.createServer(app.callback());
  await listen(server);
  return { framework: 'koa', url: urlOf(server), itemsRoute: '/items/:id', hangRoute: '/hang/:id', hangEntered: (n) => entered.until(n), close: () => closeServer(server) };
}

async function startHapi(): Promise<RouteApp> {
  const Hapi = await import('@hapi/hapi');
  const server = Hapi.server({ port: 0, host: '127.0.0.1' });
  const entered = new EntryCounter();
  const items = (request: { params: Record<string, string>; payload: unknown }, h: ResponseToolkit) =>
    h.response(itemsResponse(String(request.params.id), Buffer.isBuffer(request.payload) ? request.payload.toString('utf8') : '')).type('application/json');
  server.route({ method: 'GET', path: '/items/{id}', handler: items });
  server.route({ method: 'POST', path: '/items/{id}', options: { payload: { parse: false, output: 'data' } }, handler: items });
  server.route({
    method: 'GET',
    path: '/hang/{id}',
    handler: () => {
      entered.enter();
      return new Promise(() => {});
    },
  });
  await server.start();
  return {
    framework: 'hapi',
    url: urlOf(server.listener),
    itemsRoute: '/items/{id}',
    hangRoute: '/hang/{id}',
    hangEntered: (n) => entered.until(n),
    close: async () => {
      server.listener.closeAllConnections();
      await server.stop({ timeout: 1000 });
    },
  };
}

/** Starts one route app on 127.0.0.1, port 0; `http` is the module required after the instrumentation. */
export function startRouteApp(framework: RouteFrameworkName, http: typeof NodeHttp): Promise<RouteApp> {
  switch (framework) {
    case 'express4':
    case 'express5':
      return startExpress(framework, http);
    case 'fastify':
      return startFastify();
    case 'koa':
      return startKoa(http);
    case 'hapi':
      return startHapi();
  }
}
