// npm run bench [-- --quick] [--only=http,emit,detect,scale,memory,spool] [--modes=bare,otel,...]
//   [--rounds=N] [--duration=S] [--warmup=S] [--connections=N] [--cpu-prof] [--heap-snapshots]
// npm run bench -- --report=bench/results/<file>.json [--readme]   re-renders the Markdown and SVG
//   of a run (with --readme: prints the README's Performance section for it)
// Runs the benchmark suite on loopback, prints a Markdown report and writes
// bench/results/<stamp>-<quick|full>.{json,md,svg}. Targets are reported as PASS/MISS, never
// asserted; the exit code is non-zero only when a section could not run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DetectBenchResult } from './detect/detect-bench.ts';
import type { EmitBenchResult } from './emit/emit-bench.ts';
import { runHttpBench } from './http/http-bench.ts';
import { MEMORY_MODES, runMemoryBench } from './memory/memory-bench.ts';
import { planCpus, runForResult } from './lib/proc.ts';
import { summarizeProfile } from './lib/profile.ts';
import { renderMarkdown, renderReadmeSection } from './report/markdown.ts';
import { renderSvg } from './report/svg.ts';
import { evaluateTargets } from './report/targets.ts';
import type { BenchEnvironment, BenchReport, SpoolResult } from './report/types.ts';
import type { ScaleBenchResult } from './scale/scale-bench.ts';

const SECTIONS = ['http', 'emit', 'detect', 'scale', 'memory', 'spool'] as const;
type Section = (typeof SECTIONS)[number];

const benchDir = join(import.meta.dirname, '..');
const repoRoot = join(benchDir, '..');
const require = createRequire(import.meta.url);

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function versionOf(name: string): string {
  try {
    const file = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function git(args: string[]): string {
  const result = spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

function environment(pinned: ReturnType<typeof planCpus>): BenchEnvironment {
  return {
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cpus: pinned.cpus,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    pinned: pinned.pinned,
    appCpu: pinned.app,
    loadCpu: pinned.load,
    loadAverageStart: loadavg(),
    loadAverageEnd: [],
    gitCommit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    gitDirty: git(['status', '--porcelain']) !== '',
    versions: Object.fromEntries(
      ['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-http', 'dd-trace', '@datadog/native-appsec', '@aikidosec/firewall', 'autocannon', 'pino'].map((n) => [n, versionOf(n)]),
    ),
  };
}

/** Runs the spool package's own benchmark when it exists; its JSON rows join the report. */
function runSpoolBench(quick: boolean): Promise<SpoolResult> {
  const script = join(repoRoot, 'packages', 'spool', 'bench', 'spool.bench.ts');
  if (!existsSync(script)) {
    return Promise.resolve({ status: 'absent', note: 'Skipped: packages/spool/bench/spool.bench.ts does not exist (yet).', rows: [] });
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, '--json', ...(quick ? ['--quick'] : [])], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timeoutMs = quick ? 60_000 : 180_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        return resolve({ status: 'failed', note: `spool.bench.ts --json failed (${signal ?? `exit ${code}`}${signal === 'SIGKILL' ? `, over ${timeoutMs / 1000} s` : ''}): ${stderr.trim().split('\n').slice(-3).join(' ')}`, rows: [] });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(stdout);
      } catch {
        const line = stdout.trim().split('\n').reverse().find((l) => l.trim().startsWith('{') || l.trim().startsWith('['));
        try {
          parsed = line === undefined ? undefined : JSON.parse(line);
        } catch {
          parsed = undefined;
        }
      }
      if (parsed === undefined) return resolve({ status: 'failed', note: 'spool.bench.ts --json printed no JSON.', rows: [] });
      const rows = Array.isArray(parsed)
        ? parsed
        : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { rows?: unknown }).rows)
          ? (parsed as { rows: unknown[] }).rows
          : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { results?: unknown }).results)
            ? (parsed as { results: unknown[] }).results
            : [parsed];
      const meta =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? Object.entries(parsed as Record<string, unknown>)
              .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
              .map(([k, v]) => `${k} ${String(v)}`)
              .join(', ')
          : '';
      resolve({ status: 'ran', note: `Rows as printed by \`node packages/spool/bench/spool.bench.ts --json${quick ? ' --quick' : ''}\`${meta === '' ? '' : ` (${meta})`}.`, rows: rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null) });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      modes: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'heap-snapshots': { type: 'boolean', default: false },
      report: { type: 'string' },
      readme: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    const header = readFileSync(import.meta.filename, 'utf8').split('\n');
    process.stdout.write(header.slice(0, header.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
    return;
  }
  if (values.report !== undefined) {
    // npm runs the script in bench/; resolve the path from where npm was started.
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.report);
    const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
    // Targets are derived from the measurements: judged again with this version's rules.
    report.targets = evaluateTargets(report.http, report.emit, report.detect, report.memory);
    const base = file.replace(/\.json$/, '');
    if (values.readme === true) {
      process.stdout.write(renderReadmeSection(report, relative(repoRoot, file)));
      return;
    }
    writeFileSync(`${base}.md`, renderMarkdown(report));
    if (report.http !== undefined) writeFileSync(`${base}.svg`, renderSvg(report));
    process.stdout.write(renderMarkdown(report));
    return;
  }
  const quick = values.quick === true;
  const only = new Set<Section>((values.only?.split(',').map((s) => s.trim()) ?? SECTIONS).filter((s): s is Section => (SECTIONS as readonly string[]).includes(s)));
  const number = (raw: string | undefined, fallback: number) => (raw === undefined || !Number.isFinite(Number(raw)) ? fallback : Number(raw));
  const cpuPlan = planCpus();
  const started = new Date();
  const stamp = started.toISOString().slice(0, 19).replace(/:/g, '-');
  const resultsDir = join(benchDir, 'results');
  const t0 = performance.now();
  const env = environment(cpuPlan);
  const report: BenchReport = {
    kind: quick ? 'quick' : 'full',
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    startedAt: started.toISOString(),
    durationSeconds: 0,
    environment: env,
    sectionSeconds: {},
    errors: {},
    targets: [],
  };
  log(`secotel bench (${report.kind}): Node.js ${env.node}, ${env.cpus} CPUs, ${cpuPlan.pinned ? `app on CPU ${cpuPlan.app}, load on CPU ${cpuPlan.load}` : 'no CPU pinning'}`);
  const busy = env.loadAverageStart[0] ?? 0;
  if (busy > env.cpus * 0.5) log(`WARNING: the machine is busy (load average ${busy.toFixed(2)} on ${env.cpus} CPUs); numbers will be noisy.`);

  const section = async <T>(name: Section, run: () => Promise<T>): Promise<T | undefined> => {
    if (!only.has(name)) return undefined;
    const s0 = performance.now();
    log(`\n== ${name}`);
    try {
      return await run();
    } catch (error) {
      report.errors[name] = error instanceof Error ? error.message : String(error);
      log(`   ${name} failed: ${report.errors[name]}`);
      return undefined;
    } finally {
      report.sectionSeconds[name] = Math.round((performance.now() - s0) / 100) / 10;
    }
  };
  const profilesDir = values['cpu-prof'] === true ? join(resultsDir, `${stamp}-profiles`) : undefined;
  const child = async <T>(name: Section, script: string, nodeFlags: string[], timeoutMs: number): Promise<T> => {
    const profileDir = profilesDir === undefined ? undefined : join(profilesDir, name);
    const profileFlags = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const result = await runForResult<T>([...profileFlags, ...nodeFlags, join(import.meta.dirname, script), ...(quick ? ['--quick'] : [])], {
      cpu: cpuPlan.app,
      timeoutMs,
      onProgress: (line) => log(`   ${line}`),
    });
    const file = profileDir !== undefined && existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (profileDir !== undefined && file !== undefined) (report.profiles ??= {})[name] = summarizeProfile(join(profileDir, file));
    return result;
  };

  const modes = values.modes?.split(',').map((m) => m.trim());
  report.http = await section('http', () =>
    runHttpBench({
      rounds: number(values.rounds, quick ? 2 : 5),
      // Long enough for every mode to reach its steady state under this load: side by side with
      // plain OpenTelemetry, secotel's cost relative to it kept falling for about 8 s (most likely
      // V8 still optimizing its code). The detect section warms up for the same reason.
      warmupSeconds: number(values.warmup, quick ? 1 : 8),
      durationSeconds: number(values.duration, quick ? 1 : 5),
      connections: number(values.connections, 16),
      modes,
      cpus: cpuPlan,
      cpuProfDir: profilesDir === undefined ? undefined : join(profilesDir, 'http'),
      log,
    }),
  );
  report.emit = await section('emit', () => child<EmitBenchResult>('emit', 'emit/emit-bench.ts', ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64'], 180_000));
  report.detect = await section('detect', () => child<DetectBenchResult>('detect', 'detect/detect-bench.ts', [], 420_000));
  report.scale = await section('scale', () => child<ScaleBenchResult>('scale', 'scale/scale-bench.ts', ['--expose-gc'], 300_000));
  report.memory = await section('memory', () =>
    runMemoryBench({
      rounds: 3,
      requests: quick ? 20_000 : 100_000,
      warmupRequests: 500,
      connections: number(values.connections, 16),
      modes: MEMORY_MODES.filter((m) => modes?.includes(m) ?? true),
      cpus: cpuPlan,
      snapshotDir: values['heap-snapshots'] === true ? join(resultsDir, `${stamp}-heap-profiles`) : undefined,
      log,
    }),
  );
  report.spool = await section('spool', () => runSpoolBench(quick));

  report.targets = evaluateTargets(report.http, report.emit, report.detect, report.memory);
  env.loadAverageEnd = loadavg();
  report.durationSeconds = Math.round((performance.now() - t0) / 100) / 10;

  const markdown = renderMarkdown(report);
  const svg = renderSvg(report);
  mkdirSync(resultsDir, { recursive: true });
  const base = join(resultsDir, `${stamp}-${report.kind}`);
  writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${base}.md`, markdown);
  if (report.http !== undefined) writeFileSync(`${base}.svg`, svg);
  process.stdout.write(`\n${markdown}\n`);
  log(`wrote ${base}.json, .md${report.http !== undefined ? ', .svg' : ''} (${report.durationSeconds} s)`);
  if (Object.keys(report.errors).length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
