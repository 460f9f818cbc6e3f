// Where one securityEvent() spends its time: the emit bench's event in a loop, profiled with the
// V8 CPU profiler (the same sampler as `node --cpu-prof`, started after warm-up so start-up and
// compilation stay out), then split into secotel's parts and the OpenTelemetry SDK's.
//
//   node src/emit/emit-profile.ts [--traced] [--events=N] [--sdk=<path to an SDK build's index.js>] [--save=<file.cpuprofile>]
//
// --traced: a MeterProvider, an AsyncLocalStorage context manager, one recording span per event
// and spanEvents: true (so the span event and the metric are real); default: like emit-bench.ts's
// first row (a LoggerProvider only: no span, the metric into the no-op provider). --sdk compares
// another build.
// Each sample counts once, for the innermost part on its stack; shares are of busy time.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { context, logs, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type * as Sdk from '@secotel/sdk';
import { inSpan, secotelEmit } from './workload.ts';

const { values } = parseArgs({
  options: {
    traced: { type: 'boolean', default: false },
    events: { type: 'string', default: '300000' },
    sdk: { type: 'string' },
    save: { type: 'string' },
  },
});
const sdk = (await import(values.sdk ?? '@secotel/sdk')) as typeof Sdk;

const exporter: LogRecordExporter = {
  export: (_records, done: (result: ExportResult) => void) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};
const loggerProvider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
logs.setGlobalLoggerProvider(loggerProvider);
let meterProvider: MeterProvider | undefined;
if (values.traced) {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new TracerProvider({ sampler: new AlwaysOnSampler() }));
  const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 1000 });
  meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
}
sdk.initSecurity({ spanEvents: values.traced === true });
const tracer = trace.getTracer('bench');

const emit = secotelEmit(sdk.securityEvent);
const one = values.traced ? inSpan(tracer, emit) : emit;

async function run(count: number, offset: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < count; i += 256) {
    const end = Math.min(count, i + 256);
    for (let j = i; j < end; j++) one(offset + j);
    await yieldToLoop();
  }
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / count;
}

const events = Number(values.events);
await run(Math.min(100_000, events), 0);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const nsPerEvent = await run(events, 1_000_000);
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (values.save !== undefined) writeFileSync(values.save, JSON.stringify(profile));

// The parts, innermost first wins. Patterns match "functionName url".
const PARTS: readonly { part: string; pattern: RegExp }[] = [
  { part: 'redaction (secret scan, escaping)', pattern: /^(text|valueText|attributeOfKnownKey|attribute|sanitise|redact|scan|redactCards|firstUnsafeCharacter|escapeFrom) .*\/(redact|redact-secrets|redact-escape)\.[jt]s$/ },
  { part: 'threshold counting', pattern: /^(applyThresholds|hit|record|evict) .*\/(emitter|thresholds)\.[jt]s$|lru-cache/ },
  { part: 'metric counter', pattern: /^count .*\/emitter\.[jt]s$|^(add|_record|record) .*sdk-metrics/ },
  { part: 'span event (SDK addEvent)', pattern: /^addEvent .*sdk-trace/ },
  { part: 'event id', pattern: /^(nextEventId|nextBlock|randomUUID|getBufferedUUID|serializeUUID|randomFillSync) / },
  { part: 'hash chain (seal)', pattern: /^(seal|append) .*\/chain\.[jt]s$/ },
  { part: 'OpenTelemetry logger.emit() (LogRecord, attribute copy, processor)', pattern: /^emit .*sdk-logs.*Logger\.|^onEmit / },
  { part: 'secotel: field loop, key checks, plans, scope, record assembly', pattern: /^securityEvent .*\/index\.[jt]s$/ },
];

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
const nodes = new Map<number, Node>((profile.nodes as Node[]).map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of nodes.values()) for (const child of n.children ?? []) parent.set(child, n.id);
const partOf = new Map<number, string>();
function classify(id: number): string {
  const cached = partOf.get(id);
  if (cached !== undefined) return cached;
  const node = nodes.get(id) as Node;
  const name = node.callFrame.functionName;
  let part: string;
  if (name === '(garbage collector)') part = 'garbage collection';
  else if (name === '(idle)') part = '(idle)';
  else {
    const key = `${name} ${node.callFrame.url}`;
    const own = PARTS.find((p) => p.pattern.test(key))?.part;
    const up = parent.get(id);
    part = own ?? (up === undefined ? 'harness, timers, other' : classify(up));
  }
  partOf.set(id, part);
  return part;
}
const time = new Map<string, number>();
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
let busy = 0;
for (let i = 0; i < samples.length; i++) {
  const part = classify(samples[i] as number);
  if (part === '(idle)') continue;
  const delta = deltas[i] ?? 0;
  busy += delta;
  time.set(part, (time.get(part) ?? 0) + delta);
}
process.stdout.write(`${values.traced ? 'traced' : 'logs only'}, ${values.sdk ?? '@secotel/sdk'}: ${Math.round(nsPerEvent)} ns CPU per event (profiler on)\n`);
for (const [part, t] of [...time].sort((a, b) => b[1] - a[1])) {
  const share = t / busy;
  process.stdout.write(`${(share * 100).toFixed(1).padStart(5)} %  ${String(Math.round(share * nsPerEvent)).padStart(5)} ns  ${part}\n`);
}
await loggerProvider.shutdown();
await meterProvider?.shutdown();
