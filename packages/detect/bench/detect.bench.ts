// Microbenchmark: detect() over the whole corpus, many rounds. Prints mean/p50/p99 per request
// for benign and attack requests separately, and throughput. Build first:
//   node scripts/build.mjs packages/detect && node packages/detect/bench/detect.bench.ts [rounds]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDetector } from '@secotel/detect';
import type { DetectRequest } from '@secotel/detect';

const corpusDir = join(import.meta.dirname, '..', 'corpus');
const read = (file: string): DetectRequest[] =>
  readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as DetectRequest);

const benign = read(join(corpusDir, 'benign.jsonl'));
const attacks = readdirSync(join(corpusDir, 'attacks')).filter((f) => f.endsWith('.jsonl')).flatMap((f) => read(join(corpusDir, 'attacks', f)));
const rounds = Number(process.argv[2] ?? 20);
const detector = createDetector();

interface Measurement {
  samples: Float64Array;
  /** Process CPU time per request, µs: robust against other processes on a busy machine. */
  cpuPerRequest: number;
}

function measure(requests: DetectRequest[]): Measurement {
  // One wall-clock sample per request per round, in microseconds.
  const samples = new Float64Array(requests.length * rounds);
  let k = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    for (const request of requests) {
      const t0 = process.hrtime.bigint();
      sink += detector.detect(request).length;
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  return { samples, cpuPerRequest: (cpu.user + cpu.system) / samples.length };
}

function report(name: string, { samples, cpuPerRequest }: Measurement, count: number): void {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const mean = sum / samples.length;
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  const perSecond = 1e6 / mean;
  console.log(`${name.padEnd(7)} ${String(count).padStart(5)} requests x ${rounds} rounds: mean ${mean.toFixed(2)} µs  p50 ${at(0.5).toFixed(2)} µs  p99 ${at(0.99).toFixed(2)} µs  `
    + `max ${at(1).toFixed(1)} µs  ${Math.round(perSecond).toLocaleString('en-US')} req/s  (cpu ${cpuPerRequest.toFixed(2)} µs/req)`);
}

// Warm up so the JIT has settled before measuring.
for (let i = 0; i < 3; i++) for (const request of [...benign, ...attacks]) detector.detect(request);

console.log(`@secotel/detect microbenchmark, node ${process.version}, ${rounds} rounds (wall-clock samples; cpu = process CPU time)`);
report('benign', measure(benign), benign.length);
report('attack', measure(attacks), attacks.length);
const all = [...benign, ...attacks];
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const request of all) detector.detect(request);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`mixed   ${all.length * rounds} requests in ${seconds.toFixed(2)} s: ${Math.round((all.length * rounds) / seconds).toLocaleString('en-US')} req/s`);
