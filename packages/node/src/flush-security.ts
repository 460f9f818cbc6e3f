import { combineDeliveryReports } from '@secotel/spool';
import type { SecurityDeliveryReport, SecurityDeliveryReporter } from '@secotel/spool';

// Shared by the CommonJS and ESM copies of this package (register may load one, the app the other).
const SLOT = Symbol.for('secotel.node.security-delivery.v1');

type Holder = Record<symbol, readonly SecurityDeliveryReporter[] | undefined>;

/** Makes `flushSecurity()` report on these processors (those of the running secotel setup). */
export function setSecurityDeliveryReporters(reporters: readonly SecurityDeliveryReporter[]): void {
  (globalThis as unknown as Holder)[SLOT] = reporters;
}

function reporters(): readonly SecurityDeliveryReporter[] {
  return (globalThis as unknown as Holder)[SLOT] ?? [];
}

/**
 * Flushes the security records of the secotel setup started by `@secotel/node/register` or
 * `startSecotel()`, and resolves with what became of them, instead of pretending all went well:
 * `exported` (acknowledged by the collector), `dropped` (lost for good, with `droppedByReason`) and
 * `pending` (not delivered when the time was up: in memory, or on disk with a spool). Counts are
 * totals since start. Never rejects; with no secotel setup (or no OTLP logs exporter) every count is 0.
 *
 * @example
 * const { dropped, pending } = await flushSecurity({ timeoutMillis: 2000 });
 */
export async function flushSecurity(options: { timeoutMillis?: number } = {}): Promise<SecurityDeliveryReport> {
  const reports = await Promise.all(reporters().map((reporter) => reporter.flushSecurity(options)));
  return combineDeliveryReports(reports);
}

/** The same counts as {@link flushSecurity}, now, without flushing. */
export function securityDeliveryReport(): SecurityDeliveryReport {
  return combineDeliveryReports(reporters().map((reporter) => reporter.deliveryReport()));
}
