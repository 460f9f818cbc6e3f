// promtool (Prometheus' rule checker and rule unit-test runner) for the tests of the PromQL rules
// and of the Grafana dashboards' PromQL queries. It comes from Debian's `prometheus` package
// (`apt-get install prometheus`), which .ci/run installs; `SECOTEL_PROMTOOL_BIN` overrides the
// one on PATH.
//
// In CI (CI=true) a missing promtool fails the tests that need it, with this message; in a
// developer run without it they are skipped with the same message.
import { spawnSync } from 'node:child_process';

export const PROMTOOL_MISSING =
  'promtool is not on PATH: install it (Debian/Ubuntu: apt-get install prometheus; or set SECOTEL_PROMTOOL_BIN) to run the PromQL checks';

/** The promtool command, or undefined when there is none. */
export function findPromtool(): string | undefined {
  const candidate = process.env.SECOTEL_PROMTOOL_BIN || 'promtool';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0 ? candidate : undefined;
}

/**
 * The `skip` option for a suite that needs promtool: false when it is there, and also in CI, where
 * the suite's own `before` must then fail (see {@link requirePromtool}); otherwise the reason.
 */
export function skipWithoutPromtool(promtool: string | undefined): string | false {
  if (promtool !== undefined || process.env.CI === 'true') return false;
  return `${PROMTOOL_MISSING} (skipped outside CI; with CI=true this fails)`;
}

/** Returns promtool or throws the missing-promtool error (for a suite's `before`). */
export function requirePromtool(promtool: string | undefined): string {
  if (promtool === undefined) throw new Error(`${PROMTOOL_MISSING}. .ci/run installs it with apt-get; CI=true makes its absence a failure.`);
  return promtool;
}

/** Runs promtool; `ok` is its verdict, `output` what it printed. */
export function runPromtool(promtool: string, args: string[], cwd?: string): { ok: boolean; output: string } {
  const result = spawnSync(promtool, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}` };
}
