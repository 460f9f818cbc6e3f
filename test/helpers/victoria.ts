// Real log backends for end-to-end tests: VictoriaLogs (log store, native OTLP ingest, LogsQL) and
// vmalert (its rule engine), built once per machine by scripts/build-backends.sh and cached
// outside the repository like the collector.
//
//   const logs = await startVictoriaLogs();
//   after(() => logs.stop());
//   // point the collector's security exporter at logs.otlpEndpoint, then:
//   const rows = await logs.waitForRows('event_name:="security.authn_login_fail"', (r) => r.length >= 3);
//
//   const alerts = await startVmalert({ datasourceUrl: logs.url, rules: [RULES_FILE] });
//   after(() => alerts.stop());
//   await alerts.waitForAlert((a) => a.name === 'SecotelFleetBruteForceByUser');

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { REPO_ROOT, SHIPPED_COLLECTOR_CONFIG, freePorts, startCollector } from './collector.ts';
import type { RunningCollector } from './collector.ts';

/** The backends build script. */
const BUILD_BACKENDS_SCRIPT = join(REPO_ROOT, 'scripts', 'build-backends.sh');

// Jaeger's cold build dominates (about 6 minutes on free cores, far longer on loaded ones).
const BUILD_TIMEOUT_MS = 40 * 60_000;
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_CAP_BYTES = 128 * 1024;
const POLL_INTERVAL_MS = 200;
const REQUEST_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;

/** Thrown when a backend cannot be built, started or queried. */
export class BackendHarnessError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'BackendHarnessError';
    this.code = code;
  }
}

/** Paths of the backend binaries. */
export interface BackendBinaries {
  readonly victoriaLogs: string;
  readonly vmalert: string;
}

let built: BackendBinaries | undefined;

/**
 * Returns the VictoriaLogs and vmalert binaries, building them with scripts/build-backends.sh on
 * first use (a minute or two cold, instant when cached). `SECOTEL_VICTORIALOGS_BIN` and
 * `SECOTEL_VMALERT_BIN` (both) override the build.
 */
export function ensureBackendBinaries(): BackendBinaries {
  const fromEnv = { victoriaLogs: process.env.SECOTEL_VICTORIALOGS_BIN ?? '', vmalert: process.env.SECOTEL_VMALERT_BIN ?? '' };
  if (fromEnv.victoriaLogs !== '' && fromEnv.vmalert !== '') {
    for (const [name, path] of Object.entries(fromEnv)) {
      try {
        accessSync(path, constants.X_OK);
      } catch {
        throw new BackendHarnessError('SECOTEL_ERR_BACKEND_BIN', `the ${name} binary ${path} is not executable; unset SECOTEL_VICTORIALOGS_BIN/SECOTEL_VMALERT_BIN to build with scripts/build-backends.sh`);
      }
    }
    return fromEnv;
  }
  if (built !== undefined) return built;
  const paths = builtBackendPaths();
  built = { victoriaLogs: backendPath(paths, 'victoria-logs'), vmalert: backendPath(paths, 'vmalert') };
  return built;
}

/** What scripts/build-backends.sh printed (`name=path` lines), run once per process: it builds every backend. */
let buildOutput: Map<string, string> | undefined;

/** Runs scripts/build-backends.sh once (cached builds are instant) and returns its binaries by name. */
export function builtBackendPaths(): Map<string, string> {
  if (buildOutput !== undefined) return buildOutput;
  const result = spawnSync('bash', [BUILD_BACKENDS_SCRIPT], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new BackendHarnessError(
      'SECOTEL_ERR_BACKEND_BUILD',
      `scripts/build-backends.sh failed (exit ${String(result.status)}${result.signal !== null ? `, signal ${result.signal}` : ''}); run it by hand to see the full output.\n` +
        `${result.error?.message ?? ''}\n${tail(result.stderr ?? '', 4000)}`,
    );
  }
  buildOutput = new Map(
    (result.stdout ?? '')
      .split('\n')
      .map((line) => /^([a-z-]+)=(.+)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1] as string, (match[2] as string).trim()] as const),
  );
  return buildOutput;
}

/** The binary `name` from the build's output; fails clearly when the script did not provide it. */
export function backendPath(paths: Map<string, string>, name: string): string {
  const path = paths.get(name) ?? '';
  if (path === '' || !existsSync(path)) {
    throw new BackendHarnessError('SECOTEL_ERR_BACKEND_BUILD', `scripts/build-backends.sh did not provide ${name}; run it by hand to see the full output.`);
  }
  return path;
}

/** One log entry as VictoriaLogs returns it: every field a string. */
export type LogRow = Record<string, string>;

/** A running VictoriaLogs on a loopback port with a temporary data directory. */
export interface RunningVictoriaLogs {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** OTLP/HTTP base URL for an exporter (`/v1/logs` is appended by the exporter). */
  readonly otlpEndpoint: string;
  /** Runs a LogsQL query over all stored logs (`/select/logsql/query`). */
  query(logsql: string): Promise<LogRow[]>;
  /** Runs `query` until `done(rows)` holds; fails with the last rows after `timeoutMs`. */
  waitForRows(logsql: string, done: (rows: LogRow[]) => boolean, timeoutMs?: number, context?: () => string): Promise<LogRow[]>;
  /** VictoriaLogs's own output, for failure messages. */
  output(): string;
  /** Stops the process and removes the data directory. Idempotent. */
  stop(): Promise<void>;
}

/** Starts VictoriaLogs on a free loopback port and resolves once `/health` answers. */
export async function startVictoriaLogs(): Promise<RunningVictoriaLogs> {
  const { victoriaLogs } = ensureBackendBinaries();
  const dataDir = mkdtempSync(join(tmpdir(), 'secotel-victorialogs-'));
  try {
    const { proc, url } = await startServer('VictoriaLogs', (port) => [
      victoriaLogs,
      [`-httpListenAddr=127.0.0.1:${port}`, `-storageDataPath=${dataDir}`, '-retentionPeriod=1d', '-loggerLevel=WARN'],
    ]);
    let stopped = false;
    const query = async (logsql: string): Promise<LogRow[]> => {
      const response = await fetch(`${url}/select/logsql/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: logsql }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      if (!response.ok) throw new BackendHarnessError('SECOTEL_ERR_LOGSQL', `VictoriaLogs refused the LogsQL query ${logsql} (HTTP ${response.status}): ${text}`);
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as LogRow);
    };
    return {
      url,
      otlpEndpoint: `${url}/insert/opentelemetry`,
      query,
      async waitForRows(logsql, done, timeoutMs = 15_000, context = () => '') {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const rows = await query(logsql);
          if (done(rows)) return rows;
          if (Date.now() >= deadline) {
            throw new BackendHarnessError(
              'SECOTEL_ERR_BACKEND_WAIT',
              `timed out after ${timeoutMs} ms waiting for the LogsQL query ${logsql}; last result (${rows.length} rows):\n${tail(JSON.stringify(rows, null, 1), 3000)}\nVictoriaLogs output:\n${tail(proc.output(), 2000)}${context()}`,
            );
          }
          await delay(POLL_INTERVAL_MS);
        }
      },
      output: proc.output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await proc.terminate();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** An alert as vmalert's `/api/v1/alerts` lists it. */
export interface VmalertAlert {
  name: string;
  state: 'pending' | 'firing' | 'inactive';
  value: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A rule as vmalert's `/api/v1/rules` lists it. */
export interface VmalertRule {
  name: string;
  health: string;
  lastError: string;
  lastEvaluation: string;
  query: string;
  alerts: VmalertAlert[];
}

/** Options for {@link startVmalert}. */
export interface StartVmalertOptions {
  /** VictoriaLogs base URL. */
  datasourceUrl: string;
  /** Rule files. */
  rules: string[];
  /** Evaluation interval of groups that set none. Default `1s`. */
  evaluationInterval?: string;
}

/** A running vmalert that evaluates vlogs rules against a VictoriaLogs and notifies nobody. */
export interface RunningVmalert {
  readonly url: string;
  alerts(): Promise<VmalertAlert[]>;
  rules(): Promise<VmalertRule[]>;
  /** Polls `/api/v1/alerts` until an alert matches; fails with all alerts and rule errors after `timeoutMs`. */
  waitForAlert(match: (alert: VmalertAlert) => boolean, timeoutMs?: number): Promise<VmalertAlert>;
  /** Polls `/api/v1/rules` until every rule has been evaluated at least once since `since`. */
  waitForEvaluation(since: Date, timeoutMs?: number): Promise<VmalertRule[]>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts vmalert with `-notifier.blackhole` (alert state is read from its HTTP API) and
 * `-rule.evalDelay=0s`: the default 30 s delay exists for metric scrapes, and would hold back
 * every alert in a test by half a minute.
 */
export async function startVmalert(options: StartVmalertOptions): Promise<RunningVmalert> {
  const { vmalert } = ensureBackendBinaries();
  const { proc, url } = await startServer('vmalert', (port) => [
    vmalert,
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-datasource.url=${options.datasourceUrl}`,
      ...options.rules.map((file) => `-rule=${file}`),
      `-evaluationInterval=${options.evaluationInterval ?? '1s'}`,
      '-rule.evalDelay=0s',
      '-notifier.blackhole',
      '-loggerLevel=WARN',
    ],
  ]);
  let stopped = false;
  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    if (!response.ok) throw new BackendHarnessError('SECOTEL_ERR_VMALERT_API', `vmalert ${path} answered HTTP ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  const alerts = async (): Promise<VmalertAlert[]> => (await getJson<{ data: { alerts: VmalertAlert[] } }>('/api/v1/alerts')).data.alerts;
  const rules = async (): Promise<VmalertRule[]> =>
    (await getJson<{ data: { groups: { rules: VmalertRule[] }[] } }>('/api/v1/rules')).data.groups.flatMap((group) => group.rules);
  return {
    url,
    alerts,
    rules,
    async waitForAlert(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await alerts()).find(match);
        if (found !== undefined) return found;
        if (Date.now() >= deadline) {
          const errors = (await rules()).filter((rule) => rule.lastError !== '').map((rule) => `${rule.name}: ${rule.lastError}`);
          throw new BackendHarnessError(
            'SECOTEL_ERR_BACKEND_WAIT',
            `no vmalert alert matched ${match.toString()} within ${timeoutMs} ms; active alerts:\n${tail(JSON.stringify(await alerts(), null, 1), 3000)}\n` +
              `rule errors: ${errors.join('; ') || 'none'}\nvmalert output:\n${tail(proc.output(), 2000)}`,
          );
        }
        await delay(POLL_INTERVAL_MS);
      }
    },
    async waitForEvaluation(since, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const all = await rules();
        if (all.length > 0 && all.every((rule) => new Date(rule.lastEvaluation).getTime() > since.getTime())) return all;
        if (Date.now() >= deadline) {
          throw new BackendHarnessError(
            'SECOTEL_ERR_BACKEND_WAIT',
            `vmalert did not evaluate every rule within ${timeoutMs} ms:\n${all.map((rule) => `${rule.name}: last ${rule.lastEvaluation}`).join('\n')}\nvmalert output:\n${tail(proc.output(), 2000)}`,
          );
        }
        await delay(POLL_INTERVAL_MS);
      }
    },
    output: proc.output,
    async stop() {
      if (stopped) return;
      stopped = true;
      await proc.terminate();
    },
  };
}

/**
 * The log stream of a record in VictoriaLogs. Without this header every resource attribute
 * (process.pid, process.command_args...) would become a stream field: one stream per process.
 */
export const VL_STREAM_FIELDS = 'service.name,deployment.environment.name,event_name';

/** The shipped collector configuration, running on loopback and forwarding security events to VictoriaLogs. */
export interface SecurityPipeline {
  readonly collector: RunningCollector;
  /** OTLP requests that reached the stand-in for the other backend (traces, metrics, other logs). */
  otherBackendRequests(): number;
  stop(): Promise<void>;
}

/**
 * Starts the collector with otel-collector.yaml unchanged plus a loopback overlay (`--set`): its
 * receiver and health check on free ports, the `VL-Stream-Fields` header on the security
 * exporter, and `SECOTEL_SECURITY_BACKEND_ENDPOINT` pointing at VictoriaLogs's OTLP ingest. The
 * rest of the telemetry goes to a stand-in that accepts everything. The collector's local audit
 * file stays readable through `collector.readSecurityRecords()`.
 */
export async function startSecurityPipeline(logs: RunningVictoriaLogs, options: { /** More `--set` overlays, e.g. a traces exporter. */ extraArgs?: string[] } = {}): Promise<SecurityPipeline> {
  let requests = 0;
  const otherBackend = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => otherBackend.listen(0, '127.0.0.1', resolve));
  const closeOtherBackend = () => new Promise<void>((resolve) => otherBackend.close(() => resolve()));
  const outDir = mkdtempSync(join(tmpdir(), 'secotel-pipeline-'));
  let collector: RunningCollector;
  try {
    collector = await startCollector({
      configPath: SHIPPED_COLLECTOR_CONFIG,
      overrideEndpoints: true,
      outDir,
      extraArgs: [`--set=exporters::otlp_http/security::headers::VL-Stream-Fields=${VL_STREAM_FIELDS}`, ...(options.extraArgs ?? [])],
      env: {
        SECOTEL_SECURITY_BACKEND_ENDPOINT: logs.otlpEndpoint,
        SECOTEL_OTLP_BACKEND_ENDPOINT: `http://127.0.0.1:${(otherBackend.address() as AddressInfo).port}`,
        SECOTEL_SECURITY_FILE: join(outDir, 'security.jsonl'),
      },
    });
  } catch (error) {
    await closeOtherBackend();
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    collector,
    otherBackendRequests: () => requests,
    async stop() {
      await collector.stop();
      otherBackend.closeAllConnections();
      await closeOtherBackend();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

interface ServerProcess {
  output(): string;
  terminate(): Promise<void>;
}

// Backends still running when the test process exits (a test forgot stop(), or crashed) are
// killed so no orphan keeps ports or files.
const liveProcesses = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of liveProcesses) proc.kill('SIGKILL');
});

/** Spawns `command(port)` on a free port and waits for `GET /health`; retries on a port taken in between. */
async function startServer(what: string, command: (port: number) => [string, string[]]): Promise<{ proc: ServerProcess; url: string }> {
  for (let attempt = 1; ; attempt++) {
    const [port] = (await freePorts(1)) as [number];
    const [binary, args] = command(port);
    const child = spawn(binary, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    liveProcesses.add(child);
    child.once('exit', () => liveProcesses.delete(child));
    let text = '';
    const append = (chunk: string): void => {
      text += chunk;
      if (text.length > OUTPUT_CAP_BYTES) text = text.slice(-OUTPUT_CAP_BYTES);
    };
    child.stdout?.setEncoding('utf8').on('data', append);
    child.stderr?.setEncoding('utf8').on('data', append);
    const proc: ServerProcess = { output: () => text, terminate: () => terminate(child) };
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilHealthy(what, child, `${url}/health`, proc.output);
      return { proc, url };
    } catch (error) {
      await proc.terminate();
      if (attempt < START_ATTEMPTS && /address already in use/i.test(text)) continue;
      throw error;
    }
  }
}

/** Polls `healthUrl` until it answers 2xx; fails with the process output if it exits or the time runs out. */
export async function waitUntilHealthy(what: string, child: ChildProcess, healthUrl: string, output: () => string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new BackendHarnessError('SECOTEL_ERR_BACKEND_START', `${what} exited during startup (${String(child.exitCode ?? child.signalCode)}):\n${tail(output(), 4000)}`);
    }
    try {
      const response = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new BackendHarnessError('SECOTEL_ERR_BACKEND_START', `${what} did not answer ${healthUrl} within ${timeoutMs} ms:\n${tail(output(), 4000)}`);
}

/** SIGTERM, then SIGKILL after the stop timeout; resolves once the process has exited. */
export async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

export function tail(text: string, max: number): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
