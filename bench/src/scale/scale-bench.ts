// Scale: memory after many requests from many distinct clients, to show that secotel's
// per-client state (404 flood counters in the HTTP hooks, login-failure thresholds in the SDK) is
// bounded. Drives the real hooks of @secotel/instrumentation-http in-process with IncomingMessage /
// ServerResponse objects on fake sockets (no network), with a real LoggerProvider behind the SDK.
// Every 10th request is a 401 on the login route (an authn_login_fail event keyed by client
// address), the rest are 404s (counted per client). Prints RESULT <json>.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { INVALID_SPAN_CONTEXT, logs, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { createSecurityHttpHooks } from '@secotel/instrumentation-http';
import { initSecurity } from '@secotel/sdk';

export interface ScaleCheckpoint {
  requests: number;
  rssMiB: number;
  heapUsedMiB: number;
}

export interface ScaleBenchResult {
  method: string;
  requests: number;
  clients: number;
  scaledDown: boolean;
  usPerRequest: number;
  checkpoints: ScaleCheckpoint[];
  /** Heap growth from the first quarter of the run to its end; about 0 when state is bounded. */
  heapGrowthAfterQuarterMiB: number;
  events: Record<string, number>;
  limits: { maxTrackedClients: number; thresholdMaxKeys: number };
}

class CountingExporter implements LogRecordExporter {
  readonly counts: Record<string, number> = {};
  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    for (const r of records) this.counts[r.eventName ?? '?'] = (this.counts[r.eventName ?? '?'] ?? 0) + 1;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

async function checkpoint(requests: number): Promise<ScaleCheckpoint> {
  await yieldToLoop();
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return { requests, rssMiB: mib(usage.rss), heapUsedMiB: mib(usage.heapUsed) };
}

/** Client i's address: 100,000 distinct ones fit in 198.18.0.0/15 (the benchmarking range). */
function address(i: number): string {
  return `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

const HEADERS = {
  host: 'shop.example.com',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  accept: 'application/json, text/plain, */*',
  'accept-language': 'en-US,en;q=0.9',
};

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const requests = quick ? 200_000 : 1_000_000;
  const clients = quick ? 20_000 : 100_000;
  const exporter = new CountingExporter();
  const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
  logs.setGlobalLoggerProvider(provider);
  initSecurity({});
  const hooks = createSecurityHttpHooks({ audit: 'security', loginRoutes: ['/login'] });
  const span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  const sockets = Array.from({ length: clients }, (_, i) => ({ remoteAddress: address(i) }) as unknown as Socket);

  const marks = new Set([0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(requests * f)));
  const checkpoints: ScaleCheckpoint[] = [await checkpoint(0)];
  let busy = 0;
  for (let i = 0; i < requests; ) {
    const started = performance.now();
    const end = Math.min(requests, i + 1000);
    for (; i < end; i++) {
      // Round-robin over the clients: the worst case for an LRU, every client comes back only
      // after all the others.
      const request = new IncomingMessage(sockets[i % clients] as Socket);
      const login = i % 10 === 0;
      request.method = login ? 'POST' : 'GET';
      request.url = login ? '/login' : `/missing/${i % 97}?ref=campaign`;
      request.headers = HEADERS;
      hooks.requestHook(span, request);
      const response = new ServerResponse(request);
      hooks.responseHook(span, response);
      // Without a socket the response is only buffered; 'close' is what the hooks react to.
      response.writeHead(login ? 401 : 404, { 'content-length': 0 });
      response.end();
      response.emit('close');
    }
    busy += performance.now() - started;
    await yieldToLoop();
    if ([...marks].some((m) => m <= i && m > i - 1000)) {
      checkpoints.push(await checkpoint(i));
      process.stdout.write(`PROGRESS scale ${i}/${requests} requests\n`);
    }
  }
  await provider.forceFlush();
  const quarter = checkpoints.find((c) => c.requests >= requests * 0.25) ?? checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  const result: ScaleBenchResult = {
    method: 'in-process: createSecurityHttpHooks() from @secotel/instrumentation-http driven with IncomingMessage/ServerResponse objects on fake sockets (no network), SDK with a real LoggerProvider',
    requests,
    clients,
    scaledDown: quick,
    usPerRequest: (busy * 1000) / requests,
    checkpoints,
    heapGrowthAfterQuarterMiB: Math.round(((last?.heapUsedMiB ?? 0) - (quarter?.heapUsedMiB ?? 0)) * 10) / 10,
    events: exporter.counts,
    limits: { maxTrackedClients: hooks.options.maxTrackedClients, thresholdMaxKeys: 10_000 },
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  await provider.shutdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
