import type { LoggerProvider } from '@opentelemetry/api';
import type { RedactionOptions } from './redact.js';
import type { ThresholdRule } from './thresholds.js';
import { DEFAULT_THRESHOLD_MAX_KEYS, DEFAULT_THRESHOLD_RULES, parseThreshold } from './thresholds.js';
import { SecurityEventError } from './errors.js';
import type { ChainOptions } from './chain.js';
import { resolveChainOptions } from './internal/chain-config.js';
import type { ResolvedChainOptions } from './internal/chain-config.js';

/** Options of `initSecurity()`. Every option also has a `SECOTEL_*` environment variable. */
export interface SecurityOptions {
  /**
   * Throw a `SecurityEventError` for invalid or unknown event names and invalid attributes instead
   * of reporting them through `diag`. For tests and development. Env: `SECOTEL_STRICT=true`.
   */
  strict?: boolean;
  /**
   * Also add each security event as a span event on the active span. Default false: the log
   * record already carries the span's trace and span id, and OpenTelemetry is deprecating the
   * Span Event API in favour of log-based events (OTEP 4430). Env: `SECOTEL_SPAN_EVENTS`.
   */
  spanEvents?: boolean;
  /** Count events in the `secotel.security.events` metric. Default true. Env: `SECOTEL_METRICS`. */
  metrics?: boolean;
  /**
   * Threshold rules, or `false` to turn them off. Default: 5 `authn_login_fail` for the same
   * `user.id` or `client.address` within 300 s emit one `authn_login_fail_max`
   * (env `SECOTEL_LOGIN_FAIL_THRESHOLD`, e.g. `5/300s`).
   */
  thresholds?: readonly ThresholdRule[] | false;
  /** Cap on keys the threshold rules track (LRU). Default 10,000. Env: `SECOTEL_THRESHOLD_MAX_KEYS`. */
  thresholdMaxKeys?: number;
  /** Redaction settings; `sensitiveKeys` add to the built-in list. Env: `SECOTEL_REDACT_KEYS` (comma-separated). */
  redaction?: RedactionOptions;
  /** Replace `user.id` with a keyed hash. Default false. Env: `SECOTEL_HASH_USER_ID=true`. */
  hashUserId?: boolean;
  /** Replace `session.id` with a keyed hash. Default true. Env: `SECOTEL_HASH_SESSION_ID`. */
  hashSessionId?: boolean;
  /**
   * Key for the keyed hashes (HMAC-SHA256). Env: `SECOTEL_HASH_KEY`. Without one a random key is
   * made per process, so hashes correlate within one process lifetime only.
   */
  hashKey?: string | Uint8Array;
  /**
   * Tamper evidence: the hash chain and its checkpoints (see {@link ChainOptions}); `false` turns
   * it off. On by default with stream and seq only; a key adds HMACs and checkpoints. Env:
   * `SECOTEL_CHAIN=off`, `SECOTEL_CHAIN_KEY`, `SECOTEL_CHAIN_KEY_FILE`, ...
   */
  chain?: ChainOptions | false;
  /**
   * The LoggerProvider security records go to instead of the global one: for a process where
   * another OpenTelemetry SDK owns the globals and security events keep a pipeline of their own
   * (`@secotel/node` does this when it finds an SDK already started). Default: the global provider.
   */
  loggerProvider?: LoggerProvider;
}

/** Fully resolved options, environment applied. */
export interface ResolvedSecurityOptions {
  readonly strict: boolean;
  readonly spanEvents: boolean;
  readonly metrics: boolean;
  readonly thresholds: readonly ThresholdRule[];
  readonly thresholdMaxKeys: number;
  readonly redaction: RedactionOptions;
  readonly hashUserId: boolean;
  readonly hashSessionId: boolean;
  readonly hashKey: string | Uint8Array | undefined;
  /** Undefined when the chain is off. */
  readonly chain: ResolvedChainOptions | undefined;
  /** Undefined: the global LoggerProvider. */
  readonly loggerProvider: LoggerProvider | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function envBoolean(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes' || value === 'on') return true;
  if (value === 'false' || value === '0' || value === 'no' || value === 'off') return false;
  throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `${name}=${raw} is not a boolean: use true or false.`);
}

function envList(env: Env, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `${what} must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

function validateRules(rules: readonly ThresholdRule[]): readonly ThresholdRule[] {
  for (const rule of rules) {
    if (typeof rule.event !== 'string' || typeof rule.emit !== 'string' || !Array.isArray(rule.by) || rule.by.length === 0) {
      throw new SecurityEventError(
        'SECOTEL_ERR_INVALID_OPTION',
        'Each threshold rule needs { event, by: [attribute keys], count, windowMs, emit }.',
      );
    }
    if (rule.event === rule.emit) {
      throw new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', `Threshold rule for ${rule.event} must emit a different event.`);
    }
    positiveInteger(rule.count, `Threshold rule ${rule.event}: count`);
    positiveInteger(rule.windowMs, `Threshold rule ${rule.event}: windowMs`);
  }
  return rules;
}

/**
 * Merges options with the `SECOTEL_*` environment variables (options win) and validates them.
 * Throws `SecurityEventError` with code `SECOTEL_ERR_INVALID_OPTION` for bad values.
 */
export function resolveSecurityOptions(options: SecurityOptions = {}, env: Env = process.env): ResolvedSecurityOptions {
  let thresholds: readonly ThresholdRule[];
  if (options.thresholds === false) {
    thresholds = [];
  } else if (options.thresholds !== undefined) {
    thresholds = validateRules(options.thresholds);
  } else {
    const raw = env.SECOTEL_LOGIN_FAIL_THRESHOLD;
    if (raw !== undefined && raw.trim() !== '') {
      const parsed = raw.trim() === 'off' ? null : parseThreshold(raw);
      if (parsed === undefined) {
        throw new SecurityEventError(
          'SECOTEL_ERR_INVALID_OPTION',
          `SECOTEL_LOGIN_FAIL_THRESHOLD=${raw} is not COUNT/DURATION (for example 5/300s) or off.`,
        );
      }
      const base = DEFAULT_THRESHOLD_RULES[0] as ThresholdRule;
      thresholds = parsed === null ? [] : [{ ...base, count: parsed.count, windowMs: parsed.windowMs }];
    } else {
      thresholds = DEFAULT_THRESHOLD_RULES;
    }
  }
  const envKeys = envList(env, 'SECOTEL_REDACT_KEYS');
  const redaction: RedactionOptions = {
    ...options.redaction,
    sensitiveKeys: [...(options.redaction?.sensitiveKeys ?? []), ...(envKeys ?? [])],
  };
  const maxKeysEnv = env.SECOTEL_THRESHOLD_MAX_KEYS;
  const thresholdMaxKeys = positiveInteger(
    options.thresholdMaxKeys ?? (maxKeysEnv !== undefined && maxKeysEnv !== '' ? Number(maxKeysEnv) : DEFAULT_THRESHOLD_MAX_KEYS),
    'thresholdMaxKeys (SECOTEL_THRESHOLD_MAX_KEYS)',
  );
  return Object.freeze({
    strict: options.strict ?? envBoolean(env, 'SECOTEL_STRICT') ?? false,
    spanEvents: options.spanEvents ?? envBoolean(env, 'SECOTEL_SPAN_EVENTS') ?? false,
    metrics: options.metrics ?? envBoolean(env, 'SECOTEL_METRICS') ?? true,
    thresholds,
    thresholdMaxKeys,
    redaction,
    hashUserId: options.hashUserId ?? envBoolean(env, 'SECOTEL_HASH_USER_ID') ?? false,
    hashSessionId: options.hashSessionId ?? envBoolean(env, 'SECOTEL_HASH_SESSION_ID') ?? true,
    hashKey: options.hashKey ?? (env.SECOTEL_HASH_KEY !== undefined && env.SECOTEL_HASH_KEY !== '' ? env.SECOTEL_HASH_KEY : undefined),
    chain: resolveChainOptions(options.chain, env),
    loggerProvider: options.loggerProvider,
  });
}
