import { reportPendingFindings } from '@secotel/instrumentation-http';
import { securityEvent } from '@secotel/sdk';
import type { SecotelHandle } from './start.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Reports process end and crashes without changing how the process ends:
 * - SIGTERM/SIGINT: emit `sys_shutdown` and flush; if the application has no handler of its own
 *   for the signal, the signal is then raised again so the process dies of it as it would have;
 * - normal end of the event loop (`beforeExit`): flush, then let the process exit;
 * - uncaught exception: emit `sys_crash` and, when nothing else handles it, flush and exit with
 *   code 1 after printing the error, as Node.js does.
 */
export function installLifecycle(handle: SecotelHandle): void {
  for (const signal of SIGNALS) {
    const onSignal = () => {
      // Only ours: the default action (exit) was what would have happened without secotel.
      const appHandles = process.listenerCount(signal) > 1;
      void handle.shutdown(signal).then(() => {
        if (appHandles) return;
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      });
    };
    process.on(signal, onSignal);
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
