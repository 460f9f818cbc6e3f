// Detection: @secotel/detect against Datadog's libddwaf (@datadog/native-appsec with the
// recommended ruleset that dd-trace ships) on every request of the project's labelled corpus and,
// when it is beside the repo, of the third-party dev set (../shared/corpora/external-dev), in
// the same process. Times each request (µs, wall clock, plus the mean by CPU time) and scores
// both engines on the labels: recall per attack category and false positives on benign traffic.
// Then clean browser traffic by number of sessions (benchCleanTraffic). Prints RESULT <json>.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createDetector } from '@secotel/detect';
import type { DetectRequest } from '@secotel/detect';
import { percentile } from '../lib/stats.ts';

const require = createRequire(import.meta.url);

interface CorpusEntry extends DetectRequest {
  label: 'attack' | 'benign';
  category?: string;
  note?: string;
  /** Other categories that count as right (third-party records). */
  also_ok?: string[];
}

/** The part of @datadog/native-appsec's API used here. */
interface WafContext {
  run(payload: { persistent: Record<string, unknown> }, timeoutMicros: number): { timeout: boolean; events?: { rule: { id: string; tags: { type: string } } }[] };
  dispose(): void;
}
interface Waf {
  createContext(): WafContext;
  readonly diagnostics: { ruleset_version?: string; rules?: { loaded?: string[]; failed?: string[] } };
}
interface NativeAppsec {
  DDWAF: { new (rules: object, path: string): Waf; version(): string };
}

/** libddwaf rule types mapped onto the corpus categories, for the category-matched recall. */
const WAF_TYPE_TO_CATEGORY: Record<string, string> = {
  sql_injection: 'sqli',
  xss: 'xss',
  lfi: 'path_traversal',
  command_injection: 'cmdi',
  ssrf: 'ssrf',
  rfi: 'ssrf',
  java_code_injection: 'jndi',
  nosql_injection: 'nosqli',
  js_code_injection: 'proto_pollution',
  xxe: 'xxe',
  http_protocol_violation: 'crlf',
  attack_tool: 'scanner',
  security_scanner: 'scanner',
  commercial_scanner: 'scanner',
};

export interface EngineTiming {
  meanUs: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
  /** Mean by the process's CPU time over whole passes (robust when the CPU is shared). */
  cpuMeanUs: number;
  /**
   * p99 over the records of each record's fastest pass: the tail the code itself has, without the
   * pauses (GC, preemption) that land on one pass or another. Shown beside p99Us, which the target uses.
   */
  p99FastestUs?: number;
}

export interface EngineScore {
  /** Attacks flagged by any rule / attacks. */
  recall: number;
  /** Attacks flagged by a rule of the attack's own category / attacks. */
  categoryRecall: number;
  /** Benign requests flagged / benign requests. */
  falsePositiveRate: number;
  falsePositives: number;
  /** Benign requests flagged, by the category the engine claimed. */
  falsePositivesByCategory: Record<string, number>;
  perCategory: Record<string, { total: number; detected: number; categoryDetected: number }>;
}

export interface DetectCorpusResult {
  corpus: { name: string; attacks: number; benign: number; categories: string[] };
  passes: number;
  /**
   * Untimed passes per engine before the timed ones (a CPU-time budget, so the JIT has tiered the
   * code up); `firstPassCpuUs` is the cold first pass's CPU mean per request.
   */
  warmup?: { cpuSeconds: number } & Record<'secotel' | 'libddwaf', { passes: number; firstPassCpuUs: number }>;
  timerOverheadUs: number;
  waf: { libddwafVersion: string; rulesVersion: string | undefined; rulesLoaded: number; rulesFailed: number; timeouts: number; rulesFile: string };
  secotel: EngineTiming & EngineScore;
  libddwaf: EngineTiming & EngineScore;
  /** The requests that took longest (µs, fastest of the passes, so preemption does not count). */
  slowest: { secotel: { request: string; us: number }[]; libddwaf: { request: string; us: number }[] };
  /** Benign requests the engines flagged, for a human to judge (first 10 each). */
  falsePositiveSamples: { secotel: string[]; libddwaf: string[] };
}

/** detect() and libddwaf on clean browser requests, by how many sessions take turns (see benchCleanTraffic). */
export interface CleanTrafficRow {
  sessions: number;
  /**
   * Set on the API row: this many distinct paths (`/api/items/<n>`) and user agents, with the
   * sessions' cookie headers; otherwise one path and three browsers.
   */
  apiPaths?: number;
  userAgents?: number;
  /** Median over batches of the time per request (ns). */
  secotelNs: number;
  libddwafNs: number;
}

/** The in-house corpus, and the third-party dev set when it is beside the repo. */
export interface DetectBenchResult extends DetectCorpusResult {
  external?: DetectCorpusResult;
  cleanTraffic?: { requestsPerBatch: number; batches: number; rows: CleanTrafficRow[] };
}

function loadCorpus(dir: string): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as CorpusEntry);
  for (const file of readdirSync(join(dir, 'attacks')).filter((f) => f.endsWith('.jsonl')).sort()) entries.push(...lines(join(dir, 'attacks', file)));
  entries.push(...lines(join(dir, 'benign.jsonl')));
  return entries;
}

/** `../shared/corpora/external-dev` records, in the shape of the in-house corpus. */
function loadExternalCorpus(dir: string): CorpusEntry[] | undefined {
  if (!existsSync(join(dir, 'attacks.jsonl')) || !existsSync(join(dir, 'benign.jsonl'))) return undefined;
  const lines = (file: string, label: CorpusEntry['label']) => readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((l) => {
      const r = JSON.parse(l) as CorpusEntry & { id: string; body?: unknown };
      return { ...r, label, note: r.id, body: r.body ?? undefined, category: label === 'attack' ? r.category : undefined };
    });
  return [...lines('attacks.jsonl', 'attack'), ...lines('benign.jsonl', 'benign')];
}

function parseCookieHeader(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}

/** The same request in libddwaf's address names, as dd-trace fills them. */
function wafAddresses(entry: CorpusEntry): Record<string, unknown> {
  const search = new URLSearchParams();
  const query: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries((entry.query ?? {}) as Record<string, string | string[] | undefined>)) {
    if (value === undefined) continue;
    query[key] = value;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, v);
  }
  const headers: Record<string, unknown> = {};
  let cookieHeader: string | undefined;
  for (const [name, value] of Object.entries(entry.headers ?? {})) {
    if (name === 'cookie') cookieHeader = Array.isArray(value) ? value.join('; ') : (value as string);
    else if (value !== undefined) headers[name] = value;
  }
  const cookies = entry.cookies !== undefined && Object.keys(entry.cookies).length > 0 ? entry.cookies : cookieHeader !== undefined ? parseCookieHeader(cookieHeader) : {};
  const qs = search.toString();
  const addresses: Record<string, unknown> = {
    'server.request.uri.raw': `${entry.path ?? '/'}${qs === '' ? '' : `?${qs}`}`,
    'server.request.method': entry.method ?? 'GET',
    'server.request.headers.no_cookies': headers,
  };
  if (Object.keys(query).length > 0) addresses['server.request.query'] = query;
  if (Object.keys(cookies).length > 0) addresses['server.request.cookies'] = cookies;
  if (entry.body !== undefined && entry.body !== null && entry.body !== '') addresses['server.request.body'] = wafBody(entry, headers);
  return addresses;
}

/** The body as the app's body parser hands it to dd-trace: forms parsed, JSON parsed, other text raw. */
function wafBody(entry: CorpusEntry, headers: Record<string, unknown>): unknown {
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
  if (typeof entry.body !== 'string') return entry.body;
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(entry.body));
  if (contentType.includes('json')) {
    try {
      return JSON.parse(entry.body) as unknown;
    } catch {
      return entry.body;
    }
  }
  return entry.body;
}

function timing(samples: Float64Array, cpuUs: number, overheadUs: number, passes: number): EngineTiming {
  const n = samples.length / passes;
  const fastest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let p = 0; p < passes; p++) for (let i = 0; i < n; i++) fastest[i] = Math.min(fastest[i] as number, samples[p * n + i] as number);
  fastest.sort();
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const x of sorted) sum += x;
  return {
    meanUs: sum / sorted.length - overheadUs,
    p50Us: percentile(sorted, 0.5) - overheadUs,
    p99Us: percentile(sorted, 0.99) - overheadUs,
    maxUs: (sorted[sorted.length - 1] ?? 0) - overheadUs,
    cpuMeanUs: cpuUs / sorted.length,
    p99FastestUs: percentile(fastest, 0.99) - overheadUs,
  };
}

function score(corpus: readonly CorpusEntry[], flagged: readonly (readonly string[] | undefined)[]): EngineScore {
  const perCategory: EngineScore['perCategory'] = {};
  let attacks = 0;
  let detected = 0;
  let categoryDetected = 0;
  let benign = 0;
  let falsePositives = 0;
  const falsePositivesByCategory: Record<string, number> = {};
  corpus.forEach((entry, i) => {
    const categories = flagged[i];
    const hit = categories !== undefined && categories.length > 0;
    if (entry.label === 'benign') {
      benign++;
      if (hit) {
        falsePositives++;
        for (const c of new Set(categories)) falsePositivesByCategory[c] = (falsePositivesByCategory[c] ?? 0) + 1;
      }
      return;
    }
    const category = entry.category ?? 'unknown';
    const bucket = (perCategory[category] ??= { total: 0, detected: 0, categoryDetected: 0 });
    attacks++;
    bucket.total++;
    if (hit) {
      detected++;
      bucket.detected++;
    }
    if (hit && (categories.includes(category) || (entry.also_ok?.some((c) => categories.includes(c)) ?? false))) {
      categoryDetected++;
      bucket.categoryDetected++;
    }
  });
  return { recall: detected / attacks, categoryRecall: categoryDetected / attacks, falsePositiveRate: falsePositives / benign, falsePositives, falsePositivesByCategory, perCategory };
}

const BROWSER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
];

/**
 * The headers of one clean browser request of session `s`, as bytes: a server builds a fresh
 * string for each header of each request, so a detector meets a value it has seen before only by
 * its content, never as the same string. Every other session also carries an analytics cookie.
 */
/** Browser user agents of many versions, for the API row. */
const manyAgents = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${100 + (i % 30)}.0.${6000 + i}.${i % 200} Safari/537.36`);

function browserRequest(s: number, i: number, api?: { paths: number; agents: string[] }): { url: Buffer; headers: [string, Buffer][] } {
  const session = (0x9e3779b1 * (s + 1)) >>> 0;
  let cookie = `sid=${session.toString(16).padStart(8, '0').repeat(4)}; theme=light`;
  if (s % 2 === 1) cookie += `; _ga=GA1.1.${426469400 + s}.1707537990`;
  const headers: Record<string, string> = {
    host: 'shop.example.com',
    connection: 'keep-alive',
    'user-agent': (api === undefined ? BROWSER_AGENTS[s % BROWSER_AGENTS.length] : api.agents[(i * 7) % api.agents.length]) as string,
    accept: 'application/json, text/plain, */*',
    'accept-language': 'en-US,en;q=0.9',
    'accept-encoding': 'gzip, deflate, br',
    cookie,
  };
  const url = api === undefined ? `/api/items?page=${(i % 7) + 1}&sort=price` : `/api/items/${i % api.paths}?sort=price`;
  return { url: Buffer.from(url), headers: Object.entries(headers).map(([k, v]) => [k, Buffer.from(v, 'latin1')]) };
}

/**
 * Clean traffic as a busy shop sees it: `sessions` clients take turns, each with its own cookie
 * header, three browsers between them. Each engine gets a fresh detector (or its per-request
 * context), two untimed rounds through every session, then batches of requests built from bytes
 * just before they are timed.
 */
function benchCleanTraffic(waf: Waf, quick: boolean): NonNullable<DetectBenchResult['cleanTraffic']> {
  const requestsPerBatch = 1000;
  const batches = quick ? 20 : 200;
  const rows: CleanTrafficRow[] = [];
  // The last row: an API whose paths carry ids, 20,000 of them, and 300 user agents.
  const cases = [1, 100, 1000, 4000, 10_000].map((sessions) => ({ sessions, api: undefined as { paths: number; agents: string[] } | undefined }));
  cases.push({ sessions: 100, api: { paths: 20_000, agents: manyAgents(300) } });
  for (const { sessions, api } of cases) {
    // Each session (or path) twice, and every page of the query among them.
    const cycle = Math.max(sessions, 7, api?.paths ?? 0) * 2;
    const shapes = Array.from({ length: cycle }, (_, i) => browserRequest(i % sessions, i, api));
    const build = (start: number): CorpusEntry[] => {
      const batch: CorpusEntry[] = new Array(requestsPerBatch);
      for (let k = 0; k < requestsPerBatch; k++) {
        const shape = shapes[(start + k) % cycle] as ReturnType<typeof browserRequest>;
        const headers: Record<string, string> = {};
        for (const [name, value] of shape.headers) headers[name] = value.toString('latin1');
        const url = shape.url.toString('latin1');
        const q = url.indexOf('?');
        batch[k] = { label: 'benign', method: 'GET', path: url.slice(0, q), query: url.slice(q + 1), headers };
      }
      return batch;
    };
    const detector = createDetector();
    const secotel = (batch: CorpusEntry[]) => {
      for (const request of batch) detector.detect(request);
    };
    const libddwaf = (batch: Record<string, unknown>[]) => {
      for (const addresses of batch) {
        const context = waf.createContext();
        context.run({ persistent: addresses }, 5000);
        context.dispose();
      }
    };
    const measure = <T>(engine: (batch: T[]) => void, prepare: (batch: CorpusEntry[]) => T[]): number => {
      for (let start = 0; start < cycle; start += requestsPerBatch) engine(prepare(build(start)));
      const perBatch = new Float64Array(batches);
      for (let b = 0; b < batches; b++) {
        const batch = prepare(build(b * requestsPerBatch));
        const t0 = process.hrtime.bigint();
        engine(batch);
        perBatch[b] = Number(process.hrtime.bigint() - t0) / requestsPerBatch;
      }
      return percentile(perBatch.sort(), 0.5);
    };
    rows.push({
      sessions,
      ...(api === undefined ? {} : { apiPaths: api.paths, userAgents: api.agents.length }),
      secotelNs: measure(secotel, (batch) => batch),
      // dd-trace hands libddwaf the query parsed, as the main corpus does.
      libddwafNs: measure(libddwaf, (batch) => batch.map((r) => wafAddresses({ ...r, query: Object.fromEntries(new URLSearchParams(r.query as string)) }))),
    });
    process.stdout.write(`PROGRESS detection (clean traffic) ${sessions} sessions${api === undefined ? '' : `, ${api.paths} API paths`}\n`);
  }
  return { requestsPerBatch, batches, rows };
}

function describe(entry: CorpusEntry): string {
  return `${entry.method ?? 'GET'} ${entry.path ?? '/'} (${entry.note ?? 'no note'})`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const passes = quick ? 2 : 5;
  const warmupPasses = quick ? 2 : 5;
  const warmupCpuSeconds = quick ? 0.5 : 4;
  const repoRoot = join(import.meta.dirname, '..', '..', '..');
  const { DDWAF } = require('@datadog/native-appsec') as NativeAppsec;
  const rulesFile = join(dirname(require.resolve('dd-trace/package.json')), 'packages', 'dd-trace', 'src', 'appsec', 'recommended.json');
  const rules = JSON.parse(readFileSync(rulesFile, 'utf8')) as object;
  // dd-trace's own configuration path for the default rules.
  const waf = new DDWAF(rules, 'datadog/00/ASM_DD/default/config');
  const env = { repoRoot, passes, warmupPasses, warmupCpuSeconds, waf, libddwafVersion: DDWAF.version(), rulesFile };
  const result: DetectBenchResult = benchCorpus('packages/detect/corpus', loadCorpus(join(repoRoot, 'packages', 'detect', 'corpus')), env);
  const external = loadExternalCorpus(join(repoRoot, '..', 'shared', 'corpora', 'external-dev'));
  if (external !== undefined) result.external = benchCorpus('../shared/corpora/external-dev (third-party dev set)', external, env);
  result.cleanTraffic = benchCleanTraffic(waf, quick);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

interface BenchEnv {
  repoRoot: string;
  passes: number;
  warmupPasses: number;
  warmupCpuSeconds: number;
  waf: Waf;
  libddwafVersion: string;
  rulesFile: string;
}

function benchCorpus(name: string, corpus: CorpusEntry[], { repoRoot, passes, warmupPasses, warmupCpuSeconds, waf, libddwafVersion, rulesFile }: BenchEnv): DetectCorpusResult {
  const n = corpus.length;
  const detector = createDetector();
  // dd-trace's default timeout (µs).
  const WAF_TIMEOUT_US = 5000;
  const wafInputs = corpus.map(wafAddresses);

  const secotelFlags: (string[] | undefined)[] = new Array(n);
  const wafFlags: (string[] | undefined)[] = new Array(n);
  let wafTimeouts = 0;

  const runSecotel = (i: number, record: boolean) => {
    const findings = detector.detect(corpus[i] as CorpusEntry);
    if (record) secotelFlags[i] = findings.map((f) => f.rule.category);
  };
  const runWaf = (i: number, record: boolean) => {
    const context = waf.createContext();
    const result = context.run({ persistent: wafInputs[i] as Record<string, unknown> }, WAF_TIMEOUT_US);
    context.dispose();
    if (!record) return;
    if (result.timeout) wafTimeouts++;
    wafFlags[i] = (result.events ?? []).map((e) => WAF_TYPE_TO_CATEGORY[e.rule.tags.type] ?? e.rule.tags.type);
  };

  // Warm-up. The first pass records the verdicts (both engines are deterministic) and, timed by
  // CPU, is the cold cost. V8 keeps tiering up functions that only a few records reach (TurboFan
  // compiles of 10-60 ms each) for tens of passes over a corpus of this size, and that one-time
  // work counts in the CPU time of the pass it falls in (pinned to one CPU, as here, it also
  // preempts the engine). So each engine runs at least `warmupPasses` and at least
  // `warmupCpuSeconds` of CPU before timing (about a million calls on the dev set, what a busy
  // service makes in its first minutes), by when the dev set's mean per pass has stopped falling
  // (measured pinned: 10.4 µs over the first 10 passes, 3.3 by the 50th, 3.0 by the 100th). The
  // same budget holds for both engines; the cold first pass is reported beside it.
  const warm = (engine: (i: number, record: boolean) => void): { passes: number; firstPassCpuUs: number } => {
    let firstPassCpuUs = 0;
    let spentUs = 0;
    let w = 0;
    for (; w < warmupPasses || spentUs < warmupCpuSeconds * 1e6; w++) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < n; i++) engine(i, w === 0);
      const used = process.cpuUsage(cpu);
      spentUs += used.user + used.system;
      if (w === 0) firstPassCpuUs = spentUs / n;
    }
    return { passes: w, firstPassCpuUs };
  };
  const warmup = { cpuSeconds: warmupCpuSeconds, secotel: warm(runSecotel), libddwaf: warm(runWaf) };
  process.stdout.write(`PROGRESS detection (${name}) warm-up: secotel ${warmup.secotel.passes} passes, libddwaf ${warmup.libddwaf.passes}\n`);

  // What reading the clock costs, to take it out of per-request times.
  const overheadSamples = new Float64Array(10_000);
  for (let i = 0; i < overheadSamples.length; i++) {
    const t0 = process.hrtime.bigint();
    overheadSamples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const timerOverheadUs = percentile(overheadSamples.sort(), 0.5);

  const secotelSamples = new Float64Array(n * passes);
  const wafSamples = new Float64Array(n * passes);
  let secotelCpu = 0;
  let wafCpu = 0;
  const pass = (engine: (i: number, record: boolean) => void, samples: Float64Array, p: number): number => {
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      engine(i, false);
      samples[p * n + i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    const used = process.cpuUsage(cpu);
    return used.user + used.system;
  };
  for (let p = 0; p < passes; p++) {
    // Alternate which engine goes first, so neither always runs on a cache the other warmed.
    if (p % 2 === 0) {
      secotelCpu += pass(runSecotel, secotelSamples, p);
      wafCpu += pass(runWaf, wafSamples, p);
    } else {
      wafCpu += pass(runWaf, wafSamples, p);
      secotelCpu += pass(runSecotel, secotelSamples, p);
    }
    process.stdout.write(`PROGRESS detection (${name}) pass ${p + 1}/${passes}\n`);
  }

  const secotelScore = score(corpus, secotelFlags);
  const wafScore = score(corpus, wafFlags);
  const fpSamples = (flags: (string[] | undefined)[]) =>
    corpus
      .map((e, i) => (e.label === 'benign' && (flags[i]?.length ?? 0) > 0 ? `${describe(e)} -> ${[...new Set(flags[i])].join(',')}` : undefined))
      .filter((x): x is string => x !== undefined)
      .slice(0, 10);
  const slowest = (samples: Float64Array) => {
    const perRequest = corpus.map((entry, i) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let p = 0; p < passes; p++) fastest = Math.min(fastest, samples[p * n + i] ?? Number.POSITIVE_INFINITY);
      return { request: `${describe(entry)} [${entry.label === 'attack' ? entry.category : 'benign'}]`, us: Math.round((fastest - timerOverheadUs) * 10) / 10 };
    });
    return perRequest.sort((a, b) => b.us - a.us).slice(0, 10);
  };
  const diagnostics = waf.diagnostics;
  return {
    corpus: {
      name,
      attacks: corpus.filter((e) => e.label === 'attack').length,
      benign: corpus.filter((e) => e.label === 'benign').length,
      categories: [...new Set(corpus.filter((e) => e.label === 'attack').map((e) => e.category ?? 'unknown'))].sort(),
    },
    passes,
    warmup,
    timerOverheadUs,
    waf: {
      libddwafVersion,
      rulesVersion: diagnostics.ruleset_version,
      rulesLoaded: diagnostics.rules?.loaded?.length ?? 0,
      rulesFailed: diagnostics.rules?.failed?.length ?? 0,
      timeouts: wafTimeouts,
      rulesFile: rulesFile.slice(repoRoot.length + 1),
    },
    secotel: { ...timing(secotelSamples, secotelCpu, timerOverheadUs, passes), ...secotelScore },
    libddwaf: { ...timing(wafSamples, wafCpu, timerOverheadUs, passes), ...wafScore },
    slowest: { secotel: slowest(secotelSamples), libddwaf: slowest(wafSamples) },
    falsePositiveSamples: { secotel: fpSamples(secotelFlags), libddwaf: fpSamples(wafFlags) },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
