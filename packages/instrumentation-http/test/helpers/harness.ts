// Per-process setup for the instrumentation tests: an in-process OTLP receiver, the real
// OpenTelemetry SDK exporting to it, and SecurityHttpInstrumentation patching the real `http`, or
// (SECOTEL_TEST_HTTP_MODE=security-only) the diagnostics-channel observer with no HttpInstrumentation.
import { randomBytes } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type * as NodeHttp from 'node:http';
import { createRequire } from 'node:module';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { SecurityHttpInstrumentation, SecurityHttpServerObserver } from '@secotel/instrumentation-http';
import type { SecurityHttpOptions } from '@secotel/instrumentation-http';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { captureDiagErrors, startOtlpReceiver } from '../../../../test/helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../../../../test/helpers/otlp-receiver.ts';
import { startTestTelemetry } from '../../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../../test/helpers/otel-sdk.ts';
import type { FlatLogRecord, FlatSpan } from '../../../../test/helpers/otlp-json.ts';

/** OTLP span kind of a server span. */
const SPAN_KIND_SERVER = 2;

/**
 * Which observer feeds secotel in this test process: instrumentation-http's hooks (server spans,
 * the default) or, with `SECOTEL_TEST_HTTP_MODE=security-only`, node:http's diagnostics channels
 * (no spans; events carry the client's traceparent trace id). One per process: the two would see
 * the same requests.
 */
export const TRACING = process.env.SECOTEL_TEST_HTTP_MODE !== 'security-only';

/** Runs the test file `url` (an import.meta.url) again in security-only mode, in this process. */
export async function runInSecurityOnlyMode(testFile: string): Promise<void> {
  process.env.SECOTEL_TEST_HTTP_MODE = 'security-only';
  await import(testFile);
}

export interface Harness {
  readonly receiver: OtlpReceiver;
  readonly telemetry: TestTelemetry;
  /** True when server spans exist (instrumentation-http); false in security-only mode. */
  readonly tracing: boolean;
  readonly instrumentation: SecurityHttpInstrumentation | SecurityHttpServerObserver;
  readonly diagnostics: { errors: string[]; warnings: string[] };
  /** The `http` module as required after the instrumentation was registered (patched). */
  readonly http: typeof NodeHttp;
  /** Security log records (eventName `security.*`) of one trace. */
  securityLogs(traceId: string): FlatLogRecord[];
  /** The server span of one trace, once exported. */
  serverSpan(traceId: string): FlatSpan | undefined;
  /**
   * Waits until the request's server span was exported, then flushes the logs. The security hooks
   * emit before instrumentation-http ends the span, so afterwards every record of the request is
   * in the receiver.
   */
  settle(traceId: string): Promise<FlatSpan>;
  /**
   * Either mode: waits until the request of the trace finished (its server span was exported, or
   * in security-only mode node:http published its response finish, after secotel's observer saw
   * it), then flushes the logs.
   */
  settleRequest(traceId: string): Promise<void>;
  /** Settles the request, then returns its security records (optionally only those named `eventName`). */
  recordsOf(traceId: string, eventName?: string): Promise<FlatLogRecord[]>;
  close(): Promise<void>;
}

/**
 * Starts secotel's sensor (the instrumentation, or in security-only mode the observer) with
 * `security`, exporting to an OTLP receiver of its own; `httpConfig` is more instrumentation-http
 * configuration (the application's own hooks), used when tracing.
 */
export async function startHarness(security: SecurityHttpOptions, httpConfig: HttpInstrumentationConfig = {}): Promise<Harness> {
  const diagnostics = await captureDiagErrors();
  const receiver = await startOtlpReceiver();
  const receiverPort = Number(new URL(receiver.url).port);
  const telemetry = startTestTelemetry({ otlpUrl: receiver.url, serviceName: 'secotel-instrumentation-http-test' });
  // As NodeSDK does by default: the client's traceparent names each request's trace.
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  // The receiver is an http server in this process too. Instrumented, it would inspect the exported
  // records, find the test's own payloads in them and report those: a feedback loop.
  const ignoreIncomingRequestHook = (request: NodeHttp.IncomingMessage) => request.socket.localPort === receiverPort;
  const instrumentation = TRACING
    ? new SecurityHttpInstrumentation({
        ...httpConfig,
        // Outgoing requests are the test client's own; leaving them out keeps each trace to one server span.
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook,
        security,
      })
    : new SecurityHttpServerObserver({ ignoreIncomingRequestHook, security });
  // Subscribed after the observer, so it runs after secotel judged the response.
  const finished = new Set<string>();
  const onFinish = (message: unknown) => {
    const traceparent = (message as { request?: NodeHttp.IncomingMessage }).request?.headers.traceparent;
    const traceId = typeof traceparent === 'string' ? traceparent.split('-')[1] : undefined;
    if (traceId !== undefined) finished.add(traceId);
  };
  subscribe('http.server.response.finish', onFinish);
  const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
  // require-in-the-middle patches http.Server.prototype.emit on this require, even when Express or
  // Fastify loaded http before.
  const http = createRequire(import.meta.url)('http') as typeof NodeHttp;

  const securityLogs = (traceId: string) =>
    receiver.logs.filter((record) => record.traceId === traceId && record.eventName?.startsWith('security.') === true);
  const serverSpan = (traceId: string) => receiver.spans.find((span) => span.traceId === traceId && span.kind === SPAN_KIND_SERVER);
  async function settle(traceId: string): Promise<FlatSpan> {
    const span = await receiver.waitFor(() => serverSpan(traceId), 10_000);
    await telemetry.flush();
    return span;
  }
  async function settleRequest(traceId: string): Promise<void> {
    if (TRACING) {
      await settle(traceId);
      return;
    }
    await receiver.waitFor(() => finished.has(traceId) || undefined, 10_000);
    await telemetry.flush();
  }
  return {
    receiver,
    telemetry,
    tracing: TRACING,
    instrumentation,
    diagnostics,
    http,
    securityLogs,
    serverSpan,
    settle,
    settleRequest,
    async recordsOf(traceId: string, eventName?: string): Promise<FlatLogRecord[]> {
      await settleRequest(traceId);
      return securityLogs(traceId).filter((record) => eventName === undefined || record.eventName === eventName);
    },
    async close() {
      unsubscribe('http.server.response.finish', onFinish);
      unregister();
      await telemetry.shutdown();
      propagation.disable();
      await receiver.close();
    },
  };
}

/** A fresh W3C trace id, sent as `traceparent` so every request is its own trace. */
export function newTraceId(): string {
  return randomBytes(16).toString('hex');
}
