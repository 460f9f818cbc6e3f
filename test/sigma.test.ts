// The Sigma rules in deploy/sigma/: pySigma (in the venv scripts/build-sigma.sh builds) loads and
// validates them and converts each with the shipped field-mapping pipelines to LogQL (Loki),
// Lucene and ES|QL (Elasticsearch); scripts/sigma-convert.py prints the result as JSON. This
// test checks the queries: generic field names mapped to secotel's, the event names present, and
// each correlation rule counting the same event, over the same window, grouped the same way,
// against the same threshold as its twin in deploy/rules/secotel-victorialogs.rules.yml.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { SECURITY_EVENTS } from '@secotel/semconv';
import { parse } from 'yaml';
import { REPO_ROOT } from './helpers/collector.ts';
import { logsqlDetection } from './helpers/logsql-rule.ts';
import type { LogsqlDetection } from './helpers/logsql-rule.ts';

const BACKENDS = ['loki', 'lucene', 'esql'] as const;
type BackendName = (typeof BACKENDS)[number];
type Conversion = { queries: string[]; error?: undefined } | { error: string; queries?: undefined };
interface ConvertedRule extends Record<BackendName, Conversion> {
  kind: 'rule' | 'correlation';
  title: string;
  file: string;
  references?: string[];
}
interface ConvertOutput {
  files: string[];
  errors: string[];
  validators: string[];
  validation: { rules: string[]; issue: string; severity: string; description: string }[];
  rules: Record<string, ConvertedRule>;
}

/** The generic names the rules use and what the pipelines map them to (deploy/sigma/pipelines/). */
const FIELDS = {
  EventName: { otlp: 'event_name', loki: 'security_event_name' },
  'c-ip': { otlp: 'client.address', loki: 'client_address' },
  'cs-username': { otlp: 'user.id', loki: 'user_id' },
  'sc-status': { otlp: 'http.response.status_code', loki: 'http_response_status_code' },
  ServiceName: { otlp: 'service.name', loki: 'service_name' },
} as const;
type GenericField = keyof typeof FIELDS;

/** Sigma rule -> the vmalert alert in deploy/rules/ with the same detection. */
const TWINS: Record<string, string> = {
  secotel_fleet_brute_force_by_user: 'SecotelFleetBruteForceByUser',
  secotel_fleet_brute_force_by_client: 'SecotelFleetBruteForceByClient',
  secotel_credential_stuffing: 'SecotelCredentialStuffing',
  secotel_attack_burst: 'SecotelAttackBurst',
  secotel_malicious_attack_tool: 'SecotelScanner',
  secotel_malicious_excess_404: 'SecotelNotFoundFlood',
  secotel_fleet_not_found_flood: 'SecotelFleetNotFoundFlood',
  secotel_sys_monitor_disabled: 'SecotelMonitoringDisabled',
  secotel_crash_loop: 'SecotelCrashLoop',
};

interface SigmaDoc {
  name: string;
  description: string;
  detection?: { selection: Record<string, string | number | boolean> };
  correlation?: {
    type: 'event_count' | 'value_count';
    rules: string[];
    'group-by': GenericField[];
    timespan: string;
    condition: { gt: number; field?: GenericField };
  };
}

/** A vmalert twin's detection, its conditions sorted (Sigma selections have no order). */
function vlogsDetection(expr: string): LogsqlDetection {
  const detection = logsqlDetection(expr);
  return { ...detection, conditions: detection.conditions.sort() };
}

/** A Sigma selection's conditions besides the event name, in the same words, with secotel's names. */
function sigmaConditions(selection: Record<string, string | number | boolean>): string[] {
  return Object.entries(selection)
    .filter(([key]) => key !== 'EventName')
    .map(([key, value]) => {
      const [generic, modifier] = key.split('|') as [GenericField, string | undefined];
      const field = FIELDS[generic];
      assert.ok(field, `a known generic field (${generic})`);
      if (modifier === 'exists') {
        assert.equal(value, true);
        return `${field.otlp} present`;
      }
      assert.equal(modifier, undefined, `no other modifier (${key})`);
      return `${field.otlp} = ${value}`;
    })
    .sort();
}

function runConverter(): ConvertOutput {
  const build = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'build-sigma.sh')], { encoding: 'utf8', timeout: 240_000 });
  assert.equal(build.status, 0, `scripts/build-sigma.sh failed:\n${build.stderr}`);
  const python = build.stdout.trim().split('\n').at(-1)!;
  const run = spawnSync(python, [join(REPO_ROOT, 'scripts', 'sigma-convert.py')], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `scripts/sigma-convert.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ConvertOutput;
}

function queriesOf(rule: ConvertedRule, backend: BackendName): string[] {
  const conversion = rule[backend];
  assert.equal(conversion.error, undefined, `${backend} could not convert ${rule.file}: ${conversion.error}`);
  assert.equal(conversion.queries!.length, 1, `${backend} gives one query for ${rule.file}`);
  return conversion.queries!;
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('Sigma rules (deploy/sigma) converted with pySigma', () => {
  let out: ConvertOutput;
  const docs = new Map<string, SigmaDoc>();
  let twins: Map<string, LogsqlDetection>;

  before(() => {
    out = runConverter();
    for (const file of out.files) {
      const doc = parse(readFileSync(join(REPO_ROOT, 'deploy', 'sigma', file), 'utf8')) as SigmaDoc;
      docs.set(doc.name, doc);
    }
    const vlogs = parse(readFileSync(join(REPO_ROOT, 'deploy', 'rules', 'secotel-victorialogs.rules.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    twins = new Map(vlogs.groups.flatMap((g) => g.rules.map((r) => [r.alert, vlogsDetection(r.expr)] as const)));
  });

  it('loads every rule file and passes pySigma\'s validators', () => {
    assert.deepEqual(out.errors, []);
    assert.equal(out.files.length, Object.keys(out.rules).length, 'one rule per file');
    assert.ok(out.validators.includes('identifier_uniqueness') && out.validators.includes('dangling_detection'), 'the core validators ran');
    assert.deepEqual(out.validation, []);
  });

  it('has a Sigma rule for every fleet-wide alert in deploy/rules', () => {
    assert.deepEqual(new Set(Object.values(TWINS)), new Set(twins.keys()));
    for (const name of Object.keys(TWINS)) assert.ok(out.rules[name], `deploy/sigma has ${name}`);
  });

  it('detects only event names of the secotel catalogue', () => {
    for (const doc of docs.values()) {
      if (!doc.detection) continue;
      const event = String(doc.detection.selection.EventName);
      assert.match(event, /^security\./, `${doc.name} selects an event by name`);
      assert.ok(event.slice('security.'.length) in SECURITY_EVENTS, `${doc.name}: ${event} is in the catalogue`);
    }
  });

  it('maps every generic field name in every query of every backend', () => {
    for (const [name, rule] of Object.entries(out.rules)) {
      for (const backend of BACKENDS) {
        const conversion = rule[backend];
        for (const query of conversion.queries ?? []) {
          for (const generic of Object.keys(FIELDS)) {
            assert.doesNotMatch(query, new RegExp(`(^|[^a-z_.])${escapeRe(generic)}([^a-z_.]|$)`), `${backend} query of ${name} still names ${generic}: ${query}`);
          }
          if (backend === 'loki') assert.doesNotMatch(query, /[a-z]\.[a-z]+(=|!=|=~|,|\))/, `no dotted label in LogQL: ${query}`);
        }
      }
    }
  });

  it('converts each single-event rule to a query on the event name in LogQL, Lucene and ES|QL', () => {
    for (const [name, rule] of Object.entries(out.rules)) {
      const doc = docs.get(name)!;
      if (rule.kind !== 'rule') continue;
      const event = String(doc.detection!.selection.EventName);
      if (TWINS[name]) assert.equal(event, twins.get(TWINS[name])!.event, `${name} detects the event of ${TWINS[name]}`);
      const [loki] = queriesOf(rule, 'loki');
      assert.ok(loki!.startsWith(`{service_name=~".+"} | security_event_name=~\`(?i)^${event.replace('.', '\\.')}$\``), `LogQL of ${name}: ${loki}`);
      assert.doesNotMatch(loki!, /logfmt|json/, 'attributes are structured metadata: no parser stage');
      const [lucene] = queriesOf(rule, 'lucene');
      assert.ok(lucene!.startsWith(`event_name:${event}`), `Lucene of ${name}: ${lucene}`);
      const [esql] = queriesOf(rule, 'esql');
      assert.match(esql!, new RegExp(`^from \\* .*\\| where event_name=="${escapeRe(event)}"`), `ES|QL of ${name}: ${esql}`);
      if (TWINS[name]) assert.deepEqual(sigmaConditions(doc.detection!.selection), twins.get(TWINS[name])!.conditions, `${name}: the conditions of ${TWINS[name]}`);
      for (const [key, value] of Object.entries(doc.detection!.selection)) {
        if (key === 'EventName') continue;
        const [generic, modifier] = key.split('|') as [GenericField, string | undefined];
        const field = FIELDS[generic];
        assert.ok(field, `${name} uses a known generic field (${generic})`);
        if (modifier === 'exists') {
          assert.ok(loki!.includes(`${field.loki}!=""`), `LogQL of ${name} requires ${field.loki}: ${loki}`);
          assert.ok(lucene!.includes(`_exists_:${field.otlp}`), `Lucene of ${name} requires ${field.otlp}: ${lucene}`);
          assert.ok(esql!.includes(`${field.otlp} is not null`), `ES|QL of ${name} requires ${field.otlp}: ${esql}`);
        } else {
          assert.ok(loki!.includes(`${field.loki}=${value}`), `LogQL of ${name} filters ${field.loki}: ${loki}`);
          assert.ok(lucene!.includes(`${field.otlp}:${value}`), `Lucene of ${name} filters ${field.otlp}: ${lucene}`);
          assert.ok(esql!.includes(`${field.otlp}==${value}`), `ES|QL of ${name} filters ${field.otlp}: ${esql}`);
        }
      }
    }
  });

  it('converts each correlation rule to LogQL and ES|QL with the window, grouping and threshold of its vmalert twin', () => {
    const correlations = Object.entries(out.rules).filter(([, rule]) => rule.kind === 'correlation');
    assert.equal(correlations.length, 6);
    for (const [name, rule] of correlations) {
      const { correlation } = docs.get(name)!;
      const twin = twins.get(TWINS[name]!)!;
      const base = docs.get(correlation!.rules[0]!)!;
      const event = String(base.detection!.selection.EventName);
      const by = correlation!['group-by'].map((g) => FIELDS[g]);
      const distinct = correlation!.condition.field ? FIELDS[correlation!.condition.field] : undefined;

      // The Sigma rule and the vmalert rule detect the same thing.
      assert.equal(event, twin.event, `${name}: event`);
      assert.equal(correlation!.timespan, twin.window, `${name}: window`);
      assert.deepEqual(by.map((f) => f.otlp), twin.by, `${name}: group-by`);
      assert.equal(distinct?.otlp, twin.distinct, `${name}: distinct field`);
      assert.equal(correlation!.condition.gt, twin.threshold, `${name}: threshold`);
      assert.equal(correlation!.type, twin.distinct ? 'value_count' : 'event_count');
      // A twin that adds up findings (summaries of the attack event limit by security.event.count)
      // has no Sigma equivalent (value_sum would drop the records without the field): the rule
      // counts records and says so.
      if (twin.summed) assert.match(docs.get(name)!.description, /event_count counts records: a summary record .* counts once here/, `${name} says how it differs from ${TWINS[name]}`);
      assert.deepEqual(sigmaConditions(base.detection!.selection), twin.conditions, `${name}: the conditions of ${TWINS[name]}`);

      const [loki] = queriesOf(rule, 'loki');
      const selector = `{service_name=~".+"} | security_event_name=~\`(?i)^${event.replace('.', '\\.')}$\``;
      const baseQuery = queriesOf(out.rules[correlation!.rules[0]!]!, 'loki')[0]!;
      const lokiBy = by.map((f) => f.loki).join(', ');
      const expected = distinct
        ? `count without (${distinct.loki}) (sum by (${lokiBy}, ${distinct.loki}) (count_over_time(${baseQuery}`
        : `sum by (${lokiBy}) (count_over_time(${baseQuery}`;
      assert.ok(baseQuery.startsWith(selector), baseQuery);
      assert.ok(loki!.startsWith(expected), `LogQL of ${name}:\n${loki}\nexpected to start with\n${expected}`);
      assert.ok(loki!.endsWith(` [${twin.window}]))${distinct ? ')' : ''} > ${twin.threshold}`), `LogQL of ${name} counts over ${twin.window} against ${twin.threshold}: ${loki}`);

      const [esql] = queriesOf(rule, 'esql');
      const lines = esql!.split('\n');
      assert.match(lines[0]!, new RegExp(`\\| where event_name=="${escapeRe(event)}"`), `ES|QL of ${name}: ${esql}`);
      assert.equal(lines[0], queriesOf(out.rules[correlation!.rules[0]!]!, 'esql')[0], `ES|QL of ${name} searches what its base rule does`);
      const minutes = Number(twin.window.replace(/m$/, ''));
      const stat = distinct ? `value_count=count_distinct(${distinct.otlp})` : 'event_count=count()';
      assert.equal(lines[1], `| eval timebucket=date_trunc(${minutes}minutes, @timestamp) | stats ${stat} by timebucket, ${by.map((f) => f.otlp).join(', ')}`);
      assert.equal(lines[2], `| where ${distinct ? 'value_count' : 'event_count'} > ${twin.threshold}`);

      if (name === 'secotel_fleet_brute_force_by_user') {
        const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
        assert.ok(readme.includes(loki!), `the README shows the LogQL of ${name} as converted:\n${loki}`);
        assert.ok(readme.includes(esql!), `the README shows the ES|QL of ${name} as converted:\n${esql}`);
      }

      // Lucene is a query string, with no aggregation: pySigma's Lucene backend documents
      // correlation rules as unsupported and says so.
      assert.equal(rule.lucene.error, 'NotImplementedError: Backend does not support correlation rules.');
    }
  });
});
