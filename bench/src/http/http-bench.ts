// HTTP overhead: every mode of modes.ts under the same load, in interleaved rounds. Each run starts
// a fresh application pinned to its own CPU, sends the verification probes, then the load
// generator (pinned to the other CPU) warms up and measures. Ratios are taken per round (paired
// with the same round's bare, OpenTelemetry and secotel runs) and their median is reported, so
// drift of the shared machine cancels out.
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../lib/stats.ts';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { summarizeProfile } from '../lib/profile.ts';
import type { ProfileSummary } from '../lib/profile.ts';
import { cpuTimeMs, runForResult, startService } from '../lib/proc.ts';
import type { CpuPlan, Service } from '../lib/proc.ts';
import { APP_PATH, HTTP_MODES, PROBES, REQUEST_HEADERS, cleanEnv, requestMix } from './modes.ts';
import type { HttpMode, ObservedTelemetry, Verification } from './modes.ts';
import type { HttpLoadResult, LoadPlan } from './types.ts';

export interface HttpBenchOptions {
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
  connections: number;
  modes: readonly string[] | undefined;
  cpus: CpuPlan;
  /** Directory for `node --cpu-prof` profiles of every app run; none when undefined. */
  cpuProfDir: string | undefined;
  log: (line: string) => void;
}

export interface HttpRun {
  round: number;
  mode: string;
  result?: HttpLoadResult;
  /** App CPU time per successful request in the measured window, µs. */
  appCpuUsPerRequest?: number;
  /** App CPU time / wall time in the measured window: below ~0.9 the app was starved or idle. */
  appCpuShare?: number;
  verification?: Verification;
  /** Where the app's time went, with --cpu-prof. */
  profile?: ProfileSummary;
  error?: string;
}

export interface HttpModeSummary {
  id: string;
  label: string;
  peer: boolean;
  runs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  appCpuUsPerRequest: number | undefined;
  /** Median share of a CPU the app got while measured; low values mean a busy machine or an idle app. */
  appCpuShare: number | undefined;
  /** Median of per-round ratios of app CPU per request against plain OpenTelemetry. */
  cpuVsOtel: number;
  /** Median of per-round throughput ratios. */
  rpsVsBare: number;
  rpsVsOtel: number;
  rpsVsSecotel: number;
  p99VsOtel: number;
  p99VsSecotel: number;
  verified: string;
  verification: string;
  /** From the last run's --cpu-prof profile, when profiling was on. */
  profile?: ProfileSummary;
}

export interface HttpBenchResult {
  settings: Omit<HttpBenchOptions, 'log' | 'cpus' | 'cpuProfDir'> & { requestMix: string; headers: Record<string, string> };
  runs: HttpRun[];
  summary: HttpModeSummary[];
}

const here = import.meta.dirname;
const benchDir = join(here, '..', '..');

export function getJson<T>(port: number, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

export function probe(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.setTimeout(5000, () => req.destroy());
    req.end();
  });
}

/** Round r runs the modes rotated by r places, so no mode always runs first or last. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function observe(sinkPort: number, agentPort: number, app: Service): Promise<ObservedTelemetry> {
  const [sink, agent] = await Promise.all([
    getJson<ObservedTelemetry['sink']>(sinkPort, '/__stats'),
    getJson<ObservedTelemetry['agent']>(agentPort, '/__stats'),
  ]);
  return { sink, agent, appOutput: app.output() };
}

async function runOne(mode: HttpMode, round: number, options: HttpBenchOptions, sink: Service, agent: Service): Promise<HttpRun> {
  await Promise.all([getJson(sink.port, '/__reset'), getJson(agent.port, '/__reset')]);
  const env = { ...cleanEnv(), ...mode.env({ sink: sink.port, agent: agent.port }) };
  const profileDir = options.cpuProfDir === undefined ? undefined : join(options.cpuProfDir, `${mode.id}-round${round + 1}`);
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  const profileArgs = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const app = await startService([...profileArgs, ...mode.nodeArgs, APP_PATH], { cpu: options.cpus.app, env, cwd: benchDir });
  let run: HttpRun;
  try {
    for (const p of PROBES) await probe(app.port, p.path, p.headers);
    const plan: LoadPlan = {
      url: `http://127.0.0.1:${app.port}`,
      connections: options.connections,
      warmupSeconds: options.warmupSeconds,
      durationSeconds: options.durationSeconds,
      requests: requestMix(mode.mix),
      headers: REQUEST_HEADERS,
    };
    let cpuStart: number | undefined;
    const result = await runForResult<HttpLoadResult>([join(here, 'load.ts'), JSON.stringify(plan)], {
      cpu: options.cpus.load,
      timeoutMs: (options.warmupSeconds + options.durationSeconds) * 1000 + 30_000,
      onMeasureStart: () => {
        cpuStart = cpuTimeMs(app.pid);
      },
    });
    const cpuEnd = cpuTimeMs(app.pid);
    const appCpuUsPerRequest = cpuStart !== undefined && cpuEnd !== undefined && result.requests > 0 ? ((cpuEnd - cpuStart) * 1000) / result.requests : undefined;
    const appCpuShare = cpuStart !== undefined && cpuEnd !== undefined ? (cpuEnd - cpuStart) / (result.seconds * 1000) : undefined;
    // Exporters flush on their own schedule; give them a moment before declaring a mode inactive.
    let verification = mode.verify(await observe(sink.port, agent.port, app));
    for (let waited = 0; !verification.ok && waited < 4000; waited += 250) {
      await sleep(250);
      verification = mode.verify(await observe(sink.port, agent.port, app));
    }
    run = { round, mode: mode.id, result, appCpuUsPerRequest, appCpuShare, verification };
  } finally {
    // Nothing is left to flush once verified; a profile, though, is only written on a clean exit.
    await app.stop(profileDir !== undefined);
  }
  if (profileDir !== undefined && existsSync(profileDir)) {
    const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
    if (file !== undefined) run.profile = summarizeProfile(join(profileDir, file));
  }
  return run;
}

function ratioMedian(runs: HttpRun[], mode: string, base: string, pick: (r: HttpLoadResult) => number): number {
  return pairedRatio(runs, mode, base, (run) => (run.result === undefined ? undefined : pick(run.result)));
}

/** Median over rounds of value(mode) / value(base), pairing the runs of the same round. */
export function pairedRatio(runs: readonly HttpRun[], mode: string, base: string, value: (run: HttpRun) => number | undefined): number {
  return median(pairedRatios(runs, mode, base, value));
}

/** value(mode) / value(base) of each round where both ran, in round order. */
export function pairedRatios(runs: readonly HttpRun[], mode: string, base: string, value: (run: HttpRun) => number | undefined): number[] {
  const ratios: number[] = [];
  const rounds = new Set(runs.map((r) => r.round));
  for (const round of rounds) {
    const runA = runs.find((r) => r.round === round && r.mode === mode);
    const runB = runs.find((r) => r.round === round && r.mode === base);
    const a = runA === undefined ? undefined : value(runA);
    const b = runB === undefined ? undefined : value(runB);
    if (a !== undefined && b !== undefined && b > 0) ratios.push(a / b);
  }
  return ratios;
}

export function summarize(runs: HttpRun[], modes: readonly HttpMode[]): HttpModeSummary[] {
  return modes.map((mode) => {
    const mine = runs.filter((r) => r.mode === mode.id);
    const ok = mine.filter((r) => r.result !== undefined);
    const results = ok.map((r) => r.result as HttpLoadResult);
    const cpu = ok.map((r) => r.appCpuUsPerRequest).filter((x): x is number => x !== undefined);
    const share = ok.map((r) => r.appCpuShare).filter((x): x is number => x !== undefined);
    const verified = mine.filter((r) => r.verification?.ok === true).length;
    const failed = mine.find((r) => r.verification !== undefined && !r.verification.ok) ?? mine.find((r) => r.error !== undefined);
    return {
      id: mode.id,
      label: mode.label,
      peer: mode.peer === true,
      runs: ok.length,
      rps: median(results.map((r) => r.rps)),
      p50Ms: median(results.map((r) => r.latencyMs.p50)),
      p99Ms: median(results.map((r) => r.latencyMs.p99)),
      appCpuUsPerRequest: cpu.length > 0 ? median(cpu) : undefined,
      appCpuShare: share.length > 0 ? median(share) : undefined,
      cpuVsOtel: pairedRatio(runs, mode.id, 'otel', (r) => r.appCpuUsPerRequest),
      rpsVsBare: ratioMedian(runs, mode.id, 'bare', (r) => r.rps),
      rpsVsOtel: ratioMedian(runs, mode.id, 'otel', (r) => r.rps),
      rpsVsSecotel: ratioMedian(runs, mode.id, 'secotel', (r) => r.rps),
      p99VsOtel: ratioMedian(runs, mode.id, 'otel', (r) => r.latencyMs.p99),
      p99VsSecotel: ratioMedian(runs, mode.id, 'secotel', (r) => r.latencyMs.p99),
      verified: `${verified}/${mine.length}`,
      profile: mine.map((r) => r.profile).filter((p) => p !== undefined).at(-1),
      verification: (failed?.verification?.detail ?? failed?.error ?? mine.at(-1)?.verification?.detail ?? 'not run').slice(0, 400),
    };
  });
}

export async function runHttpBench(options: HttpBenchOptions): Promise<HttpBenchResult> {
  const modes = options.modes === undefined ? HTTP_MODES : HTTP_MODES.filter((m) => options.modes?.includes(m.id));
  const sink = await startService([join(here, 'otlp-sink.ts')], { cpu: options.cpus.load });
  const agent = await startService([join(here, 'datadog-agent.ts')], { cpu: options.cpus.load });
  const runs: HttpRun[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      for (const mode of roundOrder(modes, round)) {
        let run: HttpRun;
        try {
          run = await runOne(mode, round, options, sink, agent);
        } catch (error) {
          run = { round, mode: mode.id, error: error instanceof Error ? error.message : String(error) };
        }
        runs.push(run);
        const r = run.result;
        options.log(
          r === undefined
            ? `  round ${round + 1}/${options.rounds} ${mode.id.padEnd(16)} FAILED: ${run.error?.split('\n')[0] ?? ''}`
            : `  round ${round + 1}/${options.rounds} ${mode.id.padEnd(16)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.latencyMs.p50.toFixed(2)} ms  p99 ${r.latencyMs.p99.toFixed(2)} ms  ${run.verification?.ok ? 'verified' : 'NOT VERIFIED'}${r.non2xx + r.errors > 0 ? `  (${r.non2xx} non-2xx, ${r.errors} errors)` : ''}`,
        );
      }
    }
  } finally {
    await Promise.all([sink.stop(), agent.stop()]);
  }
  return {
    settings: {
      rounds: options.rounds,
      warmupSeconds: options.warmupSeconds,
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      modes: modes.map((m) => m.id),
      requestMix: '100 paths cycled per connection: 90 GET /api/items?… (JSON), 10 GET /api/login?user=… (calls securityEvent); attack5: 5 of the 90 carry an attack payload; flood: all 90 do',
      headers: REQUEST_HEADERS,
    },
    runs,
    summary: summarize(runs, modes),
  };
}
