import { metrics } from '@opentelemetry/api';
import type { Attributes, MeterProvider, ObservableResult } from '@opentelemetry/api';
import { ATTR_SECURITY_EVENT_CATEGORY, ATTR_SECURITY_EVENT_OUTCOME } from '@secotel/semconv';
import { SDK_NAME, SDK_VERSION } from '../version.js';
import { sharedSingleton } from './global-state.js';

/** Metric that counts security events, for dashboards and alerts that need no log query. */
export const SECURITY_EVENTS_METRIC = 'secotel.security.events';

const DESCRIPTION = 'Security events emitted, by event name, category and outcome.';
const UNIT = '{event}';
/**
 * Distinct (name, category, outcome) series counted per meter provider; further ones go to one
 * `otel.metric.overflow` series, as the metrics SDK does at its default cardinality limit (2000,
 * the overflow series included).
 */
export const MAX_EVENT_SERIES = 1999;
const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One data point of `secotel.security.events`: its attributes (one frozen object) and its count. */
export interface EventSeries {
  readonly attributes: Attributes;
  count: number;
}

/** The counts reported to one MeterProvider. */
interface Generation {
  readonly provider: MeterProvider | undefined;
  readonly series: Map<string, EventSeries>;
  overflow: EventSeries | undefined;
}

interface MetricState {
  /** Replaced when the global provider changes; series taken from an older one are stale. */
  current: Generation;
}

// Process-wide, like the counter it replaces: every emitter (initSecurity() makes a new one) and
// the CommonJS and ESM copies of the SDK add to the same counts.
const state = sharedSingleton<MetricState>('event-metric', () => ({ current: { provider: undefined, series: new Map(), overflow: undefined } }));

/**
 * `secotel.security.events` is an asynchronous (observable) monotonic counter: events are counted
 * here, in one number per series, and the counts are reported when the metric reader collects.
 * A synchronous counter would hash its attribute object on every `add()` (`hashAttributes`: keys
 * sorted, JSON-serialised), the most expensive part of counting. The exported metric is the same
 * cumulative monotonic sum with the same name, unit, description and attributes.
 *
 * The metrics API has no proxy provider: a meter taken before the SDK registered its provider
 * stays a no-op. So the global provider is checked on every event and, when it changed, a new
 * instrument is made on the new one with counts that start at zero (the old provider keeps
 * reporting what it counted).
 *
 * Returns the current generation, an opaque token: series from {@link eventSeries} stay valid
 * while it is the same object.
 */
export function metricGeneration(): object {
  const provider = metrics.getMeterProvider();
  const current = state.current;
  return provider === current.provider ? current : switchProvider(provider);
}

function switchProvider(provider: MeterProvider): Generation {
  const generation: Generation = { provider, series: new Map(), overflow: undefined };
  state.current = generation;
  const counter = provider.getMeter(SDK_NAME, SDK_VERSION).createObservableCounter(SECURITY_EVENTS_METRIC, { description: DESCRIPTION, unit: UNIT });
  // This generation's counts only: an old provider's callback keeps reporting its own final ones.
  counter.addCallback((result: ObservableResult) => {
    for (const point of generation.series.values()) result.observe(point.count, point.attributes);
    if (generation.overflow !== undefined) result.observe(generation.overflow.count, generation.overflow.attributes);
  });
  return generation;
}

/**
 * The series of (eventName, category, outcome) in the current generation (call
 * {@link metricGeneration} first), made on first use.
 */
export function eventSeries(eventName: string, category: string, outcome: string): EventSeries {
  const generation = state.current;
  const key = `${eventName}\u0000${outcome}\u0000${category}`;
  let point = generation.series.get(key);
  if (point !== undefined) return point;
  if (generation.series.size >= MAX_EVENT_SERIES) {
    generation.overflow ??= { attributes: OVERFLOW_ATTRIBUTES, count: 0 };
    return generation.overflow;
  }
  point = {
    attributes: Object.freeze({
      'security.event.name': eventName,
      [ATTR_SECURITY_EVENT_CATEGORY]: category,
      [ATTR_SECURITY_EVENT_OUTCOME]: outcome,
    }),
    count: 0,
  };
  generation.series.set(key, point);
  return point;
}

/** Number of series counted for the current provider (for tests). */
export function eventSeriesCount(): number {
  return state.current.series.size + (state.current.overflow === undefined ? 0 : 1);
}
