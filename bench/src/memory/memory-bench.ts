// Memory: the HTTP section's app, modes, request mix and load generator, with the app started under
// `--expose-gc`, memory-probe.cjs and a young generation fixed at its default maximum. Per run: a
// fresh app, the verification probes, a warm-up, a reading ("idle"), half the requests, a reading,
// the other half, a reading. Each reading flushes the telemetry queues, settles and runs full GCs in
// the app (on SIGUSR2, no request involved). Rounds interleave the modes in rotating order;
// secotel's addition is paired per round against plain OpenTelemetry: median and range over rounds.
// Why the fixed young generation: V8 grows new space (up to 2 × 64 MiB semi-spaces on a 64-bit
// machine with a 4 GiB heap limit) once enough bytes have survived scavenges, which takes plain
// OpenTelemetry 50,000-75,000 requests of this app and secotel under 10,000. Left to V8, a shorter
// run compares a 64 MiB young generation with a 128 MiB one; sustained load reaches the maximum in
// every mode, so starting there measures the steady state at any run length.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { getJson, probe, roundOrder } from '../http/http-bench.ts';
import { APP_PATH, HTTP_MODES, PROBES, REQUEST_HEADERS, cleanEnv, requestMix } from '../http/modes.ts';
import type { HttpMode, ObservedTelemetry, Verification } from '../http/modes.ts';
import type { HttpLoadResult, LoadPlan } from '../http/types.ts';
import { runForResult, startService } from '../lib/proc.ts';
import type { CpuPlan, Service } from '../lib/proc.ts';
import { median } from '../lib/stats.ts';

export interface MemoryBenchOptions {
  rounds: number;
  /** Requests after the warm-up, in two halves with a reading after each. */
  requests: number;
  warmupRequests: number;
  connections: number;
  modes: readonly string[];
  cpus: CpuPlan;
  /** With a directory, every reading also writes a heap snapshot under it (RSS readings then include the snapshot's cost). */
  snapshotDir: string | undefined;
  log: (line: string) => void;
}

/** process.memoryUsage() of the app after flush, settle and full GCs, in MiB. */
export interface MemoryReading {
  rssMiB: number;
  /** Resident anonymous memory (V8 heap, malloc) and resident file pages (binary, libraries); NaN off Linux. */
  rssAnonMiB: number;
  rssFileMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  /** Committed size of V8's new space (both semi-spaces), part of heapTotal. */
  youngGenerationMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
}

type ProbeOutput = NodeJS.MemoryUsage & { error?: string; spaces?: Record<string, [number, number]>; rssParts?: { anon: number; file: number } };

/** Semi-space size given to V8 in every mode (min = max): the young generation is 2 × this. */
export const SEMI_SPACE_MIB = 64;

export interface MemoryRun {
  round: number;
  mode: string;
  idle?: MemoryReading;
  half?: MemoryReading;
  after?: MemoryReading;
  /** 2xx responses after the warm-up. */
  requests?: number;
  verification?: Verification;
  error?: string;
}

/** Median and range over rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many runs or paired rounds. */
  n: number;
}

export interface MemoryModeSummary {
  id: string;
  label: string;
  runs: number;
  idle: MemoryReading;
  after: MemoryReading;
  /** after − idle, per run. */
  growth: { rssMiB: Spread; heapUsedMiB: Spread };
  /** after − half, per run: about 0 when memory is bounded. */
  secondHalfGrowth: { rssMiB: Spread; heapUsedMiB: Spread };
  /** This mode − plain OpenTelemetry in the same round, after all requests; undefined without otel runs. */
  vsOtelAfter?: { rssMiB: Spread; heapUsedMiB: Spread };
  vsOtelIdle?: { rssMiB: Spread; heapUsedMiB: Spread };
  verified: string;
  verification: string;
}

export interface MemoryBenchResult {
  settings: Omit<MemoryBenchOptions, 'log' | 'cpus' | 'snapshotDir'> & { snapshots: boolean; semiSpaceMiB: number };
  runs: MemoryRun[];
  summary: MemoryModeSummary[];
}

const here = import.meta.dirname;
const benchDir = join(here, '..', '..');
const LOAD_SCRIPT = join(here, '..', 'http', 'load.ts');
const PROBE_PRELOAD = join(here, 'memory-probe.cjs');
export const MEMORY_MODES = ['bare', 'otel', 'secotel', 'secotel-all'];

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

/** Asks the app for a reading (SIGUSR2 to memory-probe.cjs) and waits for its `MEMORY` line. */
async function readMemory(app: Service): Promise<MemoryReading> {
  const lines = () => [...app.output().matchAll(/^MEMORY (\{.*\})\n/gm)].map((m) => m[1] ?? '{}');
  const before = lines().length;
  process.kill(app.pid, 'SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 50) {
    await sleep(50);
    const line = lines()[before];
    if (line === undefined) continue;
    const usage = JSON.parse(line) as ProbeOutput;
    if (usage.error !== undefined) throw new Error(`memory reading failed in the app: ${usage.error}`);
    return {
      rssMiB: mib(usage.rss),
      rssAnonMiB: mib(usage.rssParts?.anon ?? Number.NaN),
      rssFileMiB: mib(usage.rssParts?.file ?? Number.NaN),
      heapUsedMiB: mib(usage.heapUsed),
      heapTotalMiB: mib(usage.heapTotal),
      youngGenerationMiB: mib(usage.spaces?.new_space?.[0] ?? Number.NaN),
      externalMiB: mib(usage.external),
      arrayBuffersMiB: mib(usage.arrayBuffers),
    };
  }
  throw new Error('the app printed no MEMORY line within 30 s of SIGUSR2 (or its output passed 256 KiB)');
}

function load(app: Service, mode: HttpMode, amount: number, options: MemoryBenchOptions): Promise<HttpLoadResult> {
  const plan: LoadPlan = {
    url: `http://127.0.0.1:${app.port}`,
    connections: options.connections,
    warmupSeconds: 0,
    durationSeconds: 0,
    amount,
    requests: requestMix(mode.mix),
    headers: REQUEST_HEADERS,
  };
  // Generous: a busy shared machine still does a few hundred requests per second.
  return runForResult<HttpLoadResult>([LOAD_SCRIPT, JSON.stringify(plan)], { cpu: options.cpus.load, timeoutMs: 60_000 + amount * 5 });
}

async function runOne(mode: HttpMode, round: number, options: MemoryBenchOptions, sink: Service): Promise<MemoryRun> {
  await getJson(sink.port, '/__reset');
  const snapshots = options.snapshotDir === undefined ? undefined : join(options.snapshotDir, `${mode.id}-round${round + 1}`);
  if (snapshots !== undefined) mkdirSync(snapshots, { recursive: true });
  // No datadog mode here: the agent port is never used.
  const env = { ...cleanEnv(), ...mode.env({ sink: sink.port, agent: 9 }), ...(snapshots === undefined ? {} : { BENCH_MEMORY_SNAPSHOT_DIR: snapshots }) };
  const v8Flags = ['--expose-gc', `--min-semi-space-size=${SEMI_SPACE_MIB}`, `--max-semi-space-size=${SEMI_SPACE_MIB}`];
  const app = await startService([...v8Flags, '--require', PROBE_PRELOAD, ...mode.nodeArgs, APP_PATH], { cpu: options.cpus.app, env, cwd: benchDir });
  try {
    for (const p of PROBES) await probe(app.port, p.path, p.headers);
    await load(app, mode, options.warmupRequests, options);
    const idle = await readMemory(app);
    const first = await load(app, mode, Math.ceil(options.requests / 2), options);
    const half = await readMemory(app);
    const second = await load(app, mode, Math.floor(options.requests / 2), options);
    const after = await readMemory(app);
    const observed = async (): Promise<ObservedTelemetry> => ({ sink: await getJson<ObservedTelemetry['sink']>(sink.port, '/__stats'), agent: { payloads: 0, bytes: 0, traces: 0, markers: {} }, appOutput: app.output() });
    let verification = mode.verify(await observed());
    for (let waited = 0; !verification.ok && waited < 4000; waited += 250) {
      await sleep(250);
      verification = mode.verify(await observed());
    }
    return { round, mode: mode.id, idle, half, after, requests: first.requests + second.requests, verification };
  } finally {
    await app.stop(false);
  }
}

function spreadOf(values: readonly number[]): Spread {
  const round = (x: number) => Math.round(x * 100) / 100;
  return values.length === 0
    ? { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 }
    : { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), n: values.length };
}

function medianReading(readings: readonly MemoryReading[]): MemoryReading {
  const pick = (key: keyof MemoryReading) => Math.round(median(readings.map((r) => r[key])) * 100) / 100;
  return {
    rssMiB: pick('rssMiB'),
    rssAnonMiB: pick('rssAnonMiB'),
    rssFileMiB: pick('rssFileMiB'),
    heapUsedMiB: pick('heapUsedMiB'),
    heapTotalMiB: pick('heapTotalMiB'),
    youngGenerationMiB: pick('youngGenerationMiB'),
    externalMiB: pick('externalMiB'),
    arrayBuffersMiB: pick('arrayBuffersMiB'),
  };
}

type Phase = 'idle' | 'half' | 'after';

/** value(a) − value(b) per run (same run's phases) or per round (two modes), as a spread. */
function differences(runs: readonly MemoryRun[], mode: string, base: string, phaseA: Phase, phaseB: Phase): { rssMiB: Spread; heapUsedMiB: Spread } {
  const rss: number[] = [];
  const heap: number[] = [];
  for (const round of new Set(runs.map((r) => r.round))) {
    const a = runs.find((r) => r.round === round && r.mode === mode)?.[phaseA];
    const b = runs.find((r) => r.round === round && r.mode === base)?.[phaseB];
    if (a === undefined || b === undefined) continue;
    rss.push(a.rssMiB - b.rssMiB);
    heap.push(a.heapUsedMiB - b.heapUsedMiB);
  }
  return { rssMiB: spreadOf(rss), heapUsedMiB: spreadOf(heap) };
}

export function summarizeMemory(runs: readonly MemoryRun[], modes: readonly HttpMode[]): MemoryModeSummary[] {
  const hasOtel = runs.some((r) => r.mode === 'otel' && r.after !== undefined);
  return modes.map((mode) => {
    const mine = runs.filter((r) => r.mode === mode.id);
    const ok = mine.filter((r) => r.idle !== undefined && r.after !== undefined);
    const failed = mine.find((r) => r.verification !== undefined && !r.verification.ok) ?? mine.find((r) => r.error !== undefined);
    return {
      id: mode.id,
      label: mode.label,
      runs: ok.length,
      idle: medianReading(ok.map((r) => r.idle as MemoryReading)),
      after: medianReading(ok.map((r) => r.after as MemoryReading)),
      growth: differences(runs, mode.id, mode.id, 'after', 'idle'),
      secondHalfGrowth: differences(runs, mode.id, mode.id, 'after', 'half'),
      ...(hasOtel && mode.id !== 'otel' ? { vsOtelAfter: differences(runs, mode.id, 'otel', 'after', 'after'), vsOtelIdle: differences(runs, mode.id, 'otel', 'idle', 'idle') } : {}),
      verified: `${mine.filter((r) => r.verification?.ok === true).length}/${mine.length}`,
      verification: (failed?.verification?.detail ?? errorLine(failed?.error) ?? mine.at(-1)?.verification?.detail ?? 'not run').slice(0, 400),
    };
  });
}

/** The line of a failed run's message that says what went wrong (a child's stderr comes after the command). */
function errorLine(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const lines = message.split('\n');
  return lines.find((l) => /^\w*Error:/.test(l.trim())) ?? lines[0];
}

export async function runMemoryBench(options: MemoryBenchOptions): Promise<MemoryBenchResult> {
  const modes = HTTP_MODES.filter((m) => options.modes.includes(m.id));
  if (modes.length === 0) throw new Error(`no HTTP mode among ${options.modes.join(', ')}`);
  const sink = await startService([join(here, '..', 'http', 'otlp-sink.ts')], { cpu: options.cpus.load });
  const runs: MemoryRun[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of roundOrder(modes, round)) {
        let run: MemoryRun;
        try {
          run = await runOne(mode, round, options, sink);
        } catch (error) {
          run = { round, mode: mode.id, error: error instanceof Error ? error.message : String(error) };
        }
        runs.push(run);
        const line = (r: MemoryReading | undefined) => (r === undefined ? '?' : `RSS ${r.rssMiB.toFixed(1)} heap ${r.heapUsedMiB.toFixed(1)}/${r.heapTotalMiB.toFixed(1)}`);
        options.log(
          run.error !== undefined
            ? `  round ${round + 1}/${options.rounds} ${mode.id.padEnd(12)} FAILED: ${run.error.split('\n')[0] ?? ''}`
            : `  round ${round + 1}/${options.rounds} ${mode.id.padEnd(12)} idle ${line(run.idle)}  after ${(run.requests ?? 0).toLocaleString('en-US')} ${line(run.after)} MiB  ${run.verification?.ok === true ? 'verified' : 'NOT VERIFIED'}`,
        );
      }
    }
  } finally {
    await sink.stop();
  }
  return {
    settings: { rounds: options.rounds, requests: options.requests, warmupRequests: options.warmupRequests, connections: options.connections, modes: modes.map((m) => m.id), snapshots: options.snapshotDir !== undefined, semiSpaceMiB: SEMI_SPACE_MIB },
    runs,
    summary: summarizeMemory(runs, modes),
  };
}
