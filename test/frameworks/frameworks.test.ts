// The framework matrix: real apps of each framework, installed from the packed tarballs into a
// scratch project (see harness.ts), each run once without secotel and once under
// `--require @secotel/node/register` against a real OTLP receiver, then sent SIGTERM.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { exitWithin } from '../helpers/node-app.ts';
import { startOtlpReceiver } from '../helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../helpers/otlp-receiver.ts';
import {
  EXIT_MARGIN_MS,
  REQUESTS,
  SHUTDOWN_BOUND_MS,
  SQLI,
  assertRequestEvents,
  assertShutdownLast,
  freePort,
  kill,
  prepareScratch,
  recordsOf,
  secotelEnv,
  sendRequests,
  sendRequestsHttp2,
  startApp,
} from './harness.ts';
import type { MatrixRequest, RecordedResponse, Routes, RunningApp, Scratch } from './harness.ts';

const run = promisify(execFile);
const REGISTER = '@secotel/node/register';
const AUTO = '@opentelemetry/auto-instrumentations-node/register';
const EXPRESS_ROUTES: Routes = { items: '/items/:id', admin: '/admin/:section' };

/** How to run an app: `program` (after the preloads) with `args`, in `cwd`, ready when stdout matches. */
interface Launch {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly ready?: RegExp;
  readonly base?: string;
}

interface MatrixCase {
  readonly name: string;
  /** A script under the scratch project, or how to launch the app. */
  readonly app: string | ((scratch: Scratch) => Promise<Launch>);
  /** HTTP/2 cleartext instead of HTTP/1.1. */
  readonly h2c?: boolean;
  /** Why the case cannot run yet. */
  readonly skip?: string;
  /** Requests beyond REQUESTS (their attacks are in routes.moreAttacks). */
  readonly moreRequests?: readonly MatrixRequest[];
  readonly routes: Routes;
  /** Preloads in order; REGISTER is the one left out of the run without secotel. */
  readonly requires?: readonly string[];
  readonly env?: Record<string, string>;
  /** What may be on stderr, line by line (with the stack lines under them): the other SDK's diagnostics, secotel's one warning. */
  readonly stderr?: readonly RegExp[];
  /**
   * How the app ends on SIGTERM when the run without secotel does not tell: the auto-instrumentations'
   * own SIGTERM listener only shuts their SDK down, so without secotel the process never exits.
   */
  readonly endsBy?: [number | null, NodeJS.Signals | null];
}

const CASES: readonly MatrixCase[] = [
  { name: 'Express 4', app: 'apps/express4.cjs', routes: EXPRESS_ROUTES },
  { name: 'Express 5', app: 'apps/express5.cjs', routes: EXPRESS_ROUTES },
  { name: 'Fastify 5', app: 'apps/fastify.cjs', routes: EXPRESS_ROUTES },
  { name: 'Koa with @koa/router', app: 'apps/koa.cjs', routes: EXPRESS_ROUTES },
  { name: 'Hapi', app: 'apps/hapi.cjs', routes: { items: '/items/{id}', admin: '/admin/{section}' } },
  { name: 'NestJS on Express', app: 'apps/nest.mjs', routes: EXPRESS_ROUTES, env: { NEST_PLATFORM: 'express' } },
  { name: 'NestJS on Fastify', app: 'apps/nest.mjs', routes: EXPRESS_ROUTES, env: { NEST_PLATFORM: 'fastify' } },
  {
    name: 'Express 5 with the auto-instrumentations loaded first',
    app: 'apps/express5.cjs',
    routes: EXPRESS_ROUTES,
    requires: [AUTO, REGISTER],
    endsBy: [null, 'SIGTERM'],
    stderr: [/^\(node:\d+\) \[SECOTEL_OTEL_SDK_ALREADY_STARTED\] SecotelWarning: /, /^\(Use `node --trace-warnings/],
  },
  {
    name: 'Express 5 with the auto-instrumentations loaded second',
    app: 'apps/express5.cjs',
    routes: EXPRESS_ROUTES,
    requires: [REGISTER, AUTO],
    endsBy: [null, 'SIGTERM'],
    // The auto-instrumentations' own SDK, started second, finds secotel's registered (OTEL_LOG_LEVEL makes it say so).
    stderr: [/^Current logger will (be overwritten|overwrite one already registered) from Error$/, /^Error: @opentelemetry\/api: Attempted duplicate registration of API: (context|logs|propagation|trace)$/],
  },
  { name: 'a 2-worker cluster whose primary has no SIGTERM listener', app: 'apps/cluster.cjs', routes: EXPRESS_ROUTES },
  { name: 'a 2-worker cluster whose primary kills its workers on SIGTERM', app: 'apps/cluster.cjs', routes: EXPRESS_ROUTES, env: { CLUSTER_PRIMARY: 'kill-workers' } },
  {
    // No framework, so no route: the events carry none.
    name: 'a node:http2 server (h2c, compatibility API, no framework)',
    app: 'apps/http2.cjs',
    routes: { items: undefined, admin: undefined },
    h2c: true,
  },
  {
    name: 'Next.js (next build && next start): app router route handlers and page, pages router API route',
    app: async (scratch) => {
      const port = await freePort();
      return {
        program: join(scratch.frameworks, 'node_modules', 'next', 'dist', 'bin', 'next'),
        args: ['start', '-p', String(port), '-H', '127.0.0.1'],
        cwd: join(scratch.dir, 'next-app'),
        ready: /Ready in/,
        base: `http://127.0.0.1:${port}`,
      };
    },
    moreRequests: [
      { name: 'query attack (pages router)', method: 'GET', path: `/api/things/42?q=${encodeURIComponent(SQLI)}` },
      { name: 'body attack (pages router)', method: 'POST', path: '/api/things/43', json: { q: SQLI } },
      { name: 'query attack (app router page)', method: 'GET', path: `/docs/intro?q=${encodeURIComponent(SQLI)}` },
    ],
    routes: {
      items: '/items/[id]',
      admin: '/admin/[section]',
      moreAttacks: [
        { method: 'GET', path: '/api/things/42', route: '/api/things/[id]' },
        { method: 'POST', path: '/api/things/43', route: '/api/things/[id]' },
        { method: 'GET', path: '/docs/intro', route: '/docs/[slug]' },
      ],
    },
    env: { NEXT_TELEMETRY_DISABLED: '1' },
    // Next.js sets http.route on the HTTP server span once its handler's promise settles, after
    // the response ended it (any HttpInstrumentation ends it there); the SDK says so at OTEL_LOG_LEVEL=error.
    stderr: [/^Cannot execute the operation on ended Span \{traceId: [0-9a-f]{32}, spanId: [0-9a-f]{16}\} Error: Operation attempted on ended Span/],
  },
];

/** Is the process (or, negative, the process group) still there? For processes that are not our children. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let nextBuilt: Promise<void> | undefined;

/** `next build` of the scratch project's next-app, once, without secotel (as a deployment builds). */
function buildNextApp(scratch: Scratch): Promise<void> {
  nextBuilt ??= run(process.execPath, [join(scratch.frameworks, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: join(scratch.dir, 'next-app'),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '' },
    timeout: 300_000,
  }).then(() => undefined);
  return nextBuilt;
}

/** The lines of `output` that no pattern allows; a stack trace under an allowed line is allowed with it. */
function unexpectedLines(output: string, allowed: readonly RegExp[]): string[] {
  const left: string[] = [];
  let underAllowed = false;
  for (const line of output.split('\n')) {
    if (line === '') continue;
    if (underAllowed && /^\s+at /.test(line)) continue;
    underAllowed = allowed.some((pattern) => pattern.test(line));
    if (!underAllowed) left.push(line);
  }
  return left;
}

describe('the framework matrix, from the packed tarballs', { timeout: 900_000 }, () => {
  let scratch: Scratch;
  let receiver: OtlpReceiver;

  before(async () => {
    scratch = await prepareScratch();
    receiver = await startOtlpReceiver();
  });
  after(async () => {
    await receiver?.close();
    scratch?.remove();
  });

  for (const matrixCase of CASES) {
    describe(matrixCase.name, { skip: matrixCase.skip ?? false }, () => {
      const serviceName = `matrix-${matrixCase.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const requires = matrixCase.requires ?? [REGISTER];
      let plain: { responses: RecordedResponse[]; ended: [number | null, NodeJS.Signals | null] };
      let secured: { responses: RecordedResponse[]; ended: [number | null, NodeJS.Signals | null] };
      let app: RunningApp | undefined;
      let workersLeft: number[] = [];

      before(async () => {
        const requests = [...REQUESTS, ...(matrixCase.moreRequests ?? [])];
        if (typeof matrixCase.app !== 'string') await buildNextApp(scratch);
        const start = async (preloads: readonly string[], env: Record<string, string>) => {
          const launch = typeof matrixCase.app === 'string' ? { program: matrixCase.app, args: [], cwd: scratch.dir } : await matrixCase.app(scratch);
          return startApp(process.execPath, [...preloads.flatMap((module) => ['--require', module]), launch.program, ...launch.args], {
            cwd: launch.cwd,
            env: { ...matrixCase.env, ...env },
            ...(launch.ready === undefined ? {} : { ready: launch.ready }),
            ...(launch.base === undefined ? {} : { base: launch.base }),
          });
        };
        const others = requires.filter((module) => module !== REGISTER);
        app = await start(others, others.length > 0 ? { ...secotelEnv(receiver, `${serviceName}-plain`), OTEL_LOG_LEVEL: 'error' } : {});
        const send = matrixCase.h2c === true ? sendRequestsHttp2 : sendRequests;
        const plainResponses = await send(app.base, requests);
        if (matrixCase.endsBy === undefined) {
          app.child.kill('SIGTERM');
          plain = { responses: plainResponses, ended: await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS) };
        } else {
          await kill(app?.child);
          plain = { responses: plainResponses, ended: matrixCase.endsBy };
        }

        app = await start(requires, secotelEnv(receiver, serviceName));
        const responses = await send(app.base, requests);
        // The events are in flight or still batched: SIGTERM now, and the shutdown must deliver them.
        app.child.kill('SIGTERM');
        secured = { responses, ended: await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS) };
        // Cluster workers end after their primary; they too within the bound.
        const pids = new Set((/with workers ([\d,]+)/.exec(app.stdout())?.[1] ?? '').split(',').filter(Boolean).map(Number));
        const deadline = Date.now() + SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS;
        while ([...pids].some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        workersLeft = [...pids].filter(alive);
        for (const pid of workersLeft) process.kill(pid, 'SIGKILL');
      });
      after(async () => {
        await kill(app?.child);
      });

      it('answers byte for byte as without secotel', () => {
        assert.deepEqual(secured.responses, plain.responses);
      });

      it('reports the attacks in query and JSON body with path, route, client address and trace id; the 403 and the failed login', () => {
        assertRequestEvents(recordsOf(receiver, serviceName), receiver.spans, matrixCase.routes);
      });

      it('delivers sys_shutdown after every other event of each process', () => {
        const records = recordsOf(receiver, serviceName);
        assertShutdownLast(records);
        // A cluster: the two workers' own events, not relayed by the primary.
        const processes = new Set(records.map((r) => r.resource['process.pid']));
        assert.equal(processes.size, matrixCase.app === 'apps/cluster.cjs' ? 3 : 1);
      });

      it('ends as without secotel, every process within the shutdown bound', () => {
        assert.deepEqual(secured.ended, plain.ended, app?.stderr());
        assert.deepEqual(workersLeft, []);
      });

      it('writes no diagnostics, warnings or errors', () => {
        assert.deepEqual(unexpectedLines(app?.stderr() ?? '', matrixCase.stderr ?? []), []);
      });
    });
  }

  /** The app under a supervisor that is sent the signal: npm, PM2. */
  const SUPERVISED = [
    {
      name: '`npm start` sent SIGTERM as a process group (npm forwards it too: the app gets it twice)',
      id: 'npm-start',
      command: () => ['npm', 'run', 'start', '--silent'],
      signalGroup: true,
    },
    {
      name: '`npm run start:exec` (the script execs node) sent SIGTERM to npm alone, as `docker stop` does to PID 1',
      id: 'npm-start-exec',
      command: () => ['npm', 'run', 'start:exec', '--silent'],
      signalGroup: false,
    },
    {
      name: 'pm2-runtime (PM2 in a container) sent SIGTERM: it stops the app with SIGINT',
      id: 'pm2-runtime',
      command: () => [
        process.execPath,
        join(scratch.frameworks, 'node_modules', 'pm2', 'bin', 'pm2-runtime'),
        'start',
        'apps/express5.cjs',
        '--node-args=--require @secotel/node/register',
      ],
      signalGroup: false,
    },
  ] as const;
  for (const supervised of SUPERVISED) {
    describe(supervised.name, () => {
      const serviceName = `matrix-${supervised.id}`;
      let app: RunningApp | undefined;
      let ended: [number | null, NodeJS.Signals | null];
      let left: number[] = [];

      before(async () => {
        const [command, ...args] = supervised.command();
        assert.ok(command);
        app = await startApp(command, args, {
          cwd: scratch.dir,
          env: { ...secotelEnv(receiver, serviceName), PM2_HOME: join(scratch.dir, '.pm2') },
          detached: true,
        });
        await sendRequests(app.base);
        const group = app.child.pid;
        assert.ok(group);
        process.kill(supervised.signalGroup ? -group : group, 'SIGTERM');
        const deadline = Date.now() + SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS;
        // npm ends as soon as its child died of the signal (a `sh -c`, at once); node flushes and ends after it.
        ended = await exitWithin(app, SHUTDOWN_BOUND_MS + EXIT_MARGIN_MS);
        // The app's own process (PM2 starts it in a process group of its own) and npm's group.
        const pids = [-group, ...new Set(recordsOf(receiver, serviceName).map((r) => Number(r.resource['process.pid'])))];
        while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        left = pids.filter(alive);
      });
      after(async () => {
        for (const pid of left) process.kill(pid, 'SIGKILL');
        await kill(app?.child);
      });

      it('flushes once: one sys_shutdown, after the events', () => {
        assert.ok(recordsOf(receiver, serviceName).length > 0, `${app?.stdout()}\n${app?.stderr()}`);
        assertRequestEvents(recordsOf(receiver, serviceName), receiver.spans, EXPRESS_ROUTES);
        assertShutdownLast(recordsOf(receiver, serviceName));
      });

      it('ends, the supervisor and the app, within the shutdown bound', () => {
        assert.ok(ended[0] !== null || ended[1] !== null);
        assert.deepEqual(left, []);
      });
    });
  }
});
