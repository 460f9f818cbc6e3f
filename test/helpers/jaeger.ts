// A real Jaeger v2 for end-to-end tests: the `jaeger` binary (an OpenTelemetry Collector
// distribution) built once per machine by scripts/build-backends.sh and cached outside the
// repository, run all-in-one with in-memory storage from a minimal YAML config on loopback ports.
//
//   const jaeger = await startJaeger();
//   after(() => jaeger.stop());
//   // send traces to jaeger.otlpHttpEndpoint, then:
//   const spans = await jaeger.waitForTrace(traceId, (s) => s.some((span) => span.kind === 2));

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePorts } from './collector.ts';
import { flattenSpans } from './otlp-json.ts';
import type { CollectedSpan } from './otlp-json.ts';
import { BackendHarnessError, backendPath, builtBackendPaths, tail, terminate, waitUntilHealthy } from './victoria.ts';

const READY_TIMEOUT_MS = 30_000;
const OUTPUT_CAP_BYTES = 128 * 1024;
const POLL_INTERVAL_MS = 200;
const REQUEST_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;

let builtJaeger: string | undefined;

/**
 * Returns the Jaeger v2 binary, building it with scripts/build-backends.sh on first use (see the
 * README's "Backends" section for the cold build time; instant when cached). `SECOTEL_JAEGER_BIN`
 * overrides the build.
 */
export function ensureJaegerBinary(): string {
  const fromEnv = process.env.SECOTEL_JAEGER_BIN ?? '';
  if (fromEnv !== '') {
    try {
      accessSync(fromEnv, constants.X_OK);
    } catch {
      throw new BackendHarnessError('SECOTEL_ERR_BACKEND_BIN', `SECOTEL_JAEGER_BIN=${fromEnv} is not executable; unset it to build Jaeger with scripts/build-backends.sh`);
    }
    return fromEnv;
  }
  builtJaeger ??= backendPath(builtBackendPaths(), 'jaeger');
  return builtJaeger;
}

/** Ports of one Jaeger process. */
interface JaegerPorts {
  otlpHttp: number;
  queryHttp: number;
  queryGrpc: number;
  health: number;
}

/**
 * The smallest all-in-one configuration: an OTLP/HTTP receiver, in-memory trace storage, the query
 * service (HTTP API and its gRPC twin, which it always opens) and a health check, all on loopback;
 * Jaeger's own metrics endpoint (0.0.0.0:8888 by default) and self-tracing are off.
 */
export function jaegerConfig(ports: JaegerPorts): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn

extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${ports.health}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    storage:
      traces: memstore
    # On by default: the query service would trace itself to 127.0.0.1:4317, and on shutdown
    # wait for that flush.
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:${ports.queryHttp}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}

receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}

exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/** A running Jaeger v2 all-in-one with in-memory storage. */
export interface RunningJaeger {
  /** OTLP/HTTP base URL for an exporter (`/v1/traces` is appended by the exporter). */
  readonly otlpHttpEndpoint: string;
  /** Base URL of the query service (`/api/v3/...`, `/api/traces/...`, the UI). */
  readonly queryUrl: string;
  /** The spans of one trace from `GET /api/v3/traces/{traceId}` (OTLP JSON), flattened; [] while Jaeger has none. */
  getTrace(traceId: string): Promise<CollectedSpan[]>;
  /** Spans of every trace of `service` that started after `since`, from `GET /api/v3/traces?query.service_name=...`. */
  findTraces(service: string, since: Date): Promise<CollectedSpan[]>;
  /** Polls {@link getTrace} until `done(spans)` holds; fails with the last spans after `timeoutMs`. */
  waitForTrace(traceId: string, done: (spans: CollectedSpan[]) => boolean, timeoutMs?: number): Promise<CollectedSpan[]>;
  /** Polls {@link findTraces} until `done(spans)` holds; fails with the last spans after `timeoutMs`. */
  waitForServiceTraces(service: string, since: Date, done: (spans: CollectedSpan[]) => boolean, timeoutMs?: number): Promise<CollectedSpan[]>;
  /** Jaeger's own output, for failure messages. */
  output(): string;
  /** Stops the process and removes its config directory. Idempotent. */
  stop(): Promise<void>;
}

// Jaeger processes still running when the test process exits are killed so no orphan keeps ports.
const liveJaegers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of liveJaegers) proc.kill('SIGKILL');
});

/** Starts Jaeger on free loopback ports and resolves once its health check reports every component up. */
export async function startJaeger(): Promise<RunningJaeger> {
  const binary = ensureJaegerBinary();
  const configDir = mkdtempSync(join(tmpdir(), 'secotel-jaeger-'));
  const configPath = join(configDir, 'jaeger.yaml');
  let text = '';
  const append = (chunk: string): void => {
    text += chunk;
    if (text.length > OUTPUT_CAP_BYTES) text = text.slice(-OUTPUT_CAP_BYTES);
  };
  const output = (): string => text;
  for (let attempt = 1; ; attempt++) {
    const [otlpHttp, queryHttp, queryGrpc, health] = (await freePorts(4)) as [number, number, number, number];
    writeFileSync(configPath, jaegerConfig({ otlpHttp, queryHttp, queryGrpc, health }));
    const child = spawn(binary, ['--config', configPath], { cwd: configDir, stdio: ['ignore', 'pipe', 'pipe'] });
    liveJaegers.add(child);
    child.once('exit', () => liveJaegers.delete(child));
    child.stdout?.setEncoding('utf8').on('data', append);
    child.stderr?.setEncoding('utf8').on('data', append);
    try {
      await waitUntilHealthy('Jaeger', child, `http://127.0.0.1:${health}/status`, output, READY_TIMEOUT_MS);
    } catch (error) {
      await terminate(child);
      if (attempt < START_ATTEMPTS && /address already in use/i.test(text)) continue;
      rmSync(configDir, { recursive: true, force: true });
      throw error;
    }
    const queryUrl = `http://127.0.0.1:${queryHttp}`;
    let stopped = false;
    const getTrace = async (traceId: string): Promise<CollectedSpan[]> => {
      const response = await fetch(`${queryUrl}/api/v3/traces/${traceId}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await response.text();
      // Until the trace is stored the API answers 404 ("trace not found").
      if (response.status === 404) return [];
      if (!response.ok) throw new BackendHarnessError('SECOTEL_ERR_JAEGER_API', `Jaeger GET /api/v3/traces/${traceId} answered HTTP ${response.status}: ${body}`);
      const parsed = JSON.parse(body) as { result?: unknown };
      return flattenSpans(parsed.result ?? {});
    };
    const findTraces = async (service: string, since: Date): Promise<CollectedSpan[]> => {
      const query = new URLSearchParams({
        'query.service_name': service,
        'query.start_time_min': since.toISOString(),
        'query.start_time_max': new Date(Date.now() + 60_000).toISOString(),
        // The memory store refuses a search without a depth ("search depth must be greater than 0").
        'query.num_traces': '100',
      });
      const response = await fetch(`${queryUrl}/api/v3/traces?${query.toString()}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await response.text();
      if (response.status === 404) return [];
      if (!response.ok) throw new BackendHarnessError('SECOTEL_ERR_JAEGER_API', `Jaeger GET /api/v3/traces?${query.toString()} answered HTTP ${response.status}: ${body}`);
      return flattenSpans((JSON.parse(body) as { result?: unknown }).result ?? {});
    };
    const waitForSpans = async (what: string, read: () => Promise<CollectedSpan[]>, done: (spans: CollectedSpan[]) => boolean, timeoutMs = 15_000): Promise<CollectedSpan[]> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const spans = await read();
        if (done(spans)) return spans;
        if (Date.now() >= deadline) {
          throw new BackendHarnessError(
            'SECOTEL_ERR_BACKEND_WAIT',
            `timed out after ${timeoutMs} ms waiting for ${what} in Jaeger; last answer (${spans.length} spans):\n${tail(JSON.stringify(spans, null, 1), 3000)}\nJaeger output:\n${tail(text, 2000)}`,
          );
        }
        await delay(POLL_INTERVAL_MS);
      }
    };
    return {
      otlpHttpEndpoint: `http://127.0.0.1:${otlpHttp}`,
      queryUrl,
      getTrace,
      findTraces,
      waitForTrace: (traceId, done, timeoutMs) => waitForSpans(`trace ${traceId}`, () => getTrace(traceId), done, timeoutMs),
      waitForServiceTraces: (service, since, done, timeoutMs) => waitForSpans(`traces of ${service}`, () => findTraces(service, since), done, timeoutMs),
      output,
      async stop() {
        if (stopped) return;
        stopped = true;
        await terminate(child);
        rmSync(configDir, { recursive: true, force: true });
      },
    };
  }
}
