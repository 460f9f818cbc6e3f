import cluster from 'node:cluster';
import { reportPendingFindings } from '@secotel/instrumentation-http';
import { securityEvent } from '@secotel/sdk';
import type { SecotelHandle } from './start.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * A signal listener another OpenTelemetry setup installed that only shuts its SDK down and leaves
 * the process running: `@opentelemetry/auto-instrumentations-node/register`'s
 * `process.on('SIGTERM', shutdown)` (`async function shutdown() { await sdk.shutdown() ... }`).
 * It does not mean the application handles the signal; counted as such, nobody ended the process
 * and it ran until SIGKILL. Recognised by its source; a listener that exits, kills or closes
 * anything is the application's.
 */
export function isTelemetryOnlyListener(listener: (...args: never[]) => unknown): boolean {
  let source: string;
  try {
    source = Function.prototype.toString.call(listener);
  } catch {
    return false;
  }
  return /\bsdk\.shutdown\(\)/.test(source) && !/process\.(exit|kill|abort)|\.close\(|\.destroy\(/.test(source);
}

/** How long past the shutdown timeout an exit held off by {@link holdExitUntil} may wait at most. */
export const EXIT_HOLD_MARGIN_MS = 1000;

let holding = false;

/**
 * Holds off `process.exit()` calls made while `flushed` is pending, then exits with the first code
 * asked for: another signal handler that ends the process at once (Next.js's `next start` calls
 * `process.exit(143)` on SIGTERM) or Node's own exit of a cluster worker whose primary went away
 * would otherwise cut the flush of the last security events short. Meanwhile the caller goes on
 * as if nothing happened (its `process.exit()` returns), and `process.exitCode` is set to the code,
 * so a process that ends by itself meanwhile ends with it. Bounded: the held exit happens at the
 * latest `boundMs` after the hold began, whatever `flushed` does. Only one hold at a time.
 */
export function holdExitUntil(flushed: Promise<unknown>, boundMs: number): void {
  if (holding) return;
  holding = true;
  const previous = process.exit;
  let requested: { code: Parameters<typeof process.exit>[0] } | undefined;
  const held = function exit(code?: Parameters<typeof process.exit>[0]): never {
    if (requested === undefined) {
      try {
        if (code !== undefined) process.exitCode = code;
      } catch {
        // An invalid code: fail the way process.exit itself does, now.
        return previous.call(process, code);
      }
      requested = { code };
    }
    return undefined as never;
  } as typeof process.exit;
  process.exit = held;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    holding = false;
    if (process.exit === held) process.exit = previous;
    if (requested !== undefined) previous.call(process, requested.code);
  };
  // Unref'd: a process with nothing left to do ends by itself (with the held code) before the bound.
  const timer = setTimeout(release, boundMs);
  timer.unref();
  flushed.then(release, release);
}

/**
 * Reports process end and crashes without changing how the process ends:
 * - SIGTERM/SIGINT: report pending findings, emit `sys_shutdown` (before any other listener runs)
 *   and flush; if the application has no handler of its own for the signal, the signal is then
 *   raised again so the process dies of it as it would have (another SDK's shutdown-only listener,
 *   see {@link isTelemetryOnlyListener}, is not the application's and is removed first); if it has,
 *   a `process.exit()` it makes meanwhile waits for the flush ({@link holdExitUntil});
 * - a cluster worker's `disconnect` (its primary disconnected it, or went away): the same flush,
 *   before Node ends the worker;
 * - normal end of the event loop (`beforeExit`): flush, then let the process exit;
 * - uncaught exception: emit `sys_crash` and, when nothing else handles it, flush and exit with
 *   code 1 after printing the error, as Node.js does.
 */
export function installLifecycle(handle: SecotelHandle, exitBoundMs: number): void {
  for (const signal of SIGNALS) {
    const onSignal = () => {
      const others = process.listeners(signal).filter((listener) => listener !== onSignal);
      // Only ours (and telemetry shutdowns): the default action (exit) is what would have happened.
      const appHandles = others.some((listener) => !isTelemetryOnlyListener(listener));
      const flushed = handle.shutdown(signal);
      // The listeners after ours run now; one that ends the process at once waits for the flush.
      if (appHandles) holdExitUntil(flushed, exitBoundMs);
      void flushed.then(() => {
        if (appHandles) return;
        process.removeListener(signal, onSignal);
        // Left in place, it would take the raised signal too and the process would live on.
        for (const listener of others) process.removeListener(signal, listener);
        process.kill(process.pid, signal);
      });
    };
    // First, so sys_shutdown and the pending findings are emitted before another listener shuts
    // an SDK down or ends the process.
    process.prependListener(signal, onSignal);
  }

  if (cluster.isWorker) {
    // Node ends a worker whose primary disconnected it unexpectedly with process.exit(0) in its own
    // 'disconnect' listener; ours runs first. (SIGTERM from the primary's worker.kill() comes after
    // its disconnect and joins the same shutdown.)
    process.prependListener('disconnect', () => {
      holdExitUntil(handle.shutdown('disconnect'), exitBoundMs);
    });
  }

  let exiting = false;
  process.on('beforeExit', () => {
    if (exiting) return;
    exiting = true;
    void handle.shutdown('exit');
  });

  // process.exit(): nothing asynchronous runs any more, but a spool still takes the findings to disk.
  process.on('exit', () => {
    reportPendingFindings();
  });

  process.on('uncaughtExceptionMonitor', (error, origin) => {
    securityEvent('sys_crash', {
      message: `Process ${process.pid} crashed: ${origin}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      'error.type': error instanceof Error ? error.name : typeof error,
      'security.reason': origin,
    });
  });
  const onUncaught = (error: unknown) => {
    // Someone else handles it (the process lives on): that is their decision, not ours.
    if (process.listenerCount('uncaughtException') > 1) return;
    process.exitCode = 1;
    process.stderr.write(`${error instanceof Error && error.stack ? error.stack : String(error)}\n`);
    void handle.shutdown('crash').finally(() => process.exit(1));
  };
  process.on('uncaughtException', onUncaught);
}
