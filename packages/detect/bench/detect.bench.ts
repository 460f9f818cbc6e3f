// Microbenchmark: detect() over the whole corpus, many rounds. Prints mean/p50/p99 per request
// for benign and attack requests separately, a few typical single requests, and throughput.
// Wall-clock timings: run it on a quiet machine. Build first:
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

function measure(requests: DetectRequest[]): Float64Array {
  // One wall-clock sample per request per round, in microseconds.
  const samples = new Float64Array(requests.length * rounds);
  let k = 0;
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    for (const request of requests) {
      const t0 = process.hrtime.bigint();
      sink += detector.detect(request).length;
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  if (sink < 0) console.log(sink);
  return samples;
}

function report(name: string, samples: Float64Array, count: number): void {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const mean = sum / samples.length;
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  const perSecond = 1e6 / mean;
  console.log(`${name.padEnd(7)} ${String(count).padStart(5)} requests x ${rounds} rounds: mean ${mean.toFixed(2)} µs  p50 ${at(0.5).toFixed(2)} µs  p99 ${at(0.99).toFixed(2)} µs  `
    + `max ${at(1).toFixed(1)} µs  ${Math.round(perSecond).toLocaleString('en-US')} req/s`);
}

// Warm up so the JIT has settled before measuring.
for (let i = 0; i < 3; i++) for (const request of [...benign, ...attacks]) detector.detect(request);

console.log(`@secotel/detect microbenchmark, node ${process.version}, ${rounds} rounds`);
report('benign', measure(benign), benign.length);
report('attack', measure(attacks), attacks.length);
// Typical single requests, measured in a tight loop: what one request costs on a warm path.
const agent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const browserHeaders = {
  host: 'shop.example.com', 'user-agent': agent, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9', 'accept-encoding': 'gzip, deflate, br', connection: 'keep-alive',
  'sec-ch-ua': '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"', 'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Windows"', referer: 'https://shop.example.com/',
};
const typical: Record<string, DetectRequest> = {
  'page GET, 10 headers, 2 cookies': { method: 'GET', path: '/products/12345', query: { ref: 'home' }, headers: browserHeaders, cookies: { session: '3f2a1b9c4d5e6f708192a3b4c5d6e7f8', _ga: 'GA1.1.1452092949.1706630172' } },
  "search GET q=men's running shoes": { method: 'GET', path: '/search', query: { q: "men's running shoes", page: '2' }, headers: browserHeaders, cookies: { session: '3f2a1b9c4d5e6f708192a3b4c5d6e7f8' } },
  'JSON POST, 5 fields': { method: 'POST', path: '/api/v1/orders', headers: { ...browserHeaders, 'content-type': 'application/json' }, cookies: { session: 'x' }, body: { sku: 'SKU-1234', qty: 2, note: 'Leave at the door, thanks!', address: { line1: '1 Main St.', city: 'Dublin' } } },
  'health check, 1 header': { method: 'GET', path: '/healthz', headers: { 'user-agent': 'kube-probe/1.29' } },
};
for (const [name, request] of Object.entries(typical)) {
  const n = 200_000;
  for (let i = 0; i < 20_000; i++) detector.detect(request);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) detector.detect(request);
  console.log(`typical ${name.padEnd(34)} ${(Number(process.hrtime.bigint() - t0) / n / 1000).toFixed(2)} µs`);
}

const all = [...benign, ...attacks];
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const request of all) detector.detect(request);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`mixed   ${all.length * rounds} requests in ${seconds.toFixed(2)} s: ${Math.round((all.length * rounds) / seconds).toLocaleString('en-US')} req/s`);
