// The framework matrix's scratch project and app runs: the packed @secotel tarballs installed fresh
// into a project inside the cached framework install (scripts/build-frameworks.sh), so each app
// finds the frameworks in the parent's node_modules and secotel in its own, as a user's app would.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:http2';
import type { IncomingHttpHeaders, IncomingHttpStatusHeader } from 'node:http2';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningNodeApp } from '../helpers/node-app.ts';
import type { OtlpReceiver } from '../helpers/otlp-receiver.ts';
import type { FlatLogRecord, FlatSpan } from '../helpers/otlp-json.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

export const SQLI = "1' OR '1'='1' --";
export const SHUTDOWN_BOUND_MS = 3000;
/** What a process may take beyond the shutdown bound to flush and die (a busy 2-core machine). */
export const EXIT_MARGIN_MS = 4000;

/** The scratch project: `dir` holds node_modules/@secotel/* from the tarballs and a copy of apps/. */
export interface Scratch {
  readonly dir: string;
  /** The cached framework install `dir` is inside of. */
  readonly frameworks: string;
  remove(): void;
}

/** Builds (or finds cached) the frameworks, packs every package and installs the tarballs. */
export async function prepareScratch(): Promise<Scratch> {
  const { stdout } = await run('bash', [join(root, 'scripts', 'build-frameworks.sh')], { cwd: root, timeout: 600_000 });
  const frameworks = stdout.trim().split('\n').at(-1) ?? '';
  assert.ok(existsSync(join(frameworks, 'node_modules', 'express')), `no framework install at ${frameworks}`);
  const dir = mkdtempSync(join(frameworks, 'run-'));
  try {
    const tarballs: string[] = [];
    for (const name of readdirSync(join(root, 'packages'))) {
      if (!existsSync(join(root, 'packages', name, 'package.json'))) continue;
      const packed = await run('npm', ['pack', '--json', '--pack-destination', dir, join(root, 'packages', name)], { cwd: root });
      const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
      assert.ok(info);
      // A package being rebuilt meanwhile (its dist emptied) would fail every app in obscure ways.
      assert.ok(info.files.some((f) => f.path === 'dist/cjs/index.js'), `${name} was packed without dist/cjs/index.js: build it first`);
      tarballs.push(join(dir, info.filename));
    }
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'framework-matrix-app',
        version: '1.0.0',
        private: true,
        scripts: {
          start: 'node --require @secotel/node/register apps/express5.cjs',
          // npm signals its `sh -c`, which does not pass the signal on; with exec, sh is node.
          'start:exec': 'exec node --require @secotel/node/register apps/express5.cjs',
        },
      }),
    );
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs, '@opentelemetry/api@1.10.0'], { cwd: dir, timeout: 300_000 });
    cpSync(join(import.meta.dirname, 'apps'), join(dir, 'apps'), { recursive: true });
    cpSync(join(import.meta.dirname, 'next-app'), join(dir, 'next-app'), { recursive: true });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, frameworks, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A started app; a RunningNodeApp, so node-app.ts's exitWithin() bounds its end. */
export interface RunningApp extends RunningNodeApp {
  stdout(): string;
  stderr(): string;
}

/** Spawns `command args` and waits until its output matches `ready` (group 1: the base URL). */
export async function startApp(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; ready?: RegExp; timeoutMs?: number; base?: string; detached?: boolean },
): Promise<RunningApp> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, PORT: '0', NODE_OPTIONS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = options.ready ?? /listening on (http:\/\/[^\s/]+)/;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const match = ready.exec(stdout);
    if (match) {
      return {
        child,
        base: options.base ?? match[1] ?? '',
        stdout: () => stdout,
        stderr: () => stderr,
        output: () => `${stdout}${stderr}`,
        stop: () => kill(child),
      };
    }
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${command} ${args.join(' ')} did not start:\n${stdout}\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A port nobody listens on now, for servers that cannot be told to take any free one (next start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** SIGKILL and wait; for the runs without secotel, whose shutdown is not under test, and cleanup. */
export async function kill(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** What a response is, byte for byte, except the headers that differ from run to run. */
export interface RecordedResponse {
  status: number;
  headers: [string, string][];
  body: string;
}

const VARYING_HEADERS = new Set(['date']);

export interface MatrixRequest {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly json?: unknown;
}

/** The matrix's requests, the same for every framework. */
export const REQUESTS: readonly MatrixRequest[] = [
  { name: 'query attack', method: 'GET', path: `/items/42?q=${encodeURIComponent(SQLI)}` },
  { name: 'body attack', method: 'POST', path: '/items/43', json: { q: SQLI } },
  { name: 'forbidden', method: 'GET', path: '/admin/users' },
  { name: 'failed login', method: 'POST', path: '/login', json: { username: 'bob', password: 'wrong' } },
];

/** The same over HTTP/2 cleartext (h2c), which fetch does not speak: one session, one request at a time. */
export async function sendRequestsHttp2(base: string, requests: readonly MatrixRequest[] = REQUESTS): Promise<RecordedResponse[]> {
  const session = connect(base);
  try {
    const recorded: RecordedResponse[] = [];
    for (const request of requests) {
      const stream = session.request({
        ':method': request.method,
        ':path': request.path,
        ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
      });
      stream.end(request.json === undefined ? undefined : JSON.stringify(request.json));
      const [headers] = (await once(stream, 'response')) as [IncomingHttpHeaders & IncomingHttpStatusHeader];
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const kept = Object.entries(headers).filter(([name]) => name !== ':status' && !VARYING_HEADERS.has(name));
      recorded.push({ status: Number(headers[':status']), headers: kept.map(([name, value]) => [name, String(value)]), body: Buffer.concat(chunks).toString('base64') });
    }
    return recorded;
  } finally {
    session.close();
  }
}

/** Sends the matrix's requests one after the other and records the responses. */
export async function sendRequests(base: string, requests: readonly MatrixRequest[] = REQUESTS): Promise<RecordedResponse[]> {
  const recorded: RecordedResponse[] = [];
  for (const request of requests) {
    const response = await fetch(`${base}${request.path}`, {
      method: request.method,
      ...(request.json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.json) }),
    });
    const body = Buffer.from(await response.arrayBuffer()).toString('base64');
    const headers = [...response.headers].filter(([name]) => !VARYING_HEADERS.has(name));
    recorded.push({ status: response.status, headers, body });
  }
  return recorded;
}

/** The environment of a run under secotel: OTLP/JSON to the receiver, diag warnings to stderr, no export before shutdown. */
export function secotelEnv(receiver: OtlpReceiver, serviceName: string): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_SERVICE_NAME: serviceName,
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOG_LEVEL: 'warn',
    // Nothing leaves before the shutdown: its flush must deliver it all, in whatever way the app ends.
    OTEL_BLRP_SCHEDULE_DELAY: '60000',
    OTEL_BSP_SCHEDULE_DELAY: '60000',
    OTEL_NODE_RESOURCE_DETECTORS: 'env,host,process',
    SECOTEL_SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_BOUND_MS),
  };
}

/** What the receiver got from one service. */
export function recordsOf(receiver: OtlpReceiver, serviceName: string): FlatLogRecord[] {
  return receiver.logs.filter((r) => r.resource['service.name'] === serviceName);
}

/** The route templates a framework writes the matrix's routes as. */
export interface Routes {
  /** undefined: no framework, no template (a plain server). */
  readonly items: string | undefined;
  readonly admin: string | undefined;
  /** More attack requests the app was sent (beyond REQUESTS'), with the route each must carry. */
  readonly moreAttacks?: readonly { method: 'GET' | 'POST'; path: string; route: string }[];
}

/**
 * The matrix's assertions on what the receiver got for REQUESTS: each attack with path, route,
 * client address and the trace id of its server span; the 403 as authz_fail with the route; the
 * 401 on /login as authn_login_fail.
 */
export function assertRequestEvents(records: FlatLogRecord[], spans: FlatSpan[], routes: Routes): void {
  const attacks = records.filter((r) => r.eventName === 'security.attack_detected');
  const describe = JSON.stringify(records.map((r) => [r.eventName, r.attributes]));
  const expected = [
    { method: 'GET', path: '/items/42', route: routes.items },
    { method: 'POST', path: '/items/43', route: routes.items },
    ...(routes.moreAttacks ?? []),
  ];
  for (const { method, path, route } of expected) {
    const attack = attacks.find((r) => r.attributes['url.path'] === path);
    assert.ok(attack, `no attack_detected for ${method} ${path}: ${describe}`);
    assert.equal(attack.attributes['http.route'], route, describe);
    assert.equal(attack.attributes['client.address'], '127.0.0.1');
    assert.equal(attack.attributes['security_rule.category'], 'sqli');
    assert.match(attack.traceId, /^[0-9a-f]{32}$/);
    const server = spans.find((s) => s.traceId === attack.traceId && s.kind === 2 && s.attributes['http.request.method'] === method);
    assert.ok(server, `no server span with the trace id ${attack.traceId} of the ${method} attack`);
  }
  assert.equal(attacks.length, expected.length, describe);
  const authz = records.filter((r) => r.eventName === 'security.authz_fail');
  assert.equal(authz.length, 1, describe);
  assert.equal(authz[0]?.attributes['http.route'], routes.admin);
  assert.equal(authz[0]?.attributes['url.path'], '/admin/users');
  const login = records.filter((r) => r.eventName === 'security.authn_login_fail');
  assert.equal(login.length, 1, describe);
  assert.equal(login[0]?.attributes['url.path'], '/login');
}

/** sys_shutdown arrived, once per process, after every other event of that process. */
export function assertShutdownLast(records: FlatLogRecord[]): void {
  const byPid = new Map<string, string[]>();
  for (const record of records) {
    const pid = String(record.resource['process.pid']);
    byPid.set(pid, [...(byPid.get(pid) ?? []), record.eventName]);
  }
  assert.ok(byPid.size > 0, 'no records');
  for (const [pid, names] of byPid) {
    assert.equal(names.filter((n) => n === 'security.sys_shutdown').length, 1, `process ${pid}: ${names.join(', ')}`);
    assert.equal(names.at(-1), 'security.sys_shutdown', `process ${pid}: ${names.join(', ')}`);
  }
}
