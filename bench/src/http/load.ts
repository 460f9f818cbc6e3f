// Load generator process for the HTTP benchmark: autocannon against one running app, first a
// warm-up whose numbers are discarded, then the measured run. Latency percentiles come from every
// response's own high-resolution time (autocannon's histogram has whole-millisecond buckets, too
// coarse for sub-millisecond loopback latencies). Prints one line: RESULT <json>.
import autocannon from 'autocannon';
import type { HttpLoadResult, LoadPlan } from './types.ts';
import { percentile } from '../lib/stats.ts';

const MAX_SAMPLES = 4_000_000;

async function run(plan: LoadPlan, seconds: number, samples?: Float64Array, amount?: number): Promise<{ ok: number; non2xx: number; errors: number; timeouts: number; recorded: number; elapsedMs: number }> {
  const started = performance.now();
  let recorded = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections: plan.connections,
        pipelining: 1,
        ...(amount === undefined ? { duration: seconds } : { amount }),
        requests: plan.requests.map((path) => ({ method: 'GET', path })),
        headers: plan.headers,
      },
      (error: unknown, finished: autocannon.Result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)),
    );
    if (samples !== undefined) {
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        if (statusCode >= 200 && statusCode < 300 && recorded < samples.length) samples[recorded++] = responseTime;
      });
    }
  });
  // autocannon ends a run at its next one-second sample after the duration; its own `duration` is
  // the real length of the run, which is what requests are divided by.
  const elapsedMs = result.duration > 0 ? result.duration * 1000 : performance.now() - started;
  return { ok: result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, recorded, elapsedMs };
}

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
  if (plan.warmupSeconds > 0) await run(plan, plan.warmupSeconds);
  const samples = new Float64Array(MAX_SAMPLES);
  process.stdout.write('MEASURE_START\n');
  const measured = await run(plan, plan.durationSeconds, samples, plan.amount);
  const latencies = samples.subarray(0, measured.recorded).sort();
  const result: HttpLoadResult = {
    requests: measured.ok,
    rps: measured.ok / (measured.elapsedMs / 1000),
    seconds: measured.elapsedMs / 1000,
    non2xx: measured.non2xx,
    errors: measured.errors,
    timeouts: measured.timeouts,
    latencyMs: {
      mean: latencies.reduce((sum, x) => sum + x, 0) / Math.max(1, latencies.length),
      p50: percentile(latencies, 0.5),
      p90: percentile(latencies, 0.9),
      p99: percentile(latencies, 0.99),
      max: latencies.length > 0 ? (latencies[latencies.length - 1] ?? 0) : 0,
    },
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
