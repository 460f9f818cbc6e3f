// The run as Markdown: printed to the terminal, written beside the JSON, pasted into the README.
import { pct, signedMiB } from './targets.ts';
import type { CleanTrafficRow, DetectBenchResult, DetectCorpusResult } from '../detect/detect-bench.ts';
import type { MemoryBenchResult, Spread } from '../memory/memory-bench.ts';
import type { BenchReport } from './types.ts';

const fixed = (value: number | undefined, digits: number) => (value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const int = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? 'n/a' : Math.round(value).toLocaleString('en-US'));

function cell(value: unknown): string {
  if (typeof value !== 'number') return String(value ?? '');
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}

function table(header: string[], rows: string[][], align?: string[]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${(align ?? header.map(() => '---')).map((a) => a).join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderMarkdown(report: BenchReport): string {
  const out: string[] = [];
  const env = report.environment;
  out.push(`## secotel benchmark: ${report.kind} run, ${report.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push('');
  out.push(
    `Node.js ${env.node} on ${env.cpus} × ${env.cpuModel}, ${env.memoryGiB} GiB; ` +
      (env.pinned ? `application pinned to CPU ${env.appCpu}, load generator and sinks to CPU ${env.loadCpu} (taskset). ` : 'no CPU pinning (taskset or a second CPU missing). ') +
      `Load average at start ${env.loadAverageStart.map((l) => l.toFixed(2)).join(' / ')}. ` +
      `Commit ${env.gitCommit}${env.gitDirty ? ' (with uncommitted changes)' : ''}. Took ${Math.round(report.durationSeconds)} s. Reproduce: \`${report.command}\`.`,
  );
  if (report.kind === 'quick') out.push('', '**Quick mode**: short runs, fewer rounds, a scaled-down scale test and 20,000 instead of 100,000 requests in the memory section; for a smoke check, not for conclusions.');

  const http = report.http;
  if (http !== undefined) {
    const s = http.settings;
    out.push('', `### 1. HTTP overhead`, '');
    out.push(
      `One \`node:http\` app (a JSON route, and a route that calls \`securityEvent()\` on 10 % of requests), autocannon with ${s.connections} connections in a separate process; ` +
        `${s.rounds} interleaved round${s.rounds === 1 ? '' : 's'} of ${s.durationSeconds} s after ${s.warmupSeconds} s warm-up, a fresh process per run. ` +
        `req/s and latencies are medians over rounds; ratios are medians of the per-round paired ratios. ` +
        `App CPU is the application's own CPU time per request (less sensitive to a shared machine than req/s); "app CPU busy" is the share of its CPU the app got while measured (well below 100 % means other processes took the CPU, or the load generator could not keep up).`,
    );
    out.push('');
    out.push(
      table(
        ['mode', 'req/s', 'p50 ms', 'p99 ms', '× bare', '× OTel', '× secotel', 'p99 × OTel', 'app CPU µs/req', 'CPU/req × OTel', 'app CPU busy', 'verified active'],
        http.summary.map((m) => [
          m.label,
          int(m.rps),
          fixed(m.p50Ms, 2),
          fixed(m.p99Ms, 2),
          ratio(m.rpsVsBare),
          ratio(m.rpsVsOtel),
          ratio(m.rpsVsSecotel),
          ratio(m.p99VsOtel),
          fixed(m.appCpuUsPerRequest, 0),
          ratio(m.cpuVsOtel),
          m.appCpuShare === undefined ? 'n/a' : `${Math.round(m.appCpuShare * 100)} %`,
          m.verified,
        ]),
        ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', ':-:'],
      ),
    );
    out.push('', 'Verification (what each mode was seen to do):', '');
    for (const m of http.summary) out.push(`- **${m.label}**: ${m.verification}`);
    const profiled = http.summary.filter((m) => m.profile !== undefined);
    if (profiled.length > 0) {
      out.push('', "Where each app's busy time went (`--cpu-prof`, self time by package, last round):", '');
      const share = (x: number) => `${(x * 100).toFixed(0)} %`;
      for (const m of profiled) {
        const p = m.profile;
        if (p === undefined) continue;
        out.push(`- **${m.label}**: ${p.packages.slice(0, 8).map((b) => `${b.name} ${share(b.share)}`).join(', ')}`);
      }
    }
  }

  const emit = report.emit;
  if (emit !== undefined) {
    const raw = emit.contenders.find((c) => c.id === 'otel-emit');
    out.push('', '### 2. Event emission', '');
    out.push(
      `One \`authn_login_fail\` with 6 attributes (one redacted by key, a JWT), a message and the default threshold rule; same LoggerProvider ` +
        `(BatchLogRecordProcessor into a counting no-op exporter) for both OpenTelemetry rows; pino with \`redact\` to /dev/null. ` +
        `CPU ns/event: median of ${emit.settings.repetitions} × ${emit.settings.perRepetition.toLocaleString('en-US')} events; bytes/event from GC-free windows (\`--expose-gc\`).`,
    );
    out.push('');
    out.push(
      table(
        ['', 'CPU ns/event', 'wall ns/event', 'bytes allocated/event', '× logger.emit()'],
        emit.contenders.map((c) => [c.label, int(c.nsPerEvent), int(c.wallNsPerEvent), int(c.bytesPerEvent), raw === undefined ? 'n/a' : ratio(c.nsPerEvent / raw.nsPerEvent)]),
        ['---', '--:', '--:', '--:', '--:'],
      ),
    );
  }

  const detect = report.detect;
  if (detect !== undefined) {
    out.push('', '### 3. Detection', '');
    renderDetectCorpus(out, detect);
    if (detect.external !== undefined) {
      out.push('');
      renderDetectCorpus(out, detect.external);
    }
    if (detect.cleanTraffic !== undefined) renderCleanTraffic(out, detect.cleanTraffic);
  }

  const scale = report.scale;
  if (scale !== undefined) {
    out.push('', '### 4. Scale', '');
    out.push(
      `${scale.requests.toLocaleString('en-US')} requests from ${scale.clients.toLocaleString('en-US')} distinct client addresses${scale.scaledDown ? ' (**scaled down** from 1,000,000 / 100,000 in quick mode)' : ''}, round-robin; ` +
        `${scale.method}. 90 % 404s (per-client flood counters, cap ${scale.limits.maxTrackedClients.toLocaleString('en-US')}), 10 % 401 on the login route (SDK thresholds per client, cap ${scale.limits.thresholdMaxKeys.toLocaleString('en-US')}). ` +
        `${fixed(scale.usPerRequest, 1)} µs per request. Memory after forced GC:`,
    );
    out.push('');
    out.push(table(['after requests', 'RSS MiB', 'heap used MiB'], scale.checkpoints.map((c) => [c.requests.toLocaleString('en-US'), fixed(c.rssMiB, 1), fixed(c.heapUsedMiB, 1)]), ['--:', '--:', '--:']));
    out.push('', `Heap growth from the first quarter to the end: ${fixed(scale.heapGrowthAfterQuarterMiB, 1)} MiB. Events: ${Object.entries(scale.events).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}.`);
  }

  if (report.memory !== undefined) renderMemory(out, report.memory);

  const spool = report.spool;
  if (spool !== undefined) {
    out.push('', '### 6. Spool (packages/spool/bench)', '', spool.note);
    if (spool.rows.length > 0) {
      const keys = [...new Set(spool.rows.flatMap((r) => Object.keys(r)))].slice(0, 8);
      out.push('', table(keys, spool.rows.map((r) => keys.map((k) => cell(r[k])))));
    }
  }

  const profiles = Object.entries(report.profiles ?? {});
  if (profiles.length > 0) {
    out.push('', '### Profiles (`--cpu-prof`, self time)', '');
    for (const [section, p] of profiles) {
      if (p === undefined) continue;
      out.push(`- **${section}** by package: ${p.packages.slice(0, 8).map((b) => `${b.name} ${(b.share * 100).toFixed(0)} %`).join(', ')}`);
      out.push(`  by function: ${p.functions.slice(0, 6).map((b) => `${b.name.slice(0, 80)} ${(b.share * 100).toFixed(0)} %`).join(', ')}`);
    }
  }

  out.push('', '### Targets', '');
  out.push(table(['target', 'measured', ''], report.targets.map((t) => [t.target, t.measured, t.pass === undefined ? 'not run' : t.pass ? 'PASS' : 'MISS'])));
  const errors = Object.entries(report.errors);
  if (errors.length > 0) {
    out.push('', '### Errors', '');
    for (const [section, message] of errors) out.push(`- ${section}: ${message.split('\n').slice(0, 3).join(' ')}`);
  }
  return out.join('\n') + '\n';
}

/**
 * The README's "Performance" section for a run: the main tables only, with links to the full
 * report. `npm run bench -- --report=<json> --readme` prints it.
 */
export function renderReadmeSection(report: BenchReport, jsonPath: string): string {
  const out: string[] = [];
  const env = report.environment;
  const base = jsonPath.replace(/\.json$/, '');
  out.push('## Performance', '');
  out.push(
    '`npm run bench` runs the benchmark suite on loopback (about 19 minutes on 2 cores, the build included; `npm run bench -- --quick` is a 3.5-minute smoke check) and writes ' +
      '`bench/results/<stamp>-<full|quick>.{json,md,svg}`; [bench/README.md](bench/README.md) explains the method, and every peer is checked to be really active in each run.',
  );
  out.push('');
  out.push(
    `Latest full run: ${report.startedAt.slice(0, 10)}, commit ${env.gitCommit}, Node.js ${env.node}, ${env.cpus} shared vCPUs (${env.cpuModel}), ` +
      `load average ${env.loadAverageStart[0]?.toFixed(2) ?? '?'} at start; full report [${base.split('/').pop()}.md](${base}.md), data [.json](${jsonPath}).`,
  );
  const http = report.http;
  if (http !== undefined) {
    out.push('', `![HTTP throughput relative to bare node:http](${base}.svg)`, '');
    out.push(
      table(
        ['HTTP mode', 'req/s', 'p50 ms', 'p99 ms', '× bare', '× OTel', '× secotel', 'app CPU µs/req'],
        http.summary.map((m) => [m.label, int(m.rps), fixed(m.p50Ms, 2), fixed(m.p99Ms, 2), ratio(m.rpsVsBare), ratio(m.rpsVsOtel), ratio(m.rpsVsSecotel), fixed(m.appCpuUsPerRequest, 0)]),
        ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
      ),
    );
    out.push(
      '',
      `${http.settings.rounds} interleaved rounds of ${http.settings.durationSeconds} s per mode, app and load generator pinned to different CPUs; ratios are medians of per-round paired ratios. ` +
        'On shared cores single runs vary a lot; app CPU per request is the steadier measure of cost.',
    );
  }
  const emit = report.emit;
  const detect = report.detect;
  if (emit !== undefined || detect !== undefined) out.push('');
  if (emit !== undefined) {
    const raw = emit.contenders.find((c) => c.id === 'otel-emit');
    out.push(
      table(
        ['one security event', 'CPU ns/event', 'bytes/event', '× logger.emit()'],
        emit.contenders.map((c) => [c.label, int(c.nsPerEvent), int(c.bytesPerEvent), raw === undefined ? 'n/a' : ratio(c.nsPerEvent / raw.nsPerEvent)]),
        ['---', '--:', '--:', '--:'],
      ),
    );
  }
  for (const d of detect === undefined ? [] : [detect, ...(detect.external === undefined ? [] : [detect.external])]) {
    out.push('');
    out.push(
      table(
        [`detection, \`${d.corpus.name}\`, ${d.corpus.attacks} attacks + ${d.corpus.benign} benign requests`, 'mean µs', 'p50 µs', 'p99 µs', 'recall (same category)', 'false positives'],
        (['secotel', 'libddwaf'] as const).map((id) => {
          const e = d[id];
          return [id === 'secotel' ? '@secotel/detect' : `libddwaf ${d.waf.libddwafVersion} (dd-trace rules ${d.waf.rulesVersion ?? '?'})`, fixed(e.meanUs, 1), fixed(e.p50Us, 1), fixed(e.p99Us, 1), pct(e.categoryRecall), pct(e.falsePositiveRate)];
        }),
        ['---', '--:', '--:', '--:', '--:', '--:'],
      ),
    );
  }
  const clean = detect?.cleanTraffic;
  if (clean !== undefined && clean.rows.length > 0) {
    const sessions = clean.rows.filter((r) => r.apiPaths === undefined).map((r) => `${int(r.secotelNs)} ns at ${int(r.sessions)}`).join(', ');
    const api = clean.rows.find((r) => r.apiPaths !== undefined);
    const waf = clean.rows.map((r) => r.libddwafNs).sort((a, b) => a - b)[clean.rows.length >> 1] as number;
    out.push('', `Clean browser requests, headers as fresh strings (as a server builds them), by sessions taking turns: @secotel/detect ${sessions} sessions` +
        (api === undefined ? '' : `, and ${int(api.secotelNs)} ns with ${int(api.apiPaths)} distinct API paths and ${int(api.userAgents)} user agents taking turns`) +
        `; libddwaf about ${fixed(waf / 1000, 0)} µs at every count (full report, section 3).`);
  }
  const scale = report.scale;
  if (scale !== undefined) {
    const first = scale.checkpoints.find((c) => c.requests > 0);
    const last = scale.checkpoints.at(-1);
    out.push(
      '',
      `Scale: after ${scale.requests.toLocaleString('en-US')} requests from ${scale.clients.toLocaleString('en-US')} client addresses (the HTTP hooks driven in-process), ` +
        `heap ${fixed(first?.heapUsedMiB, 1)} MiB at ${first?.requests.toLocaleString('en-US') ?? '?'} requests and ${fixed(last?.heapUsedMiB, 1)} MiB at the end, RSS ${fixed(last?.rssMiB, 0)} MiB` +
        (scale.heapGrowthAfterQuarterMiB <= 2 ? ': no growth after the first quarter, per-client state stays within its caps.' : `: the heap still grew by ${fixed(scale.heapGrowthAfterQuarterMiB, 1)} MiB after the first quarter.`),
    );
  }
  const memory = report.memory;
  const otel = memory?.summary.find((m) => m.id === 'otel');
  const secotel = memory?.summary.find((m) => m.id === 'secotel');
  if (memory !== undefined && otel !== undefined && secotel !== undefined) {
    out.push(
      '',
      `Memory: after ${memory.settings.requests.toLocaleString('en-US')} requests of the HTTP app (young generation fixed at 2 × ${memory.settings.semiSpaceMiB} MiB in every mode), plain OpenTelemetry RSS ${fixed(otel.after.rssMiB, 0)} MiB, heap used ${fixed(otel.after.heapUsedMiB, 1)} MiB; ` +
        `secotel (audit security) RSS ${fixed(secotel.after.rssMiB, 0)} MiB, heap used ${fixed(secotel.after.heapUsedMiB, 1)} MiB: ${spreadMiB(secotel.vsOtelAfter?.rssMiB)} MiB RSS, ${spreadMiB(secotel.vsOtelAfter?.heapUsedMiB)} MiB heap (median, range over ${memory.settings.rounds} rounds); ` +
        `secotel's heap grew ${spreadMiB(secotel.secondHalfGrowth.heapUsedMiB)} MiB over the second half of the requests.`,
    );
  }
  out.push('', table(['target', 'measured', ''], report.targets.map((t) => [t.target, t.measured, t.pass === undefined ? 'not run' : t.pass ? 'PASS' : 'MISS'])));
  out.push('', 'Reproduce: `npm install && npm run bench`.');
  return out.join('\n') + '\n';
}

const spreadMiB = (s: Spread | undefined) => (s === undefined ? 'n/a' : `${signedMiB(s.median)} (${signedMiB(s.min)} to ${signedMiB(s.max)})`);

function renderMemory(out: string[], memory: MemoryBenchResult): void {
  const s = memory.settings;
  out.push('', '### 5. Memory', '');
  out.push(
    `The HTTP section's app, request mix (${s.connections} connections) and load generator; a fresh app per run, ${s.rounds} interleaved rounds. ` +
      `Idle: after start, the probes and ${s.warmupRequests} warm-up requests; after: ${s.requests.toLocaleString('en-US')} more requests (a reading at half way too). ` +
      `Each reading, on a signal to a preload (no request involved): telemetry queues flushed, 0.5 s settle, full GCs (\`--expose-gc\`), then \`process.memoryUsage()\`. ` +
      `Young generation fixed at 2 × ${s.semiSpaceMiB} MiB semi-spaces in every mode (V8's default maximum here, which sustained load reaches anyway), so that runs of any length compare the same young generation. ` +
      'Medians over rounds, MiB; differences are paired per round, median (min to max).',
  );
  out.push('');
  out.push(
    table(
      ['mode', 'idle RSS', 'idle heap used', 'RSS', 'RSS anon / file', 'heap used', 'heap total', 'external', 'array buffers', 'verified active'],
      memory.summary.map((m) => [
        m.label,
        fixed(m.idle.rssMiB, 1),
        fixed(m.idle.heapUsedMiB, 1),
        fixed(m.after.rssMiB, 1),
        `${fixed(m.after.rssAnonMiB, 1)} / ${fixed(m.after.rssFileMiB, 1)}`,
        fixed(m.after.heapUsedMiB, 1),
        fixed(m.after.heapTotalMiB, 1),
        fixed(m.after.externalMiB, 1),
        fixed(m.after.arrayBuffersMiB, 1),
        m.verified,
      ]),
      ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:', ':-:'],
    ),
  );
  out.push('');
  out.push(
    table(
      ['mode', 'RSS − OTel', 'heap used − OTel', 'idle RSS − OTel', 'idle heap − OTel', 'RSS growth (idle → after)', 'heap growth (idle → after)', 'RSS growth, second half', 'heap growth, second half'],
      memory.summary.map((m) => [
        m.label,
        spreadMiB(m.vsOtelAfter?.rssMiB),
        spreadMiB(m.vsOtelAfter?.heapUsedMiB),
        spreadMiB(m.vsOtelIdle?.rssMiB),
        spreadMiB(m.vsOtelIdle?.heapUsedMiB),
        spreadMiB(m.growth.rssMiB),
        spreadMiB(m.growth.heapUsedMiB),
        spreadMiB(m.secondHalfGrowth.rssMiB),
        spreadMiB(m.secondHalfGrowth.heapUsedMiB),
      ]),
      ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
    ),
  );
  const failed = memory.summary.filter((m) => m.verified !== `${m.runs}/${m.runs}` || m.runs < s.rounds);
  for (const m of failed) out.push('', `- **${m.label}**: ${m.runs}/${s.rounds} runs measured, verified ${m.verified}: ${m.verification.replace(/\s+/g, ' ')}`);
}

function cleanTrafficLabel(r: CleanTrafficRow): string {
  return r.apiPaths === undefined ? int(r.sessions) : `${int(r.sessions)}, with ${int(r.apiPaths)} API paths (\`/api/items/<n>\`) and ${int(r.userAgents)} user agents`;
}

function renderCleanTraffic(out: string[], clean: NonNullable<DetectBenchResult['cleanTraffic']>): void {
  out.push(
    '',
    `Clean browser requests (seven headers, a session cookie, an analytics cookie on every other session, a query string), each header a fresh string as a server builds it, with this many sessions taking turns; ` +
      `a fresh detector per row, two untimed rounds through every session, then the median of ${clean.batches} batches of ${clean.requestsPerBatch} (inputs built before each batch is timed). ` +
      'A detector remembers the verdicts of up to 4,096 cookie headers, 1,024 header values and 1,024 paths.' +
      (clean.rows.some((r) => r.apiPaths !== undefined) ? ' The API row: each request has its own id in the path, and the user agent changes from request to request.' : ''),
    '',
    table(
      ['sessions', '@secotel/detect ns/request', 'libddwaf ns/request', 'libddwaf ÷ @secotel/detect'],
      clean.rows.map((r) => [cleanTrafficLabel(r), int(r.secotelNs), int(r.libddwafNs), `${fixed(r.libddwafNs / r.secotelNs, 1)}×`]),
      ['--:', '--:', '--:', '--:'],
    ),
  );
}

function renderDetectCorpus(out: string[], detect: DetectCorpusResult): void {
  out.push(
    `Every request of \`${detect.corpus.name}\` (${detect.corpus.attacks} attacks in ${detect.corpus.categories.length} categories, ${detect.corpus.benign} benign), ${detect.passes} timed passes per engine, same process. ` +
      `libddwaf ${detect.waf.libddwafVersion} via @datadog/native-appsec with dd-trace's recommended rules ${detect.waf.rulesVersion ?? '?'} (${detect.waf.rulesLoaded} rules loaded, ${detect.waf.rulesFailed} failed, ${detect.waf.timeouts} timeouts at 5 ms); ` +
      `per request: context, run with every address at once, dispose. Times exclude building the inputs; timer overhead (${detect.timerOverheadUs.toFixed(2)} µs) subtracted. ` +
      `Recall counts an attack found by any rule; "same category" needs a rule of the attack's own category.` +
      (detect.warmup === undefined
        ? ''
        : ` Before timing, each engine ran for at least ${detect.warmup.cpuSeconds} s of CPU so that V8 had tiered the code up (@secotel/detect ${detect.warmup.secotel.passes} passes, libddwaf ${detect.warmup.libddwaf.passes}). ` +
          `Cold, the first pass cost ${fixed(detect.warmup.secotel.firstPassCpuUs, 1)} µs CPU per request for @secotel/detect and ${fixed(detect.warmup.libddwaf.firstPassCpuUs, 1)} for libddwaf.`),
  );
  out.push('');
  out.push(
    table(
      ['engine', 'mean µs', 'p50 µs', 'p99 µs', 'CPU mean µs', 'recall', 'recall (same category)', 'false positives'],
      (['secotel', 'libddwaf'] as const).map((id) => {
        const e = detect[id];
        return [id === 'secotel' ? '@secotel/detect' : 'libddwaf (dd-trace rules)', fixed(e.meanUs, 1), fixed(e.p50Us, 1), fixed(e.p99Us, 1), fixed(e.cpuMeanUs, 1), pct(e.recall), pct(e.categoryRecall), `${pct(e.falsePositiveRate)} (${e.falsePositives})`];
      }),
      ['---', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
    ),
  );
  out.push('');
  out.push(
    table(
      ['category', 'attacks', '@secotel/detect', 'libddwaf', 'libddwaf (same category)'],
      detect.corpus.categories.map((c) => {
        const s = detect.secotel.perCategory[c];
        const w = detect.libddwaf.perCategory[c];
        return [c, String(s?.total ?? 0), pct((s?.detected ?? 0) / (s?.total ?? 1)), pct((w?.detected ?? 0) / (w?.total ?? 1)), pct((w?.categoryDetected ?? 0) / (w?.total ?? 1))];
      }),
      ['---', '--:', '--:', '--:', '--:'],
    ),
  );
  const fpLine = (e: typeof detect.secotel) => (e.falsePositives === 0 ? 'none' : Object.entries(e.falsePositivesByCategory).sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c} ${k}`).join(', '));
  out.push('', `- False positives by the category claimed: @secotel/detect ${fpLine(detect.secotel)}; libddwaf ${fpLine(detect.libddwaf)}.`);
  out.push(`- Slowest requests for @secotel/detect (µs, fastest of the passes): ${detect.slowest.secotel.slice(0, 10).map((s) => `${s.request} ${s.us}`).join('; ')}.`);
  out.push(`- Slowest for libddwaf: ${detect.slowest.libddwaf.slice(0, 3).map((s) => `${s.request} ${s.us}`).join('; ')}.`);
}
