// The issue's performance targets, evaluated against a run's results. They are reported, never
// asserted: a MISS is information for a decision, not a failed build.
import type { DetectBenchResult } from '../detect/detect-bench.ts';
import type { EmitBenchResult } from '../emit/emit-bench.ts';
import { pairedRatios } from '../http/http-bench.ts';
import type { HttpBenchResult } from '../http/http-bench.ts';
import type { MemoryBenchResult, Spread } from '../memory/memory-bench.ts';
import { median } from '../lib/stats.ts';

export interface TargetResult {
  target: string;
  measured: string;
  /** undefined when the section did not run. */
  pass: boolean | undefined;
}

const x = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
/**
 * A ratio beside its limit, with as many decimals (up to 5) as it takes not to round it onto the
 * limit: 0.946 is no "0.95×" PASS, and 0.94998 no "0.950×" MISS.
 */
function xAgainst(value: number, limit: number): string {
  if (!Number.isFinite(value) || value === limit) return x(value);
  let digits = 2;
  while (digits < 5 && value.toFixed(digits) === limit.toFixed(digits)) digits++;
  return `${value.toFixed(digits)}×`;
}

/** Per-round mode/base throughput ratios, in round order. */
function roundRatios(http: HttpBenchResult, mode: string, base: string): number[] {
  return pairedRatios(http.runs, mode, base, (run) => run.result?.rps);
}

/** Median over rounds of mode/base throughput. */
function pairedRps(http: HttpBenchResult, mode: string, base: string): number {
  return median(roundRatios(http, mode, base));
}

/**
 * The median of the per-round throughput ratios against `base`, and how it reads: the median
 * with the lowest and highest round beside it, so that a verdict a few hundredths from its limit
 * shows how far the rounds themselves were apart.
 */
function throughputRatio(http: HttpBenchResult, mode: string, base: string, limit: number): { value: number; measured: string } {
  const rounds = roundRatios(http, mode, base);
  const value = median(rounds);
  const range = rounds.length > 1 ? ` (${rounds.length} rounds: ${x(Math.min(...rounds))} to ${x(Math.max(...rounds))})` : '';
  return { value, measured: `${xAgainst(value, limit)}${range}` };
}

export function evaluateTargets(
  http: HttpBenchResult | undefined,
  emit: EmitBenchResult | undefined,
  detect: DetectBenchResult | undefined,
  memory?: MemoryBenchResult,
): TargetResult[] {
  const targets: TargetResult[] = [];
  // A throughput row against plain OpenTelemetry, with the app CPU ratio beside it.
  const throughput = (what: string, row: { id: string; cpuVsOtel: number }, min: number, run: HttpBenchResult): TargetResult => {
    const ratio = throughputRatio(run, row.id, 'otel', min);
    return {
      target: `${what} throughput ≥ ${min.toFixed(2)} × plain OpenTelemetry`,
      measured: `${ratio.measured}; app CPU per request ${x(row.cpuVsOtel)} OTel's`,
      pass: ratio.value >= min,
    };
  };
  const secotel = http?.summary.find((s) => s.id === 'secotel');
  if (http !== undefined && secotel !== undefined && Number.isFinite(secotel.rpsVsOtel)) {
    targets.push(throughput('secotel (audit security)', secotel, 0.95, http));
    targets.push({
      target: 'secotel (audit security) p99 latency ≤ 1.1 × plain OpenTelemetry',
      measured: xAgainst(secotel.p99VsOtel, 1.1),
      pass: secotel.p99VsOtel <= 1.1,
    });
  } else {
    targets.push({ target: 'secotel (audit security) vs plain OpenTelemetry', measured: 'not measured', pass: undefined });
  }
  const attacks = http?.summary.find((s) => s.id === 'secotel-attack5');
  if (http !== undefined && attacks !== undefined && Number.isFinite(attacks.rpsVsOtel)) {
    targets.push(throughput('secotel with 5 % attack traffic', attacks, 0.9, http));
  }
  const peers = http?.summary.filter((s) => s.peer) ?? [];
  if (http !== undefined && peers.length > 0 && http.summary.some((s) => s.id === 'secotel-notrace')) {
    const ratios = peers.map((p) => ({ id: p.id, ratio: pairedRps(http, 'secotel-notrace', p.id), verified: p.verified }));
    const vsBare = http.summary.some((s) => s.id === 'bare') ? throughputRatio(http, 'secotel-notrace', 'bare', 0.85) : { value: Number.NaN, measured: 'bare not run' };
    targets.push({
      target: 'secotel with trace export off (security-only) ≥ 0.85 × bare node:http and ahead of every peer (throughput)',
      measured: `${vsBare.measured} bare; ${ratios.map((r) => `${x(r.ratio)} ${r.id}`).join(', ')}`,
      pass: vsBare.value >= 0.85 && ratios.every((r) => r.ratio > 1),
    });
  } else {
    targets.push({ target: 'secotel with trace export off ahead of every peer', measured: 'not measured', pass: undefined });
  }
  const event = emit?.contenders.find((c) => c.id === 'securityEvent');
  const raw = emit?.contenders.find((c) => c.id === 'otel-emit');
  if (event !== undefined && raw !== undefined) {
    const ratio = event.nsPerEvent / raw.nsPerEvent;
    targets.push({
      target: 'securityEvent() ≤ 2 × raw logger.emit() (CPU ns/event)',
      measured: `${x(ratio)} (${Math.round(event.nsPerEvent)} vs ${Math.round(raw.nsPerEvent)} ns)`,
      pass: ratio <= 2,
    });
    const bytes = event.bytesPerEvent !== undefined && raw.bytesPerEvent !== undefined ? event.bytesPerEvent / raw.bytesPerEvent : Number.NaN;
    targets.push({
      target: 'securityEvent() ≤ 1.5 × raw logger.emit() (bytes allocated/event)',
      measured: Number.isFinite(bytes) ? `${x(bytes)} (${Math.round(event.bytesPerEvent ?? 0)} vs ${Math.round(raw.bytesPerEvent ?? 0)} B)` : 'not measured',
      pass: Number.isFinite(bytes) ? bytes <= 1.5 : undefined,
    });
  } else {
    targets.push({ target: 'securityEvent() ≤ 2 × raw logger.emit()', measured: 'not measured', pass: undefined });
  }
  if (detect !== undefined) {
    // By CPU time: on a shared machine the wall-clock mean also counts time the process was preempted.
    const speedup = detect.libddwaf.cpuMeanUs / detect.secotel.cpuMeanUs;
    const recallOk = detect.secotel.recall >= detect.libddwaf.recall;
    const fpOk = detect.secotel.falsePositiveRate <= detect.libddwaf.falsePositiveRate;
    targets.push({
      target: '@secotel/detect ≥ 20 × faster than libddwaf per request (mean CPU µs), at equal or better recall and false-positive rate',
      measured: `${x(speedup)} faster (${detect.secotel.cpuMeanUs.toFixed(1)} vs ${detect.libddwaf.cpuMeanUs.toFixed(1)} µs); recall ${pct(detect.secotel.recall)} vs ${pct(detect.libddwaf.recall)}; FP ${pct(detect.secotel.falsePositiveRate)} vs ${pct(detect.libddwaf.falsePositiveRate)}`,
      pass: speedup >= 20 && recallOk && fpOk,
    });
  } else {
    targets.push({ target: '@secotel/detect ≥ 20 × faster than libddwaf', measured: 'not measured', pass: undefined });
  }
  const external = detect?.external;
  if (external !== undefined) {
    const speedup = external.libddwaf.cpuMeanUs / external.secotel.cpuMeanUs;
    targets.push({
      target: 'third-party dev set: @secotel/detect mean ≤ 10 µs per request and ≥ 20 × faster than libddwaf (mean CPU µs)',
      measured: `${external.secotel.cpuMeanUs.toFixed(1)} µs, ${x(speedup)} faster than libddwaf (${external.libddwaf.cpuMeanUs.toFixed(1)} µs); p99 ${external.secotel.p99Us.toFixed(1)} µs; ` +
        `recall (same category) ${pct(external.secotel.categoryRecall)} vs ${pct(external.libddwaf.categoryRecall)}; FP ${pct(external.secotel.falsePositiveRate)} vs ${pct(external.libddwaf.falsePositiveRate)}`,
      pass: external.secotel.cpuMeanUs <= 10 && speedup >= 20,
    });
    const recallOk = external.secotel.categoryRecall >= external.libddwaf.categoryRecall;
    targets.push({
      target: 'third-party dev set: @secotel/detect ≥ 30 × faster than libddwaf (mean CPU µs) at equal or better recall, p99 ≤ 20 µs',
      measured: `${x(speedup)} faster; p99 ${external.secotel.p99Us.toFixed(1)} µs (libddwaf ${external.libddwaf.p99Us.toFixed(1)})` +
        `${external.secotel.p99FastestUs === undefined ? '' : `, p99 of each request's fastest pass ${external.secotel.p99FastestUs.toFixed(1)} µs`}; ` +
        `recall (same category) ${pct(external.secotel.categoryRecall)} vs ${pct(external.libddwaf.categoryRecall)}`,
      pass: speedup >= 30 && external.secotel.p99Us <= 20 && recallOk,
    });
  }
  targets.push(memoryTarget(memory));
  return targets;
}

const MEMORY_ADDITION_MIB = 15;

/** secotel's own steady-state memory: secotel (audit security) − plain OpenTelemetry after the run's requests, paired per round. */
function memoryTarget(memory: MemoryBenchResult | undefined): TargetResult {
  const target = `secotel's steady-state memory addition ≤ ${MEMORY_ADDITION_MIB} MiB over plain OpenTelemetry (RSS and heap used, after the requests)`;
  const secotel = memory?.summary.find((s) => s.id === 'secotel');
  const added = secotel?.vsOtelAfter;
  if (memory === undefined || added === undefined || !Number.isFinite(added.rssMiB.median)) return { target, measured: 'not measured', pass: undefined };
  const mib = (s: Spread) => `${signedMiB(s.median)} MiB (${signedMiB(s.min)} to ${signedMiB(s.max)})`;
  const all = memory.summary.find((s) => s.id === 'secotel-all')?.vsOtelAfter;
  return {
    target,
    measured:
      `after ${memory.settings.requests.toLocaleString('en-US')} requests, median (range) of ${added.rssMiB.n} paired rounds: RSS ${mib(added.rssMiB)}, heap used ${mib(added.heapUsedMiB)}` +
      (all === undefined ? '' : `; audit all: RSS ${mib(all.rssMiB)}, heap used ${mib(all.heapUsedMiB)}`),
    pass: added.rssMiB.median <= MEMORY_ADDITION_MIB && added.heapUsedMiB.median <= MEMORY_ADDITION_MIB,
  };
}

/** A difference in MiB with its sign, one decimal. */
export function signedMiB(value: number): string {
  return Number.isFinite(value) ? `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)}` : 'n/a';
}

export function pct(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : 'n/a';
}
