// deploy/rules/secotel-prometheus.rules.yml: the PromQL rules on secotel's metrics, checked with
// promtool (`check rules`, and `test rules` on deploy/rules/tests/*.yml, whose cases say on which
// series each rule fires and on which it stays quiet), and the metric and label names they use
// derived from what the SDK really exports, by the OTLP -> Prometheus translation.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { logs, metrics } from '@opentelemetry/api';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricData } from '@opentelemetry/sdk-metrics';
import { SECURITY_EVENTS_METRIC, initSecurity, securityEvent } from '@secotel/sdk';
import { AccountingBatchLogRecordProcessor, SECURITY_DROPPED_METRIC } from '@secotel/spool';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers/collector.ts';
import { findPromtool, requirePromtool, runPromtool, skipWithoutPromtool } from './helpers/promtool.ts';

const RULES_DIR = join(REPO_ROOT, 'deploy', 'rules');
const RULES = join(RULES_DIR, 'secotel-prometheus.rules.yml');
const TESTS_DIR = join(RULES_DIR, 'tests');

interface Rule {
  alert: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface RuleTestFile {
  rule_files: string[];
  tests: { name: string; alert_rule_test?: { eval_time: string; alertname: string; exp_alerts?: unknown[] }[] }[];
}

const rules = (parse(readFileSync(RULES, 'utf8')) as RuleFile).groups.flatMap((g) => g.rules);
const testFiles = readdirSync(TESTS_DIR)
  .filter((f) => f.endsWith('.yml'))
  .map((f) => join(TESTS_DIR, f));

/**
 * The OTLP -> Prometheus metric name, as Prometheus 3's OTLP receiver (UnderscoreEscapingWithSuffixes)
 * and the collector's prometheus/prometheusremotewrite exporters (add_metric_suffixes) build it, for
 * the metric shapes secotel has: characters outside [a-zA-Z0-9_:] become `_`, a braced unit is an
 * annotation (no suffix), a cumulative monotonic sum gets `_total`.
 */
function prometheusMetricName(metric: MetricData): string {
  assert.match(metric.descriptor.unit, /^(\{[^}]*\})?$/, `${metric.descriptor.name}: a unit with a Prometheus suffix; extend prometheusMetricName`);
  const base = metric.descriptor.name.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/__+/g, '_');
  const counter = metric.dataPointType === DataPointType.SUM && metric.isMonotonic && metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
  assert.ok(counter, `${metric.descriptor.name} is not a cumulative monotonic sum`);
  return `${base}_total`;
}
const prometheusLabelName = (attribute: string) => attribute.replace(/[^a-zA-Z0-9_]/g, '_');

/** The metrics secotel exports, as a real SDK pipeline hands them to an OTLP exporter. */
async function exportedMetrics(): Promise<MetricData[]> {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  const accepting: LogRecordExporter = { export: (_records, done) => done({ code: 0 }), shutdown: async () => {}, forceFlush: async () => {} };
  const processor = new AccountingBatchLogRecordProcessor({ exporter: accepting });
  const loggerProvider = new LoggerProvider({ processors: [processor] });
  logs.setGlobalLoggerProvider(loggerProvider);
  try {
    initSecurity({ thresholds: false });
    securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': '192.0.2.1' });
    await processor.shutdown();
    securityEvent('sys_crash'); // after the processor's shutdown: dropped, reason "shutdown"
    await reader.forceFlush();
    return exporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
  } finally {
    await meterProvider.shutdown();
    await loggerProvider.shutdown();
    metrics.disable();
    logs.disable();
  }
}

/** `(max_over_time(C[W]) unless C offset W) or increase(C[W])` -> `increase(C[W])`. */
function withoutNewSeriesTerm(expr: string): string {
  return expr.replace(/\(max_over_time\(([^[]+)\[(\w+)\]\) unless \1 offset \2\) or (increase\(\1\[\2\]\))/g, '$3');
}

const promtool = findPromtool();

describe('deploy/rules/secotel-prometheus.rules.yml (promtool)', { skip: skipWithoutPromtool(promtool) }, () => {
  // Each test fails on its own with the missing-promtool message (CI=true without promtool).
  const bin = () => requirePromtool(promtool);
  let workDir: string;
  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'secotel-promrules-'));
  });
  after(() => {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it('passes promtool check rules', () => {
    const result = runPromtool(bin(), ['check', 'rules', RULES]);
    assert.ok(result.ok, result.output);
    assert.match(result.output, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });

  it('passes its unit tests: promtool test rules deploy/rules/tests/*.yml', () => {
    assert.ok(testFiles.length > 0, 'no rule unit tests in deploy/rules/tests');
    const result = runPromtool(bin(), ['test', 'rules', ...testFiles]);
    assert.ok(result.ok, result.output);
    assert.doesNotMatch(result.output, /FAILED/);
  });

  it('fails its unit tests without the new-series term (so the tests have teeth, and the term is needed)', () => {
    const promtoolBin = bin();
    const copy = join(workDir, 'rules');
    cpSync(RULES_DIR, copy, { recursive: true });
    const text = readFileSync(RULES, 'utf8');
    const mutated = withoutNewSeriesTerm(text);
    assert.equal((mutated.match(/max_over_time/g) ?? []).length, 0, 'the new-series term is not in the expected shape');
    writeFileSync(join(copy, 'secotel-prometheus.rules.yml'), mutated);
    assert.ok(runPromtool(promtoolBin, ['check', 'rules', join(copy, 'secotel-prometheus.rules.yml')]).ok);
    const result = runPromtool(promtoolBin, ['test', 'rules', ...testFiles.map((f) => join(copy, 'tests', f.slice(TESTS_DIR.length + 1)))]);
    assert.equal(result.ok, false, 'the unit tests pass with plain increase()');
    for (const alert of ['SecotelFleetFailedLogins', 'SecotelSecurityEventsDropped', 'SecotelMonitoringDisabled', 'SecotelCrashLoop']) {
      assert.match(result.output, new RegExp(`alertname: ${alert}`), `${alert}: no test caught the missing first sample`);
    }
  });
});

describe('deploy/rules/secotel-prometheus.rules.yml (content)', () => {
  it('has a unit test in which each rule fires and one in which it stays quiet', () => {
    const cases = testFiles.flatMap((f) => (parse(readFileSync(f, 'utf8')) as RuleTestFile).tests.flatMap((t) => t.alert_rule_test ?? []));
    for (const rule of rules) {
      const own = cases.filter((c) => c.alertname === rule.alert);
      assert.ok(own.some((c) => (c.exp_alerts ?? []).length > 0), `${rule.alert}: no test case where it fires`);
      assert.ok(own.some((c) => (c.exp_alerts ?? []).length === 0), `${rule.alert}: no test case where it stays quiet`);
    }
    for (const file of testFiles) assert.deepEqual((parse(readFileSync(file, 'utf8')) as RuleTestFile).rule_files, ['../secotel-prometheus.rules.yml']);
  });

  it('covers the detections: fleet failed logins, attack rate, dropped events, monitoring disabled, crash loop', () => {
    const byEvent = (event: string) => rules.filter((r) => r.expr.includes(`security_event_name="${event}"`)).map((r) => r.alert);
    assert.deepEqual(byEvent('security.authn_login_fail'), ['SecotelFleetFailedLogins']);
    assert.deepEqual(byEvent('security.attack_detected'), ['SecotelAttackRateHigh']);
    assert.deepEqual(byEvent('security.sys_monitor_disabled'), ['SecotelMonitoringDisabled']);
    assert.deepEqual(byEvent('security.sys_crash'), ['SecotelCrashLoop']);
    assert.deepEqual(
      rules.filter((r) => r.expr.includes('secotel_security_dropped_total')).map((r) => r.alert),
      ['SecotelSecurityEventsDropped'],
    );
    for (const rule of rules) assert.ok(['critical', 'warning'].includes(rule.labels?.severity ?? ''), `${rule.alert}: severity`);
  });

  it('uses the names Prometheus gives the metrics the SDK and the spool really export', async () => {
    const exported = await exportedMetrics();
    const events = exported.find((m) => m.descriptor.name === SECURITY_EVENTS_METRIC);
    const dropped = exported.find((m) => m.descriptor.name === SECURITY_DROPPED_METRIC);
    assert.ok(events && dropped, `exported: ${exported.map((m) => m.descriptor.name).join(', ')}`);
    assert.equal(prometheusMetricName(events), 'secotel_security_events_total');
    assert.equal(prometheusMetricName(dropped), 'secotel_security_dropped_total');
    const eventLabels = new Set(events.dataPoints.flatMap((p) => Object.keys(p.attributes)).map(prometheusLabelName));
    assert.deepEqual([...eventLabels].sort(), ['security_event_category', 'security_event_name', 'security_event_outcome'], 'no user.id or client.address on the metric');
    assert.deepEqual(dropped.dataPoints.map((p) => p.attributes), [{ reason: 'shutdown' }]);
    const failedLogin = events.dataPoints.find((p) => p.attributes['security.event.name'] === 'security.authn_login_fail');
    assert.equal(failedLogin?.attributes['security.event.category'], 'authn');

    // Every metric and label in the rules is one of these (or a resource label: job, instance).
    const known = new Set(['secotel_security_events_total', 'secotel_security_dropped_total']);
    const labels = new Set([...eventLabels, 'reason', 'job', 'instance']);
    for (const rule of rules) {
      const expr = rule.expr.replace(/"[^"]*"/g, '""');
      for (const [name] of expr.matchAll(/\bsecotel_[a-z_]+/g)) assert.ok(known.has(name), `${rule.alert}: unknown metric ${name}`);
      for (const [, inner] of expr.matchAll(/\{([^}]*)\}/g)) {
        for (const [, label] of inner!.matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g)) assert.ok(labels.has(label!), `${rule.alert}: unknown label ${label}`);
      }
      for (const [, list] of expr.matchAll(/\bby \(([^)]*)\)/g)) {
        for (const label of list!.split(',').map((l) => l.trim())) assert.ok(labels.has(label), `${rule.alert}: groups by unknown label ${label}`);
      }
      for (const text of Object.values(rule.annotations ?? {})) {
        for (const [, label] of text.matchAll(/\$labels\.([a-z_]+)/g)) assert.ok(rule.expr.includes(label!), `${rule.alert}: annotation uses ${label}, which the expression does not keep`);
      }
    }
  });

  it('is what the README shows as the PromQL rule that pages on fleet-wide failed logins', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const rule = rules.find((r) => r.alert === 'SecotelFleetFailedLogins');
    assert.ok(rule !== undefined && readme.includes(rule.expr), `the README does not show ${rule?.expr}`);
    for (const name of ['secotel_security_events_total', 'secotel_security_dropped_total']) assert.ok(readme.includes(name), `the README does not name ${name}`);
  });
});
