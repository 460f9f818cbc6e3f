// The fleet-wide rule files in deploy/rules/: the vmalert (LogsQL) rules are checked by vmalert's
// own parser here and run against a real VictoriaLogs in test/e2e/fleet-rules.test.ts; the Loki
// ruler (LogQL) rules cannot be run here (Loki is AGPL, neither built nor bundled), so they are
// checked as text: the Prometheus-style rule-file structure (by vmalert's strict parser, with the
// expressions set aside), and that each rule is the twin of its VictoriaLogs rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './helpers/collector.ts';
import { ensureBackendBinaries } from './helpers/victoria.ts';
import { logsqlDetection } from './helpers/logsql-rule.ts';
import type { LogsqlDetection } from './helpers/logsql-rule.ts';

const VLOGS_RULES = join(REPO_ROOT, 'deploy', 'rules', 'secotel-victorialogs.rules.yml');
const LOKI_RULES = join(REPO_ROOT, 'deploy', 'rules', 'secotel-loki.rules.yml');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; type?: string; rules: Rule[] }[];
}

type Detection = LogsqlDetection;

function readRules(path: string): RuleFile {
  return parse(readFileSync(path, 'utf8')) as RuleFile;
}

function rulesOf(file: RuleFile): (Rule & { group: string })[] {
  return file.groups.flatMap((group) => group.rules.map((rule) => ({ ...rule, group: group.name })));
}

/** The LogQL that gives a record without security_event_count a count of 1 and sums the counts. */
const LOGQL_COUNT_DEFAULT = ' | label_format security_event_count=`{{ or .security_event_count "1" }}` | unwrap security_event_count';

/**
 * The same from LogQL: `sum by (a_b) (count_over_time({service_name=~".+"} | security_event_name="x" | a_b!="" [5m])) > 10`,
 * or, adding up findings, `sum_over_time(...` with {@link LOGQL_COUNT_DEFAULT} before the range.
 */
function logqlDetection(expr: string): Detection {
  const summed = expr.includes(LOGQL_COUNT_DEFAULT);
  if (summed) {
    assert.ok(expr.startsWith('sum by (') && expr.includes(' (sum_over_time({'), `${expr} gives records a default count but does not sum it`);
    return { ...logqlDetection(expr.replace(LOGQL_COUNT_DEFAULT, '').replace(' (sum_over_time({', ' (count_over_time({')), summed };
  }
  assert.ok(!expr.includes('security_event_count'), `${expr} reads security_event_count without the default for records that have none`);
  const plain = /^sum by \(([^)]+)\) \(count_over_time\(\{service_name=~"\.\+"\} \| security_event_name="(security\.[a-z0-9_]+)"((?: \| [a-z_]+(?:!=""|="[^"]*"))*) \[(\d+m)\]\)\) > (\d+)$/;
  const distinct = /^count by \(([^)]+)\) \(sum by \(([^)]+)\) \(count_over_time\(\{service_name=~"\.\+"\} \| security_event_name="(security\.[a-z0-9_]+)"((?: \| [a-z_]+(?:!=""|="[^"]*"))*) \[(\d+m)\]\)\)\) > (\d+)$/;
  const conditionsOf = (text: string) =>
    text
      .split(' | ')
      .map((c) => c.trim().replace(/^\| /, ''))
      .filter((c) => c !== '')
      .map((c) => c.replace(/^([a-z_]+)(!=""|="([^"]*)")$/, (_, label: string, op: string, value?: string) => (op === '!=""' ? `${label} present` : `${label} = ${value}`)));
  const m1 = plain.exec(expr);
  if (m1) {
    const [, by, event, conditions, window, threshold] = m1 as unknown as string[];
    return { event: event!, window: window!, by: by!.split(',').map((l) => l.trim()), distinct: undefined, threshold: Number(threshold), conditions: conditionsOf(conditions!), summed: false };
  }
  const m2 = distinct.exec(expr);
  assert.ok(m2, `LogQL rule not in the expected shape: ${expr}`);
  const [, outer, inner, event, conditions, window, threshold] = m2 as unknown as string[];
  const outerBy = outer!.split(',').map((l) => l.trim());
  const innerBy = inner!.split(',').map((l) => l.trim());
  const extra = innerBy.filter((l) => !outerBy.includes(l));
  assert.equal(extra.length, 1, `the inner sum of ${expr} adds exactly the label whose distinct values are counted`);
  return { event: event!, window: window!, by: outerBy, distinct: extra[0], threshold: Number(threshold), conditions: conditionsOf(conditions!), summed: false };
}

/** Loki's OTLP ingest turns attribute names into label names by replacing dots with underscores. */
const lokiName = (field: string) => field.replaceAll('.', '_');
const toLoki = (d: Detection): Detection => ({
  ...d,
  by: d.by.map(lokiName),
  distinct: d.distinct === undefined ? undefined : lokiName(d.distinct),
  conditions: d.conditions.map((c) => c.replace(/^\S+/, lokiName)),
});

/** Runs `vmalert -dryRun` on rule files; `ok` is its verdict, `output` what it said. */
function vmalertDryRun(files: string[], extraArgs: string[] = []): { ok: boolean; output: string } {
  const result = spawnSync(ensureBackendBinaries().vmalert, ['-dryRun', ...files.map((f) => `-rule=${f}`), ...extraArgs], { encoding: 'utf8', timeout: 30_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

describe('deploy/rules: fleet-wide rule files', () => {
  let workDir: string;
  let vlogs: RuleFile;
  let loki: RuleFile;

  before(() => {
    workDir = mkdtempSync(join(tmpdir(), 'secotel-rules-'));
    vlogs = readRules(VLOGS_RULES);
    loki = readRules(LOKI_RULES);
  });
  after(() => {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it('the vmalert rules pass vmalert -dryRun, which parses every LogsQL expression and template', () => {
    const result = vmalertDryRun([VLOGS_RULES]);
    assert.ok(result.ok, result.output);
    for (const group of vlogs.groups) assert.equal(group.type, 'vlogs', `group ${group.name} declares type: vlogs`);
  });

  it('vmalert -dryRun rejects a broken LogsQL expression (so the check above has teeth)', () => {
    const broken = join(workDir, 'broken.rules.yml');
    writeFileSync(broken, readFileSync(VLOGS_RULES, 'utf8').replace('| stats by (user.id) count() as failures', '| stats by (user.id count() as failures'));
    const result = vmalertDryRun([broken]);
    assert.equal(result.ok, false, 'a rule file with an unbalanced stats clause was accepted');
    assert.match(result.output, /SecotelFleetBruteForceByUser/);
  });

  it('the Loki rules are a valid ruler rule file: vmalert parses the same Prometheus-style structure strictly', () => {
    // vmalert knows no LogQL: set the expressions aside (each is checked against its twin below),
    // keep every other key, and let its strict parser reject unknown keys and bad templates.
    const placeholder = structuredClone(loki);
    for (const rule of rulesOf(placeholder)) assert.equal(typeof rule.expr, 'string');
    for (const group of placeholder.groups) for (const rule of group.rules) rule.expr = 'vector(1) > 0';
    const file = join(workDir, 'loki-structure.rules.yml');
    writeFileSync(file, stringify(placeholder));
    const result = vmalertDryRun([file], ['-rule.defaultRuleType=prometheus']);
    assert.ok(result.ok, result.output);
    assert.ok(loki.groups.every((group) => group.type === undefined), 'Loki rule groups have no vmalert type');

    const misspelt = join(workDir, 'loki-misspelt.rules.yml');
    writeFileSync(misspelt, stringify(placeholder).replace('annotations:', 'anotations:'));
    assert.equal(vmalertDryRun([misspelt], ['-rule.defaultRuleType=prometheus']).ok, false, 'a misspelt rule key was accepted');
  });

  it('has one Loki rule for every vmalert rule, in the same group, with the same severity', () => {
    const name = (r: Rule & { group: string }) => `${r.group}/${r.alert}`;
    assert.deepEqual(rulesOf(loki).map(name), rulesOf(vlogs).map(name));
    for (const rule of rulesOf(vlogs)) {
      const twin = rulesOf(loki).find((r) => r.alert === rule.alert);
      assert.deepEqual(twin?.labels, rule.labels, rule.alert);
      assert.equal(twin?.for, rule.for, rule.alert);
      assert.deepEqual(Object.keys(twin?.annotations ?? {}), ['summary', 'description'], rule.alert);
    }
  });

  it('each Loki rule counts the same event over the same window, grouped the same way, against the same threshold', () => {
    for (const rule of rulesOf(vlogs)) {
      const twin = rulesOf(loki).find((r) => r.alert === rule.alert);
      assert.ok(twin);
      assert.deepEqual(logqlDetection(twin.expr), toLoki(logsqlDetection(rule.expr)), rule.alert);
    }
  });

  it('uses the field names as each store has them: dotted in LogsQL, underscored labels in LogQL', () => {
    for (const rule of rulesOf(loki)) {
      const outsideQuotes = rule.expr.replace(/"[^"]*"/g, '""');
      assert.doesNotMatch(outsideQuotes, /[a-z]\.[a-z]/, `${rule.alert}: a dotted name in LogQL (Loki labels use _)`);
      const by = logqlDetection(rule.expr).by;
      for (const text of Object.values(rule.annotations ?? {})) {
        for (const [, label] of text.matchAll(/\$labels\.([a-z_]+)/g)) assert.ok(by.includes(label!), `${rule.alert}: annotation uses $labels.${label}, not in by (${by.join(', ')})`);
      }
    }
    for (const rule of rulesOf(vlogs)) {
      const by = logsqlDetection(rule.expr).by;
      for (const text of Object.values(rule.annotations ?? {})) {
        assert.doesNotMatch(text, /\$labels\./, `${rule.alert}: dotted labels need index $labels "name"`);
        for (const [, label] of text.matchAll(/index \$labels "([a-z_.]+)"/g)) assert.ok(by.includes(label!), `${rule.alert}: annotation uses ${label}, not in by (${by.join(', ')})`);
      }
    }
  });

  it('is what the README shows as the rule that pages on fleet-wide brute force', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const file of [vlogs, loki]) {
      const rule = rulesOf(file).find((r) => r.alert === 'SecotelFleetBruteForceByUser');
      assert.ok(rule !== undefined && readme.includes(rule.expr), `the README does not show ${rule?.expr}`);
    }
  });

  it('covers the detections the fleet needs', () => {
    const events = new Set(rulesOf(vlogs).map((r) => logsqlDetection(r.expr).event));
    for (const event of [
      'security.authn_login_fail',
      'security.attack_detected',
      'security.malicious_attack_tool',
      'security.malicious_excess_404',
      'security.sys_monitor_disabled',
      'security.sys_crash',
    ]) {
      assert.ok(events.has(event), `no rule on ${event}`);
    }
    const bruteForce = rulesOf(vlogs).filter((r) => logsqlDetection(r.expr).event === 'security.authn_login_fail').map((r) => logsqlDetection(r.expr));
    assert.deepEqual(bruteForce.map((d) => `${d.by.join()} ${d.distinct ?? 'count'}`).sort(), ['client.address count', 'client.address user.id', 'user.id count']);
  });
});
