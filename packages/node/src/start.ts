import { createRequire } from 'node:module';
import type * as NodeHttp from 'node:http';
import { ProxyTracerProvider, diag, logs, trace } from '@opentelemetry/api';
import { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { http2UnappliedOptions, reportPendingFindings, securityHooksStillRun } from '@secotel/instrumentation-http';
import type { SecurityHttpInstrumentationConfig } from '@secotel/instrumentation-http';
import { customAttributes, initSecurity, securityEvent } from '@secotel/sdk';
import type { SecurityOptions } from '@secotel/sdk';
import { combineDeliveryReports } from '@secotel/spool';
import type { SecurityDeliveryReport } from '@secotel/spool';
import { setSecurityDeliveryReporters } from './flush-security.js';
import { EXIT_HOLD_MARGIN_MS, installLifecycle } from './lifecycle.js';
import { logPipelineFromEnv } from './log-processors.js';
import { createHttpSensor, isSecurityOnly, secotelModeFromEnv } from './register-http.js';
import type { SecotelMode } from './register-http.js';
import type { LogPipeline, SpoolSettings } from './log-processors.js';

/** Options of `startSecotel()`; `register` uses the defaults and the environment. */
export interface StartSecotelOptions {
  /** `initSecurity()` options; the `SECOTEL_*` variables apply where these are silent. */
  security?: SecurityOptions;
  /**
   * Options of the secotel HTTP instrumentation. In security-only mode only `security`,
   * `enabled` and `ignoreIncomingRequestHook` apply (there is no instrumentation-http).
   */
  http?: SecurityHttpInstrumentationConfig;
  /**
   * How HTTP servers are observed, like `SECOTEL_MODE` (this option wins): `auto` (default)
   * observes them through node:http's diagnostics channels, without instrumentation-http, when
   * `OTEL_TRACES_EXPORTER=none`; `security-only` always does; `traces` always uses
   * instrumentation-http. The security events are the same in every mode.
   */
  mode?: SecotelMode;
  /** More instrumentations to run beside the HTTP one. */
  instrumentations?: NodeSDKConfiguration['instrumentations'];
  /** Upper bound for flushing on shutdown, in ms. Default 5000 (env `SECOTEL_SHUTDOWN_TIMEOUT_MS`). */
  shutdownTimeoutMs?: number;
  /** Install signal, exit and crash handlers. Default true. */
  handleProcessEvents?: boolean;
  /**
   * The durable spool for security events, like `SECOTEL_SPOOL_DIR`, `SECOTEL_SPOOL_FSYNC` and
   * `SECOTEL_SPOOL_MAX_BYTES` (these settings win); `false` turns it off whatever the environment says.
   */
  spool?: SpoolSettings | false;
}

/** A running secotel setup. */
export interface SecotelHandle {
  /**
   * The OpenTelemetry NodeSDK, or undefined when `OTEL_SDK_DISABLED=true` or when secotel attached
   * to an OpenTelemetry SDK that was started before it.
   */
  readonly sdk: NodeSDK | undefined;
  /** Emits `security.sys_shutdown`, flushes within the timeout and shuts the SDK down. Idempotent. */
  shutdown(reason?: string): Promise<void>;
  /** Flushes security records and reports what became of them; see `flushSecurity()`. */
  flushSecurity(options?: { timeoutMillis?: number }): Promise<SecurityDeliveryReport>;
}

const DISABLED: SecotelHandle = {
  sdk: undefined,
  shutdown: () => Promise.resolve(),
  flushSecurity: () => Promise.resolve(combineDeliveryReports([])),
};

/** Says what the shutdown could not deliver: lost from memory, or kept in the spool for the next start. */
function reportUndelivered(pipeline: LogPipeline): void {
  const report = combineDeliveryReports(pipeline.reporters.map((reporter) => reporter.deliveryReport()));
  if (report.pending === 0) return;
  if (report.spoolDirectory !== undefined) {
    diag.info(`secotel: ${report.pending} security events stay in the spool at ${report.spoolDirectory} for the next start.`);
    return;
  }
  process.emitWarning(
    `secotel: ${report.pending} security events were not delivered before the process ended and are lost ` +
      '(the collector did not accept them in time). Set SECOTEL_SPOOL_DIR to keep them on disk until it does.',
    { code: 'SECOTEL_SECURITY_EVENTS_LOST_AT_EXIT', type: 'SecotelWarning' },
  );
}

function shutdownTimeout(options: StartSecotelOptions): number {
  const raw = process.env.SECOTEL_SHUTDOWN_TIMEOUT_MS;
  const fromEnv = raw !== undefined && raw !== '' ? Number(raw) : undefined;
  const value = options.shutdownTimeoutMs ?? fromEnv ?? 5000;
  return Number.isFinite(value) && value >= 0 ? value : 5000;
}

/**
 * What of an OpenTelemetry SDK is already registered in this process (another agent loaded before
 * secotel, typically `--require @opentelemetry/auto-instrumentations-node/register`), or undefined.
 */
function startedBefore(): string | undefined {
  const found: string[] = [];
  const tracerProvider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = typeof tracerProvider.getDelegate === 'function' ? tracerProvider.getDelegate() : tracerProvider;
  if (delegate !== new ProxyTracerProvider().getDelegate()) found.push('TracerProvider');
  // Until an SDK registers one, the API hands out its proxy, which has no delegate yet.
  const loggerProvider = logs.getLoggerProvider() as { _getDelegateLogger?: (name: string) => unknown };
  if (typeof loggerProvider._getDelegateLogger !== 'function' || loggerProvider._getDelegateLogger('@secotel/node') !== undefined) found.push('LoggerProvider');
  return found.length === 0 ? undefined : found.join(' and ');
}

/** Bounded: resolves when `work` does or when `timeoutMs` has passed, whichever comes first. */
async function within(timeoutMs: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      diag.warn(`secotel: flushing telemetry took longer than ${timeoutMs} ms; giving up`);
      resolve();
    }, timeoutMs);
    timer.unref();
  });
  await Promise.race([work.then(() => undefined), deadline]);
  clearTimeout(timer);
}

/**
 * Another SDK owns the global providers: starting a second NodeSDK would register nothing (its
 * providers would export nobody's telemetry) and add a second set of exporters. secotel attaches
 * instead: security records go through a LoggerProvider of secotel's own (so the spool,
 * `flushSecurity()` and the shutdown flush work whatever the other SDK does on exit), spans and
 * metrics through the other SDK's providers.
 */
function attachToStartedSdk(options: StartSecotelOptions, pipeline: LogPipeline, found: string, securityOnly: boolean): { loggerProvider: LoggerProvider } {
  const resource = defaultResource()
    .merge(detectResources({ detectors: [processDetector, hostDetector, envDetector] }))
    .merge(process.env.OTEL_SERVICE_NAME ? resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME }) : null);
  const loggerProvider = new LoggerProvider({ resource, processors: pipeline.processors });
  initSecurity({ ...options.security, loggerProvider });
  // Enables itself, with the global (the other SDK's) tracer and meter providers.
  createHttpSensor(options.http, securityOnly);
  process.emitWarning(
    `secotel: an OpenTelemetry SDK was started before @secotel/node (its ${found} ${found.includes(' and ') ? 'are' : 'is'} registered); secotel attaches to it ` +
      'instead of starting a second one: security events keep their own pipeline, spans and metrics go through that SDK. ' +
      (securityOnly
        ? 'HTTP servers are observed in security-only mode (SECOTEL_MODE=security-only), beside that SDK\'s HttpInstrumentation.'
        : "secotel's HTTP instrumentation replaces that SDK's HttpInstrumentation (the last one enabled is the one that runs), so options given to that one do not apply. " +
          'To keep them, load @secotel/node/register first: secotel then adds its hooks to the HttpInstrumentation loaded after it.'),
    { code: 'SECOTEL_OTEL_SDK_ALREADY_STARTED', type: 'SecotelWarning' },
  );
  return { loggerProvider };
}

/**
 * One warning when, once the application has loaded, a later `HttpInstrumentation` has replaced
 * secotel's patch of `http` without secotel's hooks: otherwise HTTP security events stop silently.
 */
function warnIfHttpPatchReplaced(http: typeof NodeHttp, patched: unknown): void {
  const check = () => {
    if (securityHooksStillRun(http.Server.prototype.emit, patched)) return;
    process.emitWarning(
      'secotel: another @opentelemetry/instrumentation-http, loaded after secotel where secotel could not add its hooks to it ' +
        '(an ESM import, e.g. --import @opentelemetry/auto-instrumentations-node/register), replaced secotel\'s HTTP instrumentation: ' +
        'there are no HTTP security events. Load @secotel/node/register after it, or both with --require.',
      { code: 'SECOTEL_HTTP_INSTRUMENTATION_REPLACED', type: 'SecotelWarning' },
    );
  };
  // After the preloads and the application's first turn, when the other agent has patched http.
  setTimeout(check, 1000).unref();
}

/**
 * One warning at start when `http` options (the application's own instrumentation-http hooks,
 * header capture) will not apply to HTTP/2 servers' spans, which secotel makes itself.
 */
function warnIfHttp2LeavesOptionsOut(config: SecurityHttpInstrumentationConfig | undefined): void {
  const left = http2UnappliedOptions(config);
  if (left.length === 0) return;
  process.emitWarning(
    `secotel: on HTTP/2 servers (node:http2), whose spans secotel makes itself, these http options do not apply: ${left.join(', ')} ` +
      '(they take http.IncomingMessage/ServerResponse). Security events, detection, client address, user scope and trace correlation work as on HTTP/1.1.',
    { code: 'SECOTEL_HTTP2_OPTIONS_NOT_APPLIED', type: 'SecotelWarning' },
  );
}

/**
 * Starts the OpenTelemetry Node SDK with logs, traces and metrics configured by the standard
 * `OTEL_*` variables, the secotel HTTP instrumentation and the SDK defaults, emits
 * `security.sys_startup`, and installs shutdown and crash reporting. When another OpenTelemetry
 * SDK was started first, secotel attaches to it instead (one `SECOTEL_OTEL_SDK_ALREADY_STARTED`
 * warning says what that means).
 */
export function startSecotel(options: StartSecotelOptions = {}): SecotelHandle {
  if (/^(true|1)$/i.test(process.env.OTEL_SDK_DISABLED?.trim() ?? '')) return DISABLED;
  const found = startedBefore();
  const securityOnly = isSecurityOnly(options.mode ?? secotelModeFromEnv(), found === undefined);
  const pipeline = logPipelineFromEnv(process.env, { spool: options.spool });
  setSecurityDeliveryReporters(pipeline.reporters);
  let sdk: NodeSDK | undefined;
  let stopProviders: () => Promise<unknown>;
  if (found === undefined) {
    initSecurity(options.security);
    const started = new NodeSDK({
      logRecordProcessors: pipeline.processors,
      instrumentations: [createHttpSensor(options.http, securityOnly), ...(options.instrumentations ?? [])],
    });
    started.start();
    sdk = started;
    stopProviders = () => started.shutdown();
  } else {
    const { loggerProvider } = attachToStartedSdk(options, pipeline, found, securityOnly);
    // The other SDK shuts itself down; its spans of the last requests are flushed, not waited for on its terms.
    const tracerProvider = (trace.getTracerProvider() as { getDelegate?: () => { forceFlush?: () => Promise<void> } }).getDelegate?.();
    stopProviders = () => Promise.all([loggerProvider.shutdown(), tracerProvider?.forceFlush?.()]);
  }
  // instrumentation-http patches `http`/`https` (and secotel's HTTP/2 observer the `http2` server
  // classes) when they are first required; make sure that has happened even for an ESM
  // application that only imports `node:http` or `node:http2` later.
  const load = createRequire(`${process.cwd()}/`);
  const http = load('http') as typeof NodeHttp;
  load('https');
  load('http2');
  // Security-only mode patches nothing in http: another instrumentation cannot replace it.
  if (!securityOnly) warnIfHttpPatchReplaced(http, http.Server.prototype.emit);
  if (!securityOnly) warnIfHttp2LeavesOptionsOut(options.http);

  const timeoutMs = shutdownTimeout(options);
  let stopping: Promise<void> | undefined;
  const handle: SecotelHandle = {
    sdk,
    shutdown(reason = 'shutdown') {
      stopping ??= (async () => {
        // Attack findings still waiting for their request's route go out first, before the flush.
        reportPendingFindings();
        securityEvent('sys_shutdown', { message: `Process ${process.pid} is shutting down (${reason})`, 'security.reason': reason });
        await within(
          timeoutMs,
          stopProviders().catch((error: unknown) => diag.error('secotel: SDK shutdown failed', error)),
        );
        reportUndelivered(pipeline);
      })();
      return stopping;
    },
    async flushSecurity(flushOptions = {}) {
      const reports = await Promise.all(pipeline.reporters.map((reporter) => reporter.flushSecurity(flushOptions)));
      return combineDeliveryReports(reports);
    },
  };
  securityEvent('sys_startup', {
    message: `secotel started in process ${process.pid}`,
    ...customAttributes({ 'process.pid': process.pid, 'process.runtime.version': process.versions.node }),
  });
  if (options.handleProcessEvents !== false) installLifecycle(handle, timeoutMs + EXIT_HOLD_MARGIN_MS);
  return handle;
}
