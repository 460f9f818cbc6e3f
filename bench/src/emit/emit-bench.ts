// Event emission: cost per event of securityEvent() against a raw OpenTelemetry logger.emit() with
// the same attributes through the same LoggerProvider (BatchLogRecordProcessor into an exporter
// that only counts), and against pino writing the same fields to /dev/null. Also: a raw
// logger.emit() of the record securityEvent() exports (its 9 attributes: the SDK copies each one,
// so this is the floor for that record), and securityEvent() and logger.emit() inside a recording
// span (one span per event, as per request), securityEvent() also with spanEvents: true, which adds
// its span event there. As in an application set up by NodeSDK, a MeterProvider (so
// `secotel.security.events` counts for real), a TracerProvider and the AsyncLocalStorage context
// manager are registered. Run in its own process with --expose-gc and a fixed 64 MiB young
// generation, so allocation can be read off the heap between two forced collections. Prints
// RESULT <json>.
import { openSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { context, logs, metrics, SeverityNumber, trace } from '@opentelemetry/api';
import type { Logger } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { SecurityEventEmitter, initSecurity, resolveSecurityOptions, securityEvent } from '@secotel/sdk';
import pino from 'pino';
import { median } from '../lib/stats.ts';
import { AUTHORIZATION, USER_AGENT, addressOf, inSpan, secotelEmit, userOf } from './workload.ts';
import type { Emit } from './workload.ts';

interface EmitSettings {
  warmup: number;
  repetitions: number;
  perRepetition: number;
  allocationEvents: number;
}

export interface EmitContenderResult {
  id: string;
  label: string;
  /** Median over repetitions of CPU time per event, ns. */
  nsPerEvent: number;
  /** Median over repetitions of wall-clock time per event, ns. */
  wallNsPerEvent: number;
  /** CPU ns/event of every repetition, in order. */
  samples: number[];
  bytesPerEvent: number | undefined;
  allocationNote: string;
}

export interface EmitBenchResult {
  settings: EmitSettings;
  contenders: EmitContenderResult[];
  /** What reached the exporter: proves that the records went through the pipeline. */
  exported: Record<string, number>;
  /** One exported securityEvent() record, to show redaction at work. */
  sampleRecord: Record<string, unknown> | undefined;
}

/** Counts records and keeps the first secotel one; the export itself costs nothing. */
class CountingExporter implements LogRecordExporter {
  readonly counts: Record<string, number> = {};
  sample: Record<string, unknown> | undefined;
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    for (const record of records) {
      const name = record.eventName ?? record.instrumentationScope.name;
      this.counts[name] = (this.counts[name] ?? 0) + 1;
      if (this.sample === undefined && record.eventName === 'security.authn_login_fail' && record.instrumentationScope.name !== 'bench-raw') {
        this.sample = { eventName: record.eventName, severityText: record.severityText, body: record.body, attributes: record.attributes };
      }
    }
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

function rawEmit(logger: Logger): Emit {
  return (i) => {
    const user = userOf(i);
    const address = addressOf(i);
    logger.emit({
      eventName: 'security.authn_login_fail',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `Failed login attempt for ${user} from ${address}`,
      attributes: {
        'user.id': user,
        'client.address': address,
        'http.request.method': 'POST',
        'url.path': '/login',
        'user_agent.original': USER_AGENT,
        'http.request.header.authorization': AUTHORIZATION,
      },
    });
  };
}

/**
 * The record securityEvent() exports for secotelEmit(), written with logger.emit() directly: the
 * same body and the same 9 attributes (the six fields, the authorization header redacted, then
 * category, outcome and the id, which is the record's place in the hash chain: `<stream>:<seq>`).
 * What is left between this and securityEvent() is secotel's own work; what is between this and
 * rawEmit() is the SDK copying three more attributes.
 */
const RAW_STREAM = '6f1c2b7e-0d4a-4c8e-9b3f-3b9f0c2e6a1d';

function rawEmitSameRecord(logger: Logger): Emit {
  let seq = 0;
  return (i) => {
    const user = userOf(i);
    const address = addressOf(i);
    seq++;
    logger.emit({
      eventName: 'security.authn_login_fail',
      severityNumber: SeverityNumber.WARN,
      severityText: 'WARN',
      body: `Failed login attempt for ${user} from ${address}`,
      attributes: {
        'user.id': user,
        'client.address': address,
        'http.request.method': 'POST',
        'url.path': '/login',
        'user_agent.original': USER_AGENT,
        'http.request.header.authorization': '[REDACTED]',
        'security.event.category': 'authn',
        'security.event.outcome': 'failure',
        'security.event.id': `${RAW_STREAM}:${seq}`,
      },
    });
  };
}

function pinoEmit(): Emit {
  // Synchronous writes, as pino's default stdout destination does (faster than sync: false here).
  const destination = pino.destination({ dest: openSync('/dev/null', 'w'), sync: true });
  const log = pino({ redact: ['["http.request.header.authorization"]'] }, destination);
  return (i) => {
    const user = userOf(i);
    const address = addressOf(i);
    log.warn(
      {
        event: 'security.authn_login_fail',
        'user.id': user,
        'client.address': address,
        'http.request.method': 'POST',
        'url.path': '/login',
        'user_agent.original': USER_AGENT,
        'http.request.header.authorization': AUTHORIZATION,
      },
      `Failed login attempt for ${user} from ${address}`,
    );
  };
}

// Hand control to the event loop every CHUNK events, so that the batch processor exports and pino
// flushes as they would in a server; that work is part of the cost and is inside the timing.
const CHUNK = 256;

/** ns per event, by the process's CPU time (robust when other processes share the CPU) and by the clock. */
async function timed(emit: Emit, count: number, offset: number): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    for (let j = i; j < end; j++) emit(offset + j);
    await yieldToLoop();
  }
  const wall = Number(process.hrtime.bigint() - started) / count;
  const used = process.cpuUsage(cpu);
  return { cpu: ((used.user + used.system) * 1000) / count, wall };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap growth per event while no collection runs: every sample must be above the one before. */
async function allocation(emit: Emit, count: number, offset: number): Promise<{ bytes: number; clean: boolean }> {
  if (gc === undefined) return { bytes: Number.NaN, clean: false };
  await yieldToLoop();
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  let previous = before;
  let clean = true;
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    for (let j = i; j < end; j++) emit(offset + j);
    await yieldToLoop();
    const now = process.memoryUsage().heapUsed;
    if (now < previous) clean = false;
    previous = now;
  }
  return { bytes: (previous - before) / count, clean };
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const settings: EmitSettings = quick
    ? { warmup: 20_000, repetitions: 3, perRepetition: 20_000, allocationEvents: 4_000 }
    : { warmup: 60_000, repetitions: 7, perRepetition: 50_000, allocationEvents: 8_000 };
  const exporter = new CountingExporter();
  const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
  logs.setGlobalLoggerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // Spans are sampled and recorded, then dropped at end() (no processor): the span events are made.
  const tracerProvider = new TracerProvider({ sampler: new AlwaysOnSampler() });
  trace.setGlobalTracerProvider(tracerProvider);
  const metricReader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 1000 });
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  metrics.setGlobalMeterProvider(meterProvider);
  initSecurity({});
  const rawLogger = logs.getLogger('bench-raw');
  const tracer = trace.getTracer('bench');
  const secotel = secotelEmit(securityEvent);
  // A second emitter, as initSecurity({ spanEvents: true }) would make, for the span-event row.
  const spanEventEmitter = new SecurityEventEmitter(resolveSecurityOptions({ spanEvents: true }));
  const withSpanEvents: typeof securityEvent = (name, fields) => spanEventEmitter.emit(name, fields);
  const contenders: { id: string; label: string; emit: Emit }[] = [
    { id: 'securityEvent', label: 'secotel securityEvent()', emit: secotel },
    { id: 'otel-emit', label: 'raw OpenTelemetry logger.emit()', emit: rawEmit(rawLogger) },
    { id: 'otel-emit-same-record', label: "raw logger.emit() of securityEvent()'s record (9 attributes)", emit: rawEmitSameRecord(rawLogger) },
    { id: 'pino', label: 'pino to /dev/null', emit: pinoEmit() },
    { id: 'securityEvent-span', label: 'securityEvent() in a recording span', emit: inSpan(tracer, secotel) },
    { id: 'securityEvent-span-events', label: 'securityEvent() with spanEvents: true in a recording span (+ span event)', emit: inSpan(tracer, secotelEmit(withSpanEvents)) },
    { id: 'otel-emit-span', label: 'raw logger.emit() in a recording span', emit: inSpan(tracer, rawEmit(rawLogger)) },
  ];
  let offset = 0;
  for (const c of contenders) {
    await timed(c.emit, settings.warmup, offset);
    offset += settings.warmup;
  }
  const samples = new Map<string, number[]>(contenders.map((c) => [c.id, []]));
  const wallSamples = new Map<string, number[]>(contenders.map((c) => [c.id, []]));
  for (let rep = 0; rep < settings.repetitions; rep++) {
    // Rotate the order each repetition, so no contender always runs right after another's garbage.
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(rep + k) % contenders.length];
      if (c === undefined) continue;
      const t = await timed(c.emit, settings.perRepetition, offset);
      samples.get(c.id)?.push(t.cpu);
      wallSamples.get(c.id)?.push(t.wall);
      offset += settings.perRepetition;
    }
    process.stdout.write(`PROGRESS emission repetition ${rep + 1}/${settings.repetitions}\n`);
  }
  const results: EmitContenderResult[] = [];
  for (const c of contenders) {
    const clean: number[] = [];
    let tries = 0;
    let count = settings.allocationEvents;
    while (clean.length < 3 && tries < 8) {
      tries++;
      const a = await allocation(c.emit, count, offset);
      offset += count;
      if (a.clean) clean.push(a.bytes);
      else count = Math.max(500, count >> 1);
    }
    const own = samples.get(c.id) ?? [];
    results.push({
      id: c.id,
      label: c.label,
      nsPerEvent: median(own),
      wallNsPerEvent: median(wallSamples.get(c.id) ?? []),
      samples: own.map((x) => Math.round(x)),
      bytesPerEvent: clean.length > 0 ? median(clean) : undefined,
      allocationNote: clean.length > 0 ? `median of ${clean.length} GC-free windows of ≤${count} events` : 'every window saw a GC; not measured',
    });
  }
  await provider.forceFlush();
  const result: EmitBenchResult = { settings, contenders: results, exported: exporter.counts, sampleRecord: exporter.sample };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  await provider.shutdown();
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
