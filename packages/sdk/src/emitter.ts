import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, context, diag, logs, metrics, trace } from '@opentelemetry/api';
import type { AttributeValue, Context, Counter, Logger, MeterProvider } from '@opentelemetry/api';
import {
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_SEQ,
  ATTR_SECURITY_EVENT_CATEGORY,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_THRESHOLD_COUNT,
  ATTR_SECURITY_THRESHOLD_KEY,
  ATTR_SECURITY_THRESHOLD_WINDOW,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
  SEVERITY_NUMBER_BY_LEVEL,
} from '@secotel/semconv';
import type { OwaspLevel, SecurityEventOutcome } from '@secotel/semconv';
import { ChainWriter, checkpointMessage, detachChain } from './chain.js';
import { SecurityEventError } from './errors.js';
import type { SecurityEventFields } from './fields.js';
import { KNOWN_ATTRIBUTE_KEYS, suggestAttributeKey } from './internal/attribute-suggestion.js';
import { sharedSingleton } from './internal/global-state.js';
import { keyedHash, resolveHashKey } from './internal/keyed-hash.js';
import type { ResolvedSecurityOptions } from './options.js';
import { createRedactor } from './redact.js';
import type { Redactor } from './redact.js';
import { resolveEventInfo, shortEventName } from './registry.js';
import type { ResolvedEventInfo } from './registry.js';
import { getSecurityScope } from './scope.js';
import { ThresholdTracker } from './thresholds.js';
import type { ThresholdHit } from './thresholds.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

/** Metric that counts security events, for dashboards and alerts that need no log query. */
export const SECURITY_EVENTS_METRIC = 'secotel.security.events';

const RESERVED_FIELDS: ReadonlySet<string> = new Set(['message', 'outcome', 'severity']);
const OWNED_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR_SECURITY_EVENT_CATEGORY, ATTR_SECURITY_EVENT_OUTCOME, ATTR_SECURITY_EVENT_ID]);
const CHAIN_ATTRIBUTE_PREFIX = 'security.chain.';
const CHECKPOINT_EVENT = 'chain_checkpoint';
const SHUTDOWN_EVENT = 'sys_shutdown';
const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure', 'unknown']);
const ATTRIBUTE_KEY_PATTERN = /^[a-z_][a-z0-9_]*(?:\.[a-z0-9_][a-z0-9_\-[\]$]*){0,15}$/;
const LOOSE_KEY_PATTERN = /^[^\u0000-\u001f\u007f]{1,256}$/;
const MAX_CACHED_NAMES = 1024;
const MAX_CHECKED_KEYS = 1024;
const MAX_WARNED = 256;
// Once per process, shared by every emitter and by CommonJS and ESM copies of the SDK.
const providerCheck = sharedSingleton('logger-provider-check', () => ({ done: false }));

/** Compiled configuration and per-process state behind `securityEvent()` and `setUser()`. */
export class SecurityEventEmitter {
  readonly options: ResolvedSecurityOptions;
  readonly redactor: Redactor;
  private readonly hashKey: Buffer;
  private readonly tracker: ThresholdTracker;
  private readonly logger: Logger;
  private readonly chain: ChainWriter | undefined;
  private readonly names = new Map<string, ResolvedEventInfo>();
  private readonly warned = new Set<string>();
  /** Unknown attribute keys already compared with the known ones, and the key each resembles. */
  private readonly checkedKeys = new Map<string, string | null>();
  private counter: Counter | undefined;
  private counterProvider: MeterProvider | undefined;

  constructor(options: ResolvedSecurityOptions) {
    this.options = options;
    this.redactor = createRedactor({
      ...options.redaction,
      allowKeys: [...(options.redaction.allowKeys ?? []), ...(options.hashSessionId ? [ATTR_SESSION_ID] : [])],
    });
    const { key, ephemeral } = resolveHashKey(options.hashKey);
    this.hashKey = key;
    if (ephemeral && (options.hashUserId || options.hashSessionId)) {
      diag.debug('secotel: no SECOTEL_HASH_KEY set; identifiers are hashed with a random per-process key.');
    }
    this.tracker = new ThresholdTracker(options.thresholds, options.thresholdMaxKeys);
    this.logger = (options.loggerProvider ?? logs).getLogger(SDK_NAME, SDK_VERSION);
    if (options.chain === undefined) detachChain();
    this.chain = options.chain === undefined ? undefined : new ChainWriter(options.chain, this);
  }

  /** Emits one security event; returns its `security.event.id`, or undefined if it was dropped. */
  emit(name: string, fields: SecurityEventFields | undefined): string | undefined {
    try {
      const info = this.resolve(name);
      if (info === undefined) return undefined;
      if (info.name === CHECKPOINT_EVENT) {
        this.reportInvalid('SECOTEL_ERR_INVALID_EVENT_NAME', `"${info.eventName}" records are written by secotel's hash chain; call emitChainCheckpoint() instead.`);
        return undefined;
      }
      const attributes: Record<string, AttributeValue> = {};
      const scope = getSecurityScope();
      if (scope !== undefined) Object.assign(attributes, scope.attributes);
      let message: string | undefined;
      let outcome: SecurityEventOutcome = info.outcome;
      let level: OwaspLevel | undefined;
      if (fields !== undefined && fields !== null) {
        if (typeof fields !== 'object') {
          this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `securityEvent("${info.name}") takes an object of fields, got ${typeof fields}.`);
        } else {
          const given = fields as Readonly<Record<string, unknown>>;
          for (const key of Object.keys(given)) {
            const value = given[key];
            if (value === undefined || value === null) continue;
            if (RESERVED_FIELDS.has(key)) {
              if (key === 'message') message = typeof value === 'string' ? value : String(value);
              else if (key === 'outcome') outcome = this.checkOutcome(value, outcome);
              else level = this.checkLevel(value, level);
              continue;
            }
            if (key.startsWith(CHAIN_ATTRIBUTE_PREFIX)) {
              this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `"${key}" is set by secotel's hash chain and cannot be given.`);
              continue;
            }
            if (OWNED_ATTRIBUTES.has(key)) {
              this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `"${key}" is set by secotel; use the outcome field or registerSecurityEvent() instead.`);
              continue;
            }
            this.putAttribute(attributes, key, value);
          }
        }
      }
      if (scope !== undefined && outcome === 'failure') scope.reportedFailures.add(info.category);
      return this.emitPrepared(info, attributes, message, outcome, level ?? info.levelByOutcome?.[outcome] ?? info.level);
    } catch (error) {
      if (this.options.strict && error instanceof SecurityEventError) throw error;
      diag.error(`secotel: security event "${String(name)}" could not be emitted`, error);
      return undefined;
    }
  }

  /**
   * Makes one attribute safe and stores it: keyed hash for `user.id` (when configured) and
   * `session.id`, redaction by key and by shape, control characters escaped, length capped.
   */
  putAttribute(target: Record<string, AttributeValue>, key: string, value: unknown): void {
    if (!ATTRIBUTE_KEY_PATTERN.test(key)) {
      if (this.options.strict || !LOOSE_KEY_PATTERN.test(key)) {
        this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `Invalid attribute key ${JSON.stringify(key.slice(0, 64))}: use lower-case dot-separated semantic-convention names such as "user.id".`);
        return;
      }
    }
    if (!KNOWN_ATTRIBUTE_KEYS.has(key)) this.checkSpelling(key);
    if (key === ATTR_USER_ID && this.options.hashUserId && (typeof value === 'string' || typeof value === 'number')) {
      target[key] = keyedHash(this.hashKey, String(value));
      return;
    }
    if (key === ATTR_SESSION_ID && this.options.hashSessionId && (typeof value === 'string' || typeof value === 'number')) {
      target[key] = keyedHash(this.hashKey, String(value));
      return;
    }
    const safe = this.redactor.attribute(key, value);
    if (safe === undefined) {
      this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `Attribute "${key}" has a value of type ${typeof value} that cannot be exported.`);
      return;
    }
    target[key] = safe;
  }

  /**
   * A key near a known one is most likely misspelled: strict mode rejects it, the default mode
   * keeps it and warns once. Each unknown key is compared once (up to a cap), never a known key.
   */
  private checkSpelling(key: string): void {
    let suggestion = this.checkedKeys.get(key);
    if (suggestion === undefined) {
      if (this.checkedKeys.size >= MAX_CHECKED_KEYS && !this.options.strict) return;
      suggestion = suggestAttributeKey(key) ?? null;
      if (this.checkedKeys.size < MAX_CHECKED_KEYS) this.checkedKeys.set(key, suggestion);
    }
    if (suggestion === null) return;
    const message = `Unknown attribute "${key}": did you mean ${suggestion}? Put attributes of your own under "app." (or pass them through customAttributes()).`;
    if (this.options.strict) throw new SecurityEventError('SECOTEL_ERR_INVALID_ATTRIBUTE', message);
    this.warnOnce(`spelling:${key}`, `secotel: ${message}`);
  }

  private emitPrepared(
    info: ResolvedEventInfo,
    attributes: Record<string, AttributeValue>,
    message: string | undefined,
    outcome: SecurityEventOutcome,
    level: OwaspLevel,
  ): string {
    const id = randomUUID();
    attributes[ATTR_SECURITY_EVENT_CATEGORY] = info.category;
    attributes[ATTR_SECURITY_EVENT_OUTCOME] = outcome;
    attributes[ATTR_SECURITY_EVENT_ID] = id;
    const body = this.redactor.text(message ?? info.description);
    if (!providerCheck.done && this.options.loggerProvider === undefined) this.checkLoggerProvider();
    const active = context.active();
    // The span event first: it gets the event's attributes, not the log record's chain attributes.
    if (this.options.spanEvents) {
      const span = trace.getSpan(active);
      if (span !== undefined && span.isRecording()) span.addEvent(info.eventName, attributes);
    }
    const severityNumber = level === info.level ? info.severityNumber : SEVERITY_NUMBER_BY_LEVEL[level];
    const checkpointDue = this.emitRecord(info.eventName, severityNumber, level, body, attributes, active, Date.now());
    if (this.options.metrics) this.count(info, outcome);
    // The process is stopping: close the chain so a verifier can tell a clean end from a cut tail.
    const closing = info.name === SHUTDOWN_EVENT && this.chain !== undefined;
    if (checkpointDue && !closing) this.emitChainCheckpoint(false);
    if (this.tracker.watches(info.name)) this.applyThresholds(info, attributes);
    if (closing) this.emitChainCheckpoint(true);
    return id;
  }

  /**
   * Emits the log record, with an explicit timestamp (integer milliseconds) so that the chain
   * covers exactly the `timeUnixNano` that is exported. Returns true when a checkpoint is due.
   */
  private emitRecord(
    eventName: string,
    severityNumber: number,
    severityText: string,
    body: string,
    attributes: Record<string, AttributeValue>,
    active: Context,
    timeMs: number,
  ): boolean {
    const checkpointDue = this.chain !== undefined && this.chain.seal(eventName, timeMs, severityNumber, severityText, body, attributes);
    this.logger.emit({ eventName, severityNumber, severityText, body, attributes, context: active, timestamp: [Math.trunc(timeMs / 1000), (timeMs % 1000) * 1e6] });
    return checkpointDue;
  }

  /**
   * Emits a `security.chain_checkpoint` record now, covering every record so far; `final` marks
   * the end of the stream (shutdown). Does nothing without a chain key or signing key, or when
   * there is nothing new to cover. Returns the checkpoint's `security.chain.seq`. Never throws.
   */
  emitChainCheckpoint(final: boolean): number | undefined {
    const chain = this.chain;
    try {
      if (chain === undefined || !chain.checkpointWanted(final)) return undefined;
      const info = this.resolve(CHECKPOINT_EVENT);
      if (info === undefined) return undefined;
      const timeMs = Date.now();
      const attributes = chain.checkpointAttributes(final, timeMs);
      attributes[ATTR_SECURITY_EVENT_CATEGORY] = info.category;
      attributes[ATTR_SECURITY_EVENT_OUTCOME] = info.outcome;
      attributes[ATTR_SECURITY_EVENT_ID] = randomUUID();
      const body = checkpointMessage(chain.stream, attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ] as number, final);
      chain.sealCheckpoint(final, info.eventName, timeMs, info.severityNumber, info.level, body, attributes);
      // Not inside whichever request happened to trigger it.
      this.logger.emit({
        eventName: info.eventName,
        severityNumber: info.severityNumber,
        severityText: info.level,
        body,
        attributes,
        context: ROOT_CONTEXT,
        timestamp: [Math.trunc(timeMs / 1000), (timeMs % 1000) * 1e6],
      });
      if (this.options.metrics) this.count(info, info.outcome);
      return attributes[ATTR_SECURITY_CHAIN_SEQ] as number;
    } catch (error) {
      diag.error('secotel: chain checkpoint failed', error);
      return undefined;
    }
  }

  private applyThresholds(source: ResolvedEventInfo, attributes: Record<string, AttributeValue>): void {
    const hits = this.tracker.record(source.name, (key) => attributes[key]);
    if (hits.length === 0) return;
    // One aggregate event per rule even when several keys (user and address) fire together.
    const byRule = new Map<ThresholdHit['rule'], ThresholdHit[]>();
    for (const hit of hits) byRule.set(hit.rule, [...(byRule.get(hit.rule) ?? []), hit]);
    for (const [rule, ruleHits] of byRule) {
      const info = this.resolve(rule.emit);
      if (info === undefined) continue;
      const aggregate: Record<string, AttributeValue> = {};
      for (const key of rule.by) {
        const value = attributes[key];
        if (value !== undefined) aggregate[key] = value;
      }
      aggregate[ATTR_SECURITY_THRESHOLD_COUNT] = rule.count;
      aggregate[ATTR_SECURITY_THRESHOLD_WINDOW] = rule.windowMs;
      aggregate[ATTR_SECURITY_THRESHOLD_KEY] = ruleHits.map((hit) => hit.key);
      const who = ruleHits.map((hit) => `${hit.key}=${hit.value}`).join(', ');
      const message = `${rule.count} ${source.eventName} events within ${rule.windowMs / 1000} s for ${who}`;
      this.emitPrepared(info, aggregate, message, info.outcome, info.level);
    }
  }

  private resolve(name: string): ResolvedEventInfo | undefined {
    const cached = this.names.get(name);
    if (cached !== undefined) return cached;
    if (typeof name !== 'string') {
      this.reportInvalid('SECOTEL_ERR_INVALID_EVENT_NAME', `Security event name must be a string, got ${typeof name}.`);
      return undefined;
    }
    const info = resolveEventInfo(name);
    if (info === undefined) {
      this.reportInvalid(
        'SECOTEL_ERR_INVALID_EVENT_NAME',
        `Invalid security event name ${JSON.stringify(name.slice(0, 80))}: use a catalogue name such as "authn_login_fail" or lower-case letters, digits and "_".`,
      );
      return undefined;
    }
    if (!info.known) {
      if (this.options.strict) {
        throw new SecurityEventError(
          'SECOTEL_ERR_UNKNOWN_EVENT_NAME',
          `Unknown security event "${shortEventName(name)}": check the spelling against the catalogue or call registerSecurityEvent() first.`,
        );
      }
      this.warnOnce(`unknown:${info.name}`, `secotel: "${info.name}" is not in the event catalogue and not registered; emitting it with category "custom". Call registerSecurityEvent() to describe it.`);
      return info;
    }
    if (this.names.size < MAX_CACHED_NAMES) this.names.set(name, info);
    return info;
  }

  private checkOutcome(value: unknown, fallback: SecurityEventOutcome): SecurityEventOutcome {
    if (typeof value === 'string' && OUTCOMES.has(value)) return value as SecurityEventOutcome;
    this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `outcome must be "success", "failure" or "unknown", got ${JSON.stringify(String(value)).slice(0, 40)}.`);
    return fallback;
  }

  private checkLevel(value: unknown, fallback: OwaspLevel | undefined): OwaspLevel | undefined {
    if (value === 'INFO' || value === 'WARN' || value === 'CRITICAL') return value;
    this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `severity must be "INFO", "WARN" or "CRITICAL", got ${JSON.stringify(String(value)).slice(0, 40)}.`);
    return fallback;
  }

  private count(info: ResolvedEventInfo, outcome: string): void {
    // The metrics API has no proxy provider: a meter taken before the SDK registered its
    // provider stays a no-op, so take the counter again whenever the global provider changes.
    const provider = metrics.getMeterProvider();
    if (provider !== this.counterProvider || this.counter === undefined) {
      this.counterProvider = provider;
      this.counter = provider.getMeter(SDK_NAME, SDK_VERSION).createCounter(SECURITY_EVENTS_METRIC, {
        description: 'Security events emitted, by event name, category and outcome.',
        unit: '{event}',
      });
    }
    this.counter.add(1, {
      'security.event.name': info.eventName,
      [ATTR_SECURITY_EVENT_CATEGORY]: info.category,
      [ATTR_SECURITY_EVENT_OUTCOME]: outcome,
    });
  }

  private checkLoggerProvider(): void {
    providerCheck.done = true;
    const provider = logs.getLoggerProvider() as { _getDelegateLogger?: (name: string) => unknown };
    // The API's proxy provider has no delegate until an SDK registers one: records go nowhere.
    if (typeof provider._getDelegateLogger === 'function' && provider._getDelegateLogger(SDK_NAME) === undefined) {
      process.emitWarning(
        'No OpenTelemetry LoggerProvider is registered, so security events are being dropped. ' +
          'Start the process with `node --require @secotel/node/register` (or `--import` for ESM), ' +
          'or register a LoggerProvider with an exporter (for example NodeSDK from @opentelemetry/sdk-node) before emitting events.',
        { code: 'SECOTEL_NO_LOGGER_PROVIDER', type: 'SecotelWarning' },
      );
    }
  }

  /** Throws in strict mode; otherwise reports the problem once through `diag`. */
  reportInvalid(code: 'SECOTEL_ERR_INVALID_ATTRIBUTE' | 'SECOTEL_ERR_INVALID_EVENT_NAME', message: string): void {
    if (this.options.strict) throw new SecurityEventError(code, message);
    this.warnOnce(message, `secotel: ${message}`);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key) || this.warned.size >= MAX_WARNED) return;
    this.warned.add(key);
    diag.warn(message);
  }
}
