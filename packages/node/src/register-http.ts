// Which HTTP sensor `register` starts: instrumentation-http with secotel's hooks (traces exported:
// events correlated with the server span), or, when no trace is exported, node:http's diagnostics
// channels feeding the same security logic without the cost of making spans nobody receives.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { SecurityHttpInstrumentation, SecurityHttpServerObserver } from '@secotel/instrumentation-http';
import type { SecurityHttpInstrumentationConfig } from '@secotel/instrumentation-http';

/**
 * `SECOTEL_MODE`: `auto` (default) is security-only exactly when `OTEL_TRACES_EXPORTER` is
 * `none`; `security-only` observes HTTP without instrumentation-http whatever the trace exporter;
 * `traces` always uses instrumentation-http (server spans for a tracer provider of your own).
 */
export type SecotelMode = 'auto' | 'security-only' | 'traces';

type Env = Readonly<Record<string, string | undefined>>;

/** The mode `SECOTEL_MODE` asks for; an unknown value warns once and counts as `auto`. */
export function secotelModeFromEnv(env: Env = process.env): SecotelMode {
  const raw = env.SECOTEL_MODE?.trim().toLowerCase() ?? '';
  if (raw === '' || raw === 'auto') return 'auto';
  if (raw === 'security-only' || raw === 'traces') return raw;
  process.emitWarning(`secotel: SECOTEL_MODE=${env.SECOTEL_MODE ?? ''} is not one of auto, security-only, traces; using auto.`, {
    code: 'SECOTEL_INVALID_MODE',
    type: 'SecotelWarning',
  });
  return 'auto';
}

/** True when `OTEL_TRACES_EXPORTER` turns trace export off (`none`, as the SDK reads it: the first entry). */
export function tracesExportedFromEnv(env: Env = process.env): boolean {
  const first = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .find((entry) => entry !== '' && entry !== 'null');
  return first !== 'none';
}

/**
 * Whether HTTP is observed in security-only mode. `sdkOfItsOwn`: secotel starts the OpenTelemetry
 * SDK itself (with another SDK started first, its trace exporters are unknown to secotel, so only
 * an explicit `SECOTEL_MODE=security-only` turns instrumentation-http off).
 */
export function isSecurityOnly(mode: SecotelMode, sdkOfItsOwn: boolean, env: Env = process.env): boolean {
  if (mode === 'security-only') return true;
  if (mode === 'traces' || !sdkOfItsOwn) return false;
  return !tracesExportedFromEnv(env);
}

/** The HTTP sensor for the mode: instrumentation-http with the hooks, or the diagnostics-channel observer. */
export function createHttpSensor(config: SecurityHttpInstrumentationConfig | undefined, securityOnly: boolean): Instrumentation {
  if (!securityOnly) return new SecurityHttpInstrumentation(config);
  const { security, ignoreIncomingRequestHook, enabled } = config ?? {};
  return new SecurityHttpServerObserver({
    security,
    ...(enabled === undefined ? {} : { enabled }),
    ...(ignoreIncomingRequestHook === undefined ? {} : { ignoreIncomingRequestHook }),
  });
}
