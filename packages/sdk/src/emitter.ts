import { ROOT_CONTEXT, context, diag, logs, trace } from '@opentelemetry/api';
import type { AttributeValue, Context, Logger } from '@opentelemetry/api';
import {
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_HMAC,
  ATTR_SECURITY_EVENT_CATEGORY,
  ATTR_SECURITY_EVENT_COUNT,
  ATTR_SECURITY_EVENT_ID,
  ATTR_SECURITY_EVENT_OUTCOME,
  ATTR_SECURITY_THRESHOLD_COUNT,
  ATTR_SECURITY_THRESHOLD_KEY,
  ATTR_SECURITY_THRESHOLD_WINDOW,
  ATTR_SESSION_ID,
  ATTR_USER_ID,
  SEVERITY_NUMBER_BY_LEVEL,
  eventCountOf,
} from '@secotel/semconv';
import type { OwaspLevel, SecurityEventOutcome } from '@secotel/semconv';
import { ChainWriter, checkpointMessage, detachChain } from './chain.js';
import { SecurityEventError } from './errors.js';
import type { SecurityEventFields } from './fields.js';
import { KNOWN_ATTRIBUTE_KEYS, suggestAttributeKey } from './internal/attribute-suggestion.js';
import { sharedSingleton } from './internal/global-state.js';
import { learnClean } from './internal/clean-memo.js';
import type { CleanMemo, MemoBudget } from './internal/clean-memo.js';
import { nextEventId } from './internal/event-id.js';
import { eventSeries, metricGeneration } from './internal/event-metric.js';
import type { EventSeries } from './internal/event-metric.js';
import { keyedHash, resolveHashKey } from './internal/keyed-hash.js';
import type { ResolvedSecurityOptions } from './options.js';
import { REDACTED, createCompiledRedactor } from './redact.js';
import type { CompiledRedactor, Redactor } from './redact.js';
import { registryVersion, resolveEventInfo, shortEventName } from './registry.js';
import type { ResolvedEventInfo } from './registry.js';
import { currentSecurityScope } from './scope.js';
import { ThresholdTracker } from './thresholds.js';
import type { ThresholdHit, ThresholdSlot } from './thresholds.js';
import { SDK_NAME, SDK_VERSION } from './version.js';

export { SECURITY_EVENTS_METRIC } from './internal/event-metric.js';

const OWNED_ATTRIBUTES: ReadonlySet<string> = new Set([ATTR_SECURITY_EVENT_CATEGORY, ATTR_SECURITY_EVENT_OUTCOME, ATTR_SECURITY_EVENT_ID]);
const CHAIN_ATTRIBUTE_PREFIX = 'security.chain.';
const CHECKPOINT_EVENT = 'chain_checkpoint';
const SHUTDOWN_EVENT = 'sys_shutdown';
// Inside a for-in loop, V8 proves hasOwnProperty.call(object, key) true from the loop's enum cache
// and drops the check; Object.hasOwn() it calls every time (about 7 ns per key, measured).
const hasOwnProperty = Object.prototype.hasOwnProperty;
const OUTCOMES: ReadonlySet<string> = new Set(['success', 'failure', 'unknown']);
const ATTRIBUTE_KEY_PATTERN = /^[a-z_][a-z0-9_]*(?:\.[a-z0-9_][a-z0-9_\-[\]$]*){0,15}$/;
const LOOSE_KEY_PATTERN = /^[^\u0000-\u001f\u007f]{1,256}$/;
/** Event names whose plan is cached per emitter; others are planned on every call. */
export const MAX_CACHED_NAMES = 1024;
/** Field keys whose checks are cached per emitter; others are checked on every call. */
export const MAX_CHECKED_KEYS = 1024;
const MAX_WARNED = 256;
// Once per process, shared by every emitter and by CommonJS and ESM copies of the SDK.
const providerCheck = sharedSingleton('logger-provider-check', () => ({ done: false }));

// What a field key is, decided once per key (see KeyPlan).
const KEY_ATTRIBUTE = 0;
const KEY_MESSAGE = 1;
const KEY_OUTCOME = 2;
const KEY_SEVERITY = 3;
const KEY_CHAIN = 4;
const KEY_OWNED = 5;
const KEY_INVALID = 6;

/** Everything about a field key that does not depend on its value, checked once per key. */
interface KeyPlan {
  /** What the key is in securityEvent()'s fields (KEY_*). */
  readonly kind: number;
  /** A valid attribute key (lower-case dotted; in the default mode, any printable key). */
  readonly syntaxOk: boolean;
  /** Redacted by key name: the value is always REDACTED. */
  readonly sensitive: boolean;
  /** `user.id` (hashUserId) or `session.id` (hashSessionId): string and number values are hashed. */
  readonly hashed: boolean;
  /** The known key this unknown key resembles, or null. */
  readonly suggestion: string | null;
  /** The spelling warning was given (default mode warns once per key). */
  warned: boolean;
  /** Kept in the emitter's cache (only then are clean values remembered). */
  readonly cached: boolean;
  /** String values redaction left unchanged (see internal/clean-memo.ts). */
  clean: CleanMemo;
}

/**
 * The attribute object of one event. An instance of a class gets room for a dozen properties in
 * the object itself (V8's slack tracking), where an object literal keeps 4 and moves the rest to
 * an out-of-line array it regrows as keys are added: about 90 bytes less per event.
 */
class EventAttributes {}

/** Field positions remembered per event name (see EventPlan.shapeKeys). */
const MAX_SHAPE_KEYS = 32;

const OUTCOME_INDEX: Readonly<Record<SecurityEventOutcome, number>> = { success: 0, failure: 1, unknown: 2 };

/** Everything about an event name that does not depend on the call, prepared once per name. */
interface EventPlan {
  readonly info: ResolvedEventInfo;
  /** The registry version the name was resolved under (a later registration may change it). */
  readonly registryVersion: number;
  /** The body when no message is given: the description, redacted once. */
  body: string | undefined;
  /** Kept in the emitter's cache (only then are clean messages remembered). */
  cached: boolean;
  /** Messages redaction left unchanged (see internal/clean-memo.ts). */
  messages: CleanMemo;
  /** The field keys of the last call by position, and their plans (at most MAX_SHAPE_KEYS). */
  readonly shapeKeys: (string | undefined)[];
  readonly shapePlans: (KeyPlan | undefined)[];
  /** The threshold slots that count this event; undefined when no rule does. */
  readonly slots: readonly ThresholdSlot[] | undefined;
  /** Metric series by outcome (OUTCOME_INDEX), valid while `metricGeneration` is current. */
  series: (EventSeries | undefined)[];
  metricGeneration: object | undefined;
}

/** Compiled configuration and per-process state behind `securityEvent()` and `setUser()`. */
export class SecurityEventEmitter {
  readonly options: ResolvedSecurityOptions;
  readonly redactor: Redactor;
  private readonly compiled: CompiledRedactor;
  private readonly hashKey: Buffer;
  private readonly tracker: ThresholdTracker;
  private readonly logger: Logger;
  private readonly chain: ChainWriter | undefined;
  /** Plans by the name as given (bare or prefixed), at most MAX_CACHED_NAMES. */
  private readonly plans = new Map<string, EventPlan>();
  private readonly warned = new Set<string>();
  /** Field keys already checked, at most MAX_CHECKED_KEYS. */
  private readonly keyPlans = new Map<string, KeyPlan>();
  /** Clean values remembered by all key and event plans (bounded, see internal/clean-memo.ts). */
  private readonly memoBudget: MemoBudget = { used: 0 };

  constructor(options: ResolvedSecurityOptions) {
    this.options = options;
    this.compiled = createCompiledRedactor({
      ...options.redaction,
      allowKeys: [...(options.redaction.allowKeys ?? []), ...(options.hashSessionId ? [ATTR_SESSION_ID] : [])],
    });
    this.redactor = this.compiled;
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
      const plan = this.plan(name);
      if (plan === undefined) return undefined;
      const info = plan.info;
      if (info.name === CHECKPOINT_EVENT) {
        this.reportInvalid('SECOTEL_ERR_INVALID_EVENT_NAME', `"${info.eventName}" records are written by secotel's hash chain; call emitChainCheckpoint() instead.`);
        return undefined;
      }
      const active = context.active();
      const attributes = new EventAttributes() as Record<string, AttributeValue>;
      const scope = currentSecurityScope(active);
      if (scope !== undefined) Object.assign(attributes, scope.attributes);
      let message: string | undefined;
      let outcome: SecurityEventOutcome = info.outcome;
      let level: OwaspLevel | undefined;
      if (fields !== undefined && fields !== null) {
        if (typeof fields !== 'object') {
          this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `securityEvent("${info.name}") takes an object of fields, got ${typeof fields}.`);
        } else {
          const given = fields as Readonly<Record<string, unknown>>;
          // A call site passes the same keys in the same order every time: the plans of the
          // keys of the last call, by position, spare a lookup per key.
          const shapeKeys = plan.shapeKeys;
          const shapePlans = plan.shapePlans;
          let position = 0;
          // Own enumerable keys in Object.keys() order, without allocating their array.
          for (const key in given) {
            if (!hasOwnProperty.call(given, key)) continue;
            const at = position++;
            const value = given[key];
            if (value === undefined || value === null) continue;
            let keyPlan: KeyPlan;
            if (shapeKeys[at] === key) {
              keyPlan = shapePlans[at] as KeyPlan;
            } else {
              keyPlan = this.keyPlans.get(key) ?? this.planKey(key);
              if (keyPlan.cached && plan.cached && at < MAX_SHAPE_KEYS) {
                shapeKeys[at] = key;
                shapePlans[at] = keyPlan;
              }
            }
            switch (keyPlan.kind) {
              case KEY_ATTRIBUTE:
                this.putChecked(attributes, key, value, keyPlan);
                break;
              case KEY_MESSAGE:
                message = typeof value === 'string' ? value : String(value);
                break;
              case KEY_OUTCOME:
                outcome = this.checkOutcome(value, outcome);
                break;
              case KEY_SEVERITY:
                level = this.checkLevel(value, level);
                break;
              case KEY_CHAIN:
                this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `"${key}" is set by secotel's hash chain and cannot be given.`);
                break;
              case KEY_OWNED:
                this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `"${key}" is set by secotel; use the outcome field or registerSecurityEvent() instead.`);
                break;
              default:
                this.reportInvalidKey(key);
                break;
            }
          }
        }
      }
      if (scope !== undefined && outcome === 'failure') scope.reportedFailures.add(info.category);
      return this.emitPrepared(plan, attributes, message, outcome, level ?? info.levelByOutcome?.[outcome] ?? info.level, active);
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
    const plan = this.keyPlans.get(key) ?? this.planKey(key);
    // Only the key's syntax decides here: setUser() checks which keys it takes itself.
    if (plan.syntaxOk) this.putChecked(target, key, value, plan);
    else this.reportInvalidKey(key);
  }

  /**
   * What a key is, checked once: reserved field, secotel's own, invalid, or an attribute key (with
   * its spelling, whether it names a secret and whether it is hashed). Cached up to
   * MAX_CHECKED_KEYS keys; beyond that, checked on every call (and, in the default mode, no longer
   * compared with the known keys, which bounds the cost of a flood of new keys).
   */
  private planKey(key: string): KeyPlan {
    const cacheable = this.keyPlans.size < MAX_CHECKED_KEYS;
    // As a property name, `__proto__` would set the attribute object's prototype, not an attribute.
    const syntaxOk = key !== '__proto__' && (ATTRIBUTE_KEY_PATTERN.test(key) || (!this.options.strict && LOOSE_KEY_PATTERN.test(key)));
    let kind = KEY_ATTRIBUTE;
    if (key === 'message') kind = KEY_MESSAGE;
    else if (key === 'outcome') kind = KEY_OUTCOME;
    else if (key === 'severity') kind = KEY_SEVERITY;
    else if (key.startsWith(CHAIN_ATTRIBUTE_PREFIX)) kind = KEY_CHAIN;
    else if (OWNED_ATTRIBUTES.has(key)) kind = KEY_OWNED;
    else if (!syntaxOk) kind = KEY_INVALID;
    const compare = syntaxOk && !KNOWN_ATTRIBUTE_KEYS.has(key) && (cacheable || this.options.strict);
    const plan: KeyPlan = {
      kind,
      syntaxOk,
      sensitive: syntaxOk && this.compiled.isSensitiveKey(key),
      hashed: (key === ATTR_USER_ID && this.options.hashUserId) || (key === ATTR_SESSION_ID && this.options.hashSessionId),
      suggestion: compare ? (suggestAttributeKey(key) ?? null) : null,
      warned: false,
      cached: cacheable,
      clean: undefined,
    };
    if (cacheable) this.keyPlans.set(key, plan);
    return plan;
  }

  private reportInvalidKey(key: string): void {
    this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `Invalid attribute key ${JSON.stringify(key.slice(0, 64))}: use lower-case dot-separated semantic-convention names such as "user.id".`);
  }

  /** putAttribute() for a key of valid syntax, its plan at hand. */
  private putChecked(target: Record<string, AttributeValue>, key: string, value: unknown, plan: KeyPlan): void {
    if (plan.suggestion !== null) this.misspelled(key, plan);
    let safe: AttributeValue | undefined;
    switch (typeof value) {
      case 'string':
        if (plan.hashed) safe = keyedHash(this.hashKey, value);
        else if (plan.sensitive) safe = REDACTED;
        else if (plan.clean?.has(value) === true) safe = value;
        else {
          safe = this.compiled.valueText(value);
          if (safe === value && plan.cached && plan.clean !== null) plan.clean = learnClean(plan.clean, value, this.memoBudget);
        }
        break;
      case 'number':
        // Numbers and booleans cannot hide a secret by shape: only the key can redact them.
        safe = plan.hashed ? keyedHash(this.hashKey, String(value)) : plan.sensitive ? REDACTED : Number.isFinite(value) ? value : String(value);
        break;
      case 'boolean':
        safe = plan.sensitive ? REDACTED : value;
        break;
      default:
        safe = value === undefined || value === null ? undefined : plan.sensitive ? REDACTED : this.compiled.attributeOfKnownKey(value);
        break;
    }
    if (safe === undefined) {
      this.reportInvalid('SECOTEL_ERR_INVALID_ATTRIBUTE', `Attribute "${key}" has a value of type ${typeof value} that cannot be exported.`);
      return;
    }
    target[key] = safe;
  }

  /**
   * A key near a known one is most likely misspelled: strict mode rejects it, the default mode
   * keeps it and warns once.
   */
  private misspelled(key: string, plan: KeyPlan): void {
    if (!this.options.strict && plan.warned) return;
    const message = `Unknown attribute "${key}": did you mean ${String(plan.suggestion)}? Put attributes of your own under "app." (or pass them through customAttributes()).`;
    if (this.options.strict) throw new SecurityEventError('SECOTEL_ERR_INVALID_ATTRIBUTE', message);
    plan.warned = true;
    this.warnOnce(`spelling:${key}`, `secotel: ${message}`);
  }

  private emitPrepared(
    plan: EventPlan,
    attributes: Record<string, AttributeValue>,
    message: string | undefined,
    outcome: SecurityEventOutcome,
    level: OwaspLevel,
    active: Context,
  ): string | undefined {
    const info = plan.info;
    // secotel's own values: constants of the event and the id, never redacted. With the chain on,
    // the id is the record's place in it, set when the record is sealed.
    attributes[ATTR_SECURITY_EVENT_CATEGORY] = info.category;
    attributes[ATTR_SECURITY_EVENT_OUTCOME] = outcome;
    if (this.chain === undefined) attributes[ATTR_SECURITY_EVENT_ID] = nextEventId();
    const body = message === undefined ? (plan.body ??= this.redactor.text(info.description)) : this.messageText(plan, message);
    if (!providerCheck.done && this.options.loggerProvider === undefined) this.checkLoggerProvider();
    const severityNumber = level === info.level ? info.severityNumber : SEVERITY_NUMBER_BY_LEVEL[level];
    // A keyed chain covers the exact timestamp, so it is taken here; else the SDK takes it (the
    // same Date.now()), and the clock is read here only for the thresholds.
    const stamped = this.chain !== undefined && this.chain.checkpoints;
    const timeMs = stamped || plan.slots !== undefined ? Date.now() : 0;
    const recordTimeMs = stamped ? timeMs : undefined;
    const checkpointDue = this.chain !== undefined && this.chain.seal(info.eventName, recordTimeMs ?? 0, severityNumber, level, body, attributes);
    let id: string | undefined;
    try {
      this.emitRecord(info.eventName, severityNumber, level, body, attributes, active, recordTimeMs);
      id = attributes[ATTR_SECURITY_EVENT_ID] as string;
    } catch (error) {
      // A log processor or exporter that throws loses this record, not the rest of the event: the
      // span event, the metric and the threshold counting (a brute force is still seen) go on.
      // With the chain on, the record's place stays taken: a verifier reports it missing.
      diag.error(`secotel: the log record of security event "${info.eventName}" could not be emitted`, error);
    }
    if (this.options.spanEvents) this.addSpanEvent(info.eventName, attributes, active);
    if (this.options.metrics) this.count(plan, outcome, eventCountOf(attributes[ATTR_SECURITY_EVENT_COUNT]) ?? 1);
    // The process is stopping: close the chain so a verifier can tell a clean end from a cut tail.
    const closing = info.name === SHUTDOWN_EVENT && this.chain !== undefined;
    if (checkpointDue && !closing) this.emitChainCheckpoint(false);
    if (plan.slots !== undefined) this.applyThresholds(plan, attributes, timeMs);
    if (closing) this.emitChainCheckpoint(true);
    return id;
  }

  /**
   * The event on the active span, with the record's attributes but not its chain HMAC (the log
   * record has been emitted: the SDK copied the attributes, so they may be changed now).
   */
  private addSpanEvent(eventName: string, attributes: Record<string, AttributeValue>, active: Context): void {
    const span = trace.getSpan(active);
    if (span === undefined || !span.isRecording()) return;
    if (attributes[ATTR_SECURITY_CHAIN_HMAC] === undefined) {
      span.addEvent(eventName, attributes);
      return;
    }
    const { [ATTR_SECURITY_CHAIN_HMAC]: _hmac, ...event } = attributes;
    span.addEvent(eventName, event);
  }

  /** The body for a message: redacted, or remembered as clean for this event name. */
  private messageText(plan: EventPlan, message: string): string {
    if (plan.messages?.has(message) === true) return message;
    const body = this.redactor.text(message);
    if (body === message && plan.cached && plan.messages !== null) plan.messages = learnClean(plan.messages, message, this.memoBudget);
    return body;
  }

  /**
   * Emits the (sealed) log record; with `timeMs`, with that explicit timestamp (integer
   * milliseconds) so that a keyed chain covers exactly the `timeUnixNano` that is exported.
   */
  private emitRecord(
    eventName: string,
    severityNumber: number,
    severityText: string,
    body: string,
    attributes: Record<string, AttributeValue>,
    active: Context,
    timeMs: number | undefined,
  ): void {
    const timestamp: [number, number] | undefined = timeMs === undefined ? undefined : [Math.trunc(timeMs / 1000), (timeMs % 1000) * 1e6];
    this.logger.emit({ eventName, severityNumber, severityText, body, attributes, context: active, timestamp });
  }

  /**
   * Emits a `security.chain_checkpoint` record now, covering every record so far; `final` marks
   * the end of the stream (shutdown). Does nothing without a chain key or signing key, or when
   * there is nothing new to cover. Returns the checkpoint's place in the chain (the seq of its
   * `security.event.id`). Never throws.
   */
  emitChainCheckpoint(final: boolean): number | undefined {
    const chain = this.chain;
    try {
      if (chain === undefined || !chain.checkpointWanted(final)) return undefined;
      const plan = this.plan(CHECKPOINT_EVENT);
      if (plan === undefined) return undefined;
      const info = plan.info;
      const timeMs = Date.now();
      const attributes = chain.checkpointAttributes(final, timeMs);
      attributes[ATTR_SECURITY_EVENT_CATEGORY] = info.category;
      attributes[ATTR_SECURITY_EVENT_OUTCOME] = info.outcome;
      const body = checkpointMessage(chain.stream, attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ] as number, final);
      chain.sealCheckpoint(final, info.eventName, timeMs, info.severityNumber, info.level, body, attributes);
      const seq = chain.seq; // the checkpoint's own place
      // Not inside whichever request happened to trigger it.
      this.emitRecord(info.eventName, info.severityNumber, info.level, body, attributes, ROOT_CONTEXT, timeMs);
      if (this.options.metrics) this.count(plan, info.outcome);
      return seq;
    } catch (error) {
      diag.error('secotel: chain checkpoint failed', error);
      return undefined;
    }
  }

  /** Counts the event in its threshold slots; emits one aggregate event per rule that fired. */
  private applyThresholds(source: EventPlan, attributes: Record<string, AttributeValue>, now: number): void {
    const slots = source.slots as readonly ThresholdSlot[];
    let hits: ThresholdHit[] | undefined;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as ThresholdSlot;
      const raw = attributes[slot.key];
      if (raw === undefined || raw === null || raw === '') continue;
      const value = typeof raw === 'string' ? raw : String(raw);
      if (this.tracker.hit(slot, value, now)) (hits ??= []).push({ rule: slot.rule, key: slot.key, value });
    }
    if (hits === undefined) return;
    // One aggregate event per rule even when several keys (user and address) fire together.
    const byRule = new Map<ThresholdHit['rule'], ThresholdHit[]>();
    for (const hit of hits) byRule.set(hit.rule, [...(byRule.get(hit.rule) ?? []), hit]);
    for (const [rule, ruleHits] of byRule) {
      const plan = this.plan(rule.emit);
      if (plan === undefined) continue;
      const info = plan.info;
      const aggregate: Record<string, AttributeValue> = {};
      for (const key of rule.by) {
        const value = attributes[key];
        if (value !== undefined) aggregate[key] = value;
      }
      aggregate[ATTR_SECURITY_THRESHOLD_COUNT] = rule.count;
      aggregate[ATTR_SECURITY_THRESHOLD_WINDOW] = rule.windowMs;
      aggregate[ATTR_SECURITY_THRESHOLD_KEY] = ruleHits.map((hit) => hit.key);
      const who = ruleHits.map((hit) => `${hit.key}=${hit.value}`).join(', ');
      const message = `${rule.count} ${source.info.eventName} events within ${rule.windowMs / 1000} s for ${who}`;
      this.emitPrepared(plan, aggregate, message, info.outcome, info.level, context.active());
    }
  }

  /**
   * The plan of an event name: resolved, checked and prepared on first use, then cached (up to
   * MAX_CACHED_NAMES names, so names made at run time cannot grow it without bound). A plan
   * resolved before a later registerSecurityEvent() is made again.
   */
  private plan(name: string): EventPlan | undefined {
    const cached = this.plans.get(name);
    if (cached !== undefined && cached.registryVersion === registryVersion()) return cached;
    const version = registryVersion();
    const info = this.resolve(name);
    if (info === undefined) return undefined;
    const plan: EventPlan = {
      info,
      registryVersion: version,
      body: undefined,
      cached: false,
      messages: undefined,
      shapeKeys: [],
      shapePlans: [],
      slots: this.tracker.slotsFor(info.name),
      series: [undefined, undefined, undefined],
      metricGeneration: undefined,
    };
    if (cached !== undefined || this.plans.size < MAX_CACHED_NAMES) {
      if (cached?.messages) this.memoBudget.used -= cached.messages.size;
      plan.cached = true;
      this.plans.set(name, plan);
    }
    return plan;
  }

  /** Number of event names with a cached plan (bounded by MAX_CACHED_NAMES). @internal */
  get cachedNames(): number {
    return this.plans.size;
  }

  /** Number of field keys with cached checks (bounded by MAX_CHECKED_KEYS). @internal */
  get cachedKeys(): number {
    return this.keyPlans.size;
  }

  /** Number of clean values remembered (bounded by MAX_MEMO_VALUES). @internal */
  get cachedValues(): number {
    return this.memoBudget.used;
  }

  private resolve(name: string): ResolvedEventInfo | undefined {
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
    }
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

  /**
   * Adds `by` (1, or the `security.event.count` of a summary) to the event's series of
   * `secotel.security.events` (see internal/event-metric.ts).
   */
  private count(plan: EventPlan, outcome: SecurityEventOutcome, by = 1): void {
    const generation = metricGeneration();
    if (plan.metricGeneration !== generation) {
      plan.metricGeneration = generation;
      plan.series = [undefined, undefined, undefined];
    }
    const index = OUTCOME_INDEX[outcome];
    let series = plan.series[index];
    if (series === undefined) {
      series = eventSeries(plan.info.eventName, plan.info.category, outcome);
      plan.series[index] = series;
    }
    series.count += by;
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
