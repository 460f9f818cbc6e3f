// Preload of the memory benchmark (`node --expose-gc --require memory-probe.cjs <mode's preload> app.cjs`):
// on SIGUSR2 the app flushes its telemetry queues, settles, runs full GCs and prints one line,
// `MEMORY <json>` (process.memoryUsage()). A signal rather than an HTTP route, so that reading
// memory creates no request, span or event and nothing of the instrumentation runs for it.
// With BENCH_MEMORY_SNAPSHOT_DIR set, each reading also writes a heap snapshot there.
'use strict';
const { getHeapSpaceStatistics, writeHeapSnapshot } = require('node:v8');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { setTimeout: sleep, setImmediate: nextTurn } = require('node:timers/promises');

const SETTLE_MS = Number(process.env.BENCH_MEMORY_SETTLE_MS ?? 500);
const SNAPSHOT_DIR = process.env.BENCH_MEMORY_SNAPSHOT_DIR;
let readings = 0;

/** Batches waiting in the span and log processors are in flight, not steady state: export them first. */
async function flushTelemetry() {
  const flushes = [];
  for (const name of ['@opentelemetry/api', '@opentelemetry/api-logs']) {
    let api;
    try {
      api = require(name);
    } catch {
      continue;
    }
    const provider = name === '@opentelemetry/api' ? api.trace.getTracerProvider() : api.logs.getLoggerProvider();
    const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
    if (typeof delegate?.forceFlush === 'function') flushes.push(delegate.forceFlush().catch(() => undefined));
  }
  await Promise.race([Promise.all(flushes), sleep(5000)]);
}

/** Linux: resident anonymous memory (heaps, malloc) apart from resident file pages (the node binary, libraries). */
function rssParts() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { anon: kib('RssAnon'), file: kib('RssFile') };
  } catch {
    return undefined;
  }
}

async function read() {
  await flushTelemetry();
  await sleep(SETTLE_MS);
  // Full collections a turn apart: one can leave objects that only finalizers or weak callbacks free.
  for (let i = 0; i < 3; i++) {
    global.gc();
    await nextTurn();
  }
  const usage = process.memoryUsage();
  // Committed and used bytes per V8 space: tells retained objects from heap kept after a collection.
  usage.spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, [s.space_size, s.space_used_size]]));
  usage.rssParts = rssParts();
  readings++;
  if (SNAPSHOT_DIR !== undefined) writeHeapSnapshot(join(SNAPSHOT_DIR, `${process.pid}-${readings}.heapsnapshot`));
  return usage;
}

if (typeof global.gc !== 'function') throw new Error('memory-probe.cjs needs node --expose-gc');
let reading = Promise.resolve();
process.on('SIGUSR2', () => {
  reading = reading.then(read).then(
    (usage) => process.stdout.write(`MEMORY ${JSON.stringify(usage)}\n`),
    (error) => process.stdout.write(`MEMORY ${JSON.stringify({ error: String(error) })}\n`),
  );
});
