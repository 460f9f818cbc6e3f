import { createRequire } from 'node:module';
import { diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { SecurityHttpInstrumentation, reportPendingFindings } from '@secotel/instrumentation-http';
import type { SecurityHttpInstrumentationConfig } from '@secotel/instrumentation-http';
import { customAttributes, initSecurity, securityEvent } from '@secotel/sdk';
import type { SecurityOptions } from '@secotel/sdk';
import { combineDeliveryReports } from '@secotel/spool';
import type { SecurityDeliveryReport } from '@secotel/spool';
import { setSecurityDeliveryReporters } from './flush-security.js';
import { installLifecycle } from './lifecycle.js';
import { logPipelineFromEnv } from './log-processors.js';
import type { LogPipeline, SpoolSettings } from './log-processors.js';

/** Options of `startSecotel()`; `register` uses the defaults and the environment. */
export interface StartSecotelOptions {
  /** `initSecurity()` options; the `SECOTEL_*` variables apply where these are silent. */
  security?: SecurityOptions;
  /** Options of the secotel HTTP instrumentation. */
  http?: SecurityHttpInstrumentationConfig;
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
  /** The OpenTelemetry NodeSDK, or undefined when `OTEL_SDK_DISABLED=true`. */
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
 * Starts the OpenTelemetry Node SDK with logs, traces and metrics configured by the standard
 * `OTEL_*` variables, the secotel HTTP instrumentation and the SDK defaults, emits
 * `security.sys_startup`, and installs shutdown and crash reporting.
 */
export function startSecotel(options: StartSecotelOptions = {}): SecotelHandle {
  if (/^(true|1)$/i.test(process.env.OTEL_SDK_DISABLED?.trim() ?? '')) return DISABLED;
  initSecurity(options.security);
  const pipeline = logPipelineFromEnv(process.env, { spool: options.spool });
  setSecurityDeliveryReporters(pipeline.reporters);
  const sdk = new NodeSDK({
    logRecordProcessors: pipeline.processors,
    instrumentations: [new SecurityHttpInstrumentation(options.http), ...(options.instrumentations ?? [])],
  });
  sdk.start();
  // instrumentation-http patches `http`/`https` when they are first required; make sure that has
  // happened even for an ESM application that only imports `node:http` later.
  const load = createRequire(`${process.cwd()}/`);
  load('http');
  load('https');

  const timeoutMs = shutdownTimeout(options);
  let stopping: Promise<void> | undefined;
  const handle: SecotelHandle = {
    sdk,
    shutdown(reason = 'shutdown') {
      stopping ??= (async () => {
        // Attack findings still waiting for their request's route go out first, before the flush.
        reportPendingFindings();
        securityEvent('sys_shutdown', { message: `Process ${process.pid} is shutting down (${reason})`, 'security.reason': reason });
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            diag.warn(`secotel: flushing telemetry took longer than ${timeoutMs} ms; giving up`);
            resolve();
          }, timeoutMs);
          timer.unref();
        });
        await Promise.race([sdk.shutdown().catch((error: unknown) => diag.error('secotel: SDK shutdown failed', error)), deadline]);
        clearTimeout(timer);
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
  if (options.handleProcessEvents !== false) installLifecycle(handle);
  return handle;
}
