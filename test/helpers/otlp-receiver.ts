// A small in-process OTLP/HTTP JSON receiver for integration tests: what the real exporter sent,
// decoded. (The real collector is used by the end-to-end tests.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { flattenLogs, flattenMetrics, flattenSpans } from './otlp-json.ts';
import type { CollectedMetric, FlatLogRecord, FlatSpan } from './otlp-json.ts';

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:43123 (append /v1/logs etc.). */
  readonly url: string;
  readonly logs: FlatLogRecord[];
  readonly spans: FlatSpan[];
  readonly metrics: CollectedMetric[];
  /** Raw request bodies as received, for assertions on what went over the wire. */
  readonly rawBodies: string[];
  /** Respond with this status instead of 200 (to simulate a failing backend). */
  failWith: number | undefined;
  waitFor<T>(select: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const receiver = {
    logs: [] as FlatLogRecord[],
    spans: [] as FlatSpan[],
    metrics: [] as CollectedMetric[],
    rawBodies: [] as string[],
    failWith: undefined as number | undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        if (receiver.failWith !== undefined) {
          res.writeHead(receiver.failWith).end();
          return;
        }
        if (!String(req.headers['content-type']).includes('json')) {
          res.writeHead(415, { 'content-type': 'text/plain' }).end('this test receiver only decodes OTLP/HTTP JSON');
          return;
        }
        const text = body.toString('utf8');
        receiver.rawBodies.push(text);
        const json: unknown = JSON.parse(text);
        if (req.url === '/v1/logs') receiver.logs.push(...flattenLogs(json));
        else if (req.url === '/v1/traces') receiver.spans.push(...flattenSpans(json));
        else if (req.url === '/v1/metrics') receiver.metrics.push(...flattenMetrics(json));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        res.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}`,
    async waitFor<T>(select: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = select();
        if (value !== undefined && value !== false) return value;
        if (Date.now() > deadline) throw new Error(`OTLP receiver: condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Installs a diag logger that records errors so a test can fail on OpenTelemetry's silent failures. */
export async function captureDiagErrors(): Promise<{ errors: string[]; warnings: string[] }> {
  const { diag, DiagLogLevel } = await import('@opentelemetry/api');
  const captured = { errors: [] as string[], warnings: [] as string[] };
  const format = (message: string, args: unknown[]) => [message, ...args.map((a) => (a instanceof Error ? a.stack : String(a)))].join(' ');
  diag.setLogger(
    {
      error: (message, ...args) => captured.errors.push(format(message, args)),
      warn: (message, ...args) => captured.warnings.push(format(message, args)),
      info: () => {},
      debug: () => {},
      verbose: () => {},
    },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  return captured;
}
