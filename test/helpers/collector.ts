// A real OpenTelemetry Collector for end-to-end tests.
//
// ensureCollectorBinary() builds (once per machine, cached outside the repo) the
// secotel-otelcol distribution from collector/builder-config.yaml; startCollector()
// runs it with test/collector/otel-collector.test.yaml on free loopback ports and
// reads back what the file exporters wrote, flattened to plain records.
//
//   const collector = await startCollector();
//   after(() => collector.stop());
//   // point an OTLP/HTTP exporter at collector.otlpHttpEndpoint, then:
//   const [record] = await collector.waitForSecurityRecords((r) => r.eventName === 'security.authn_login_fail');

import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { flattenLogs, flattenMetrics, flattenSpans as flattenTraces } from './otlp-json.ts';
import type { CollectedLogRecord, CollectedMetric, CollectedSpan } from './otlp-json.ts';

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** The collector configuration users run (production shape). */
export const SHIPPED_COLLECTOR_CONFIG = join(REPO_ROOT, 'otel-collector.yaml');
/** The test variant of it: same routing, file exporters only, loopback ports. */
export const TEST_COLLECTOR_CONFIG = join(REPO_ROOT, 'test', 'collector', 'otel-collector.test.yaml');
/** The collector build script. */
export const BUILD_COLLECTOR_SCRIPT = join(REPO_ROOT, 'scripts', 'build-collector.sh');

/** Files the test configuration writes into `outDir`. */
export const COLLECTOR_OUTPUT_FILES = {
  security: 'security.jsonl',
  defaultLogs: 'default-logs.jsonl',
  traces: 'traces.jsonl',
  metrics: 'metrics.jsonl',
} as const;

const BUILD_TIMEOUT_MS = 30 * 60_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const STDERR_CAP_BYTES = 256 * 1024;
const POLL_INTERVAL_MS = 50;
const DEFAULT_WAIT_MS = 10_000;
const START_ATTEMPTS = 3;

export type { AttributeValue, Attributes, CollectedDataPoint, CollectedLogRecord, CollectedMetric, CollectedScope, CollectedSpan, CollectedSpanEvent } from './otlp-json.ts';

/** Either a record count to reach, or a predicate at least one record must satisfy. */
export type RecordCondition<T> = number | ((record: T) => boolean);

/** Options for {@link startCollector}. */
export interface StartCollectorOptions {
  /** Directory for the output files; created if missing and kept on stop. Default: a fresh temp dir, removed on stop. */
  outDir?: string;
  /** Collector configuration. Default: {@link TEST_COLLECTOR_CONFIG}. */
  configPath?: string;
  /** Extra environment for the collector process. */
  env?: Record<string, string>;
  /**
   * Move the OTLP receiver and health_check of a production-shaped config (such as
   * otel-collector.yaml, which binds 0.0.0.0:4317/4318/13133) to the chosen loopback
   * ports with `--set`, and turn off the internal metrics endpoint. Default: false.
   */
  overrideEndpoints?: boolean;
  /** Extra command-line arguments, e.g. `--set=exporters::otlp_http/security::headers::X=y` overlays. */
  extraArgs?: string[];
}

/** A running test collector. */
export interface RunningCollector {
  /** OTLP/HTTP base URL, e.g. `http://127.0.0.1:40123` (append `/v1/logs` etc. for a signal URL). */
  readonly otlpHttpEndpoint: string;
  readonly otlpHttpPort: number;
  readonly grpcPort: number;
  readonly healthPort: number;
  readonly outDir: string;
  readSecurityRecords(): CollectedLogRecord[];
  readDefaultLogRecords(): CollectedLogRecord[];
  readSpans(): CollectedSpan[];
  readMetrics(): CollectedMetric[];
  /** Resolves with all records once `count` exist, or with the matching records once one matches. */
  waitForSecurityRecords(condition: RecordCondition<CollectedLogRecord>, timeoutMs?: number): Promise<CollectedLogRecord[]>;
  waitForDefaultLogRecords(condition: RecordCondition<CollectedLogRecord>, timeoutMs?: number): Promise<CollectedLogRecord[]>;
  waitForSpans(condition: RecordCondition<CollectedSpan>, timeoutMs?: number): Promise<CollectedSpan[]>;
  waitForMetrics(condition: RecordCondition<CollectedMetric>, timeoutMs?: number): Promise<CollectedMetric[]>;
  /** The collector's own log output (stderr, last 256 KiB of all runs), for assertion messages. */
  stderr(): string;
  /** Stops the collector process (SIGTERM, then SIGKILL) and removes a temp outDir. Idempotent. */
  stop(): Promise<void>;
  /**
   * Stops and starts the process again on the same ports and outDir; files are appended to.
   * `downtimeMs` keeps it down that long in between (an outage).
   */
  restart(downtimeMs?: number): Promise<void>;
}

/** Thrown when the collector cannot be built, started or read. */
export class CollectorHarnessError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CollectorHarnessError';
    this.code = code;
  }
}

let builtBinary: string | undefined;

/**
 * Returns the path of the secotel-otelcol binary, building it with
 * scripts/build-collector.sh on first use (minutes when cold, instant when cached).
 * `SECOTEL_COLLECTOR_BIN` overrides the build.
 */
export function ensureCollectorBinary(): string {
  const fromEnv = process.env.SECOTEL_COLLECTOR_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    try {
      accessSync(fromEnv, constants.X_OK);
    } catch {
      throw new CollectorHarnessError(
        'SECOTEL_ERR_COLLECTOR_BIN',
        `SECOTEL_COLLECTOR_BIN=${fromEnv} is not an executable file; unset it to build the collector with scripts/build-collector.sh`,
      );
    }
    return fromEnv;
  }
  if (builtBinary !== undefined) return builtBinary;

  const result = spawnSync('bash', [BUILD_COLLECTOR_SCRIPT], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (result.stdout ?? '').trim().split('\n');
  const binary = lines[lines.length - 1]?.trim() ?? '';
  if (result.status !== 0 || binary === '' || !existsSync(binary)) {
    const why = result.error !== undefined ? `${result.error.message}\n` : '';
    throw new CollectorHarnessError(
      'SECOTEL_ERR_COLLECTOR_BUILD',
      `scripts/build-collector.sh failed (exit ${String(result.status)}${result.signal !== null ? `, signal ${result.signal}` : ''}); ` +
        `run it by hand to see the full output, or set SECOTEL_COLLECTOR_BIN to a built secotel-otelcol.\n${why}${tail(result.stderr ?? '', 4000)}`,
    );
  }
  builtBinary = binary;
  return binary;
}

/** Runs `secotel-otelcol validate --config <configPath>`; `output` is stdout and stderr together. */
export function validateCollectorConfig(configPath: string, env: Record<string, string> = {}): { ok: boolean; output: string } {
  const result = spawnSync(ensureCollectorBinary(), ['validate', `--config=${configPath}`], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** Starts the test collector on free loopback ports and resolves once it reports healthy. */
export async function startCollector(options: StartCollectorOptions = {}): Promise<RunningCollector> {
  const binary = ensureCollectorBinary();
  const configPath = options.configPath ?? TEST_COLLECTOR_CONFIG;
  const ownsOutDir = options.outDir === undefined;
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'secotel-collector-'));
  mkdirSync(outDir, { recursive: true });

  let stderrText = '';
  const appendStderr = (chunk: string): void => {
    stderrText += chunk;
    if (stderrText.length > STDERR_CAP_BYTES) stderrText = stderrText.slice(-STDERR_CAP_BYTES);
  };

  let ports = await freePorts(3);
  let child: ChildProcess | undefined;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const [grpcPort, httpPort, healthPort] = ports as [number, number, number];
    const args = [`--config=${configPath}`];
    if (options.overrideEndpoints === true) {
      args.push(
        `--set=receivers::otlp::protocols::grpc::endpoint=127.0.0.1:${grpcPort}`,
        `--set=receivers::otlp::protocols::http::endpoint=127.0.0.1:${httpPort}`,
        `--set=extensions::health_check::endpoint=127.0.0.1:${healthPort}`,
        '--set=service::telemetry::metrics::level=none',
      );
    }
    args.push(...(options.extraArgs ?? []));
    const proc = spawn(binary, args, {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...options.env,
        SECOTEL_TEST_OTLP_GRPC_PORT: String(grpcPort),
        SECOTEL_TEST_OTLP_HTTP_PORT: String(httpPort),
        SECOTEL_TEST_HEALTH_PORT: String(healthPort),
        SECOTEL_TEST_OUT: outDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    liveCollectors.add(proc);
    proc.once('exit', () => liveCollectors.delete(proc));
    proc.stdout?.setEncoding('utf8').on('data', appendStderr);
    proc.stderr?.setEncoding('utf8').on('data', appendStderr);
    await waitUntilHealthy(proc, healthPort, () => stderrText);
  };

  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (child !== undefined) await terminate(child);
      // Another process may have taken a port between probing and binding it.
      if (attempt < START_ATTEMPTS && /address already in use/i.test(stderrText)) {
        ports = await freePorts(3);
        continue;
      }
      if (ownsOutDir) rmSync(outDir, { recursive: true, force: true });
      throw error;
    }
  }

  const [grpcPort, otlpHttpPort, healthPort] = ports as [number, number, number];
  const read = <T>(file: string, flatten: (line: unknown) => T[]): T[] => readJsonLines(join(outDir, file)).flatMap(flatten);
  const readSecurityRecords = (): CollectedLogRecord[] => read(COLLECTOR_OUTPUT_FILES.security, flattenLogs);
  const readDefaultLogRecords = (): CollectedLogRecord[] => read(COLLECTOR_OUTPUT_FILES.defaultLogs, flattenLogs);
  const readSpans = (): CollectedSpan[] => read(COLLECTOR_OUTPUT_FILES.traces, flattenTraces);
  const readMetrics = (): CollectedMetric[] => read(COLLECTOR_OUTPUT_FILES.metrics, flattenMetrics);
  const stderr = (): string => stderrText;

  return {
    otlpHttpEndpoint: `http://127.0.0.1:${otlpHttpPort}`,
    otlpHttpPort,
    grpcPort,
    healthPort,
    outDir,
    readSecurityRecords,
    readDefaultLogRecords,
    readSpans,
    readMetrics,
    waitForSecurityRecords: (condition, timeoutMs) => waitForRecords('security records', readSecurityRecords, condition, timeoutMs, stderr),
    waitForDefaultLogRecords: (condition, timeoutMs) => waitForRecords('default-pipeline log records', readDefaultLogRecords, condition, timeoutMs, stderr),
    waitForSpans: (condition, timeoutMs) => waitForRecords('spans', readSpans, condition, timeoutMs, stderr),
    waitForMetrics: (condition, timeoutMs) => waitForRecords('metrics', readMetrics, condition, timeoutMs, stderr),
    stderr,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child !== undefined) await terminate(child);
      if (ownsOutDir) rmSync(outDir, { recursive: true, force: true });
    },
    async restart(downtimeMs = 0) {
      if (stopped) throw new CollectorHarnessError('SECOTEL_ERR_COLLECTOR_STOPPED', 'restart() after stop(): start a new collector instead');
      if (child !== undefined) await terminate(child);
      if (downtimeMs > 0) await new Promise((resolve) => setTimeout(resolve, downtimeMs));
      await launch();
    },
  };
}

// Collectors that are still running when the test process exits (a test forgot
// stop(), or crashed) are killed so no orphan keeps ports or files open.
const liveCollectors = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of liveCollectors) proc.kill('SIGKILL');
});

/** Ports that were free on 127.0.0.1 a moment ago (another process may still take one: retry on EADDRINUSE). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<ReturnType<typeof createServer>>((resolvePort, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolvePort(server));
      }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  return ports;
}

async function waitUntilHealthy(proc: ChildProcess, healthPort: number, stderr: () => string): Promise<void> {
  let exited: string | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    exited = signal !== null ? `signal ${signal}` : `code ${String(code)}`;
  };
  proc.once('exit', onExit);
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (exited !== undefined) {
        throw new CollectorHarnessError('SECOTEL_ERR_COLLECTOR_START', `the collector exited during startup (${exited}):\n${tail(stderr(), 4000)}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${healthPort}/`, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await delay(100);
    }
    throw new CollectorHarnessError(
      'SECOTEL_ERR_COLLECTOR_START',
      `the collector did not report healthy on 127.0.0.1:${healthPort} within ${READY_TIMEOUT_MS} ms:\n${tail(stderr(), 4000)}`,
    );
  } finally {
    proc.off('exit', onExit);
  }
}

async function terminate(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((done) => proc.once('exit', () => done()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

async function waitForRecords<T>(
  what: string,
  read: () => T[],
  condition: RecordCondition<T>,
  timeoutMs: number = DEFAULT_WAIT_MS,
  stderr: () => string,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  let records: T[];
  for (;;) {
    records = read();
    if (typeof condition === 'number') {
      if (records.length >= condition) return records;
    } else {
      const matching = records.filter(condition);
      if (matching.length > 0) return matching;
    }
    if (Date.now() >= deadline) break;
    await delay(POLL_INTERVAL_MS);
  }
  const wanted = typeof condition === 'number' ? `${condition} ${what}` : `${what} matching ${condition.toString()}`;
  throw new CollectorHarnessError(
    'SECOTEL_ERR_COLLECTOR_WAIT',
    `timed out after ${timeoutMs} ms waiting for ${wanted}; found ${records.length}:\n` +
      `${tail(JSON.stringify(records, null, 2), 3000)}\ncollector log:\n${tail(stderr(), 3000)}`,
  );
}

/** Parses the file exporter's JSON lines; an unterminated last line is still being written and is skipped. */
export function readJsonLines(path: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  return text
    .slice(0, end)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new CollectorHarnessError('SECOTEL_ERR_COLLECTOR_OUTPUT', `line ${index + 1} of ${path} is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

function tail(text: string, max: number): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
