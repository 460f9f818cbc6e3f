// The Grafana dashboards in deploy/grafana, checked without a Grafana (AGPL: neither built nor
// bundled): each is well-formed dashboard JSON, every panel and variable names a data source of the
// provisioned data-sources file it is shipped with, and every query is valid for its data source's
// language:
//   - PromQL: promtool check rules, on a throwaway rule file with one recording rule per query;
//   - LogsQL (VictoriaLogs plugin): vmalert -dryRun, VictoriaLogs's own parser (vmalert wants a
//     `| stats` pipe, so a query without one gets `| stats count()` appended, which any valid query takes);
//   - LogQL (Loki, AGPL, not run here): a strict parser of the LogQL subset the dashboard uses;
//   - TraceQL (Tempo, AGPL): a structural check of spanset filters.
// Grafana's own and the dashboards' variables are replaced by values of the kind Grafana sends.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from './helpers/collector.ts';
import { findPromtool, requirePromtool, runPromtool, skipWithoutPromtool } from './helpers/promtool.ts';
import { ensureBackendBinaries } from './helpers/victoria.ts';

interface DatasourceRef {
  type?: string;
  uid?: string;
}
interface Target {
  refId?: string;
  datasource?: DatasourceRef;
  expr?: string;
  query?: string;
  queryType?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: DatasourceRef;
  targets?: Target[];
  gridPos?: { x: number; y: number; w: number; h: number };
  panels?: Panel[];
}
interface Variable {
  name: string;
  type: string;
  datasource?: DatasourceRef;
  query?: unknown;
  allValue?: string;
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating?: { list: Variable[] };
}
interface ProvisionedDatasource {
  name: string;
  type: string;
  uid: string;
  url?: string;
}

const GRAFANA = join(REPO_ROOT, 'deploy', 'grafana');
const VARIANTS = [
  {
    name: 'Security events (Loki, Tempo; docker-compose.yml)',
    dashboard: join(GRAFANA, 'dashboards', 'security-events.json'),
    datasources: join(GRAFANA, 'provisioning', 'datasources', 'otel-lgtm.yaml'),
  },
  {
    name: 'Security events (VictoriaLogs, Prometheus)',
    dashboard: join(GRAFANA, 'victoria', 'dashboards', 'security-events-victorialogs.json'),
    datasources: join(GRAFANA, 'victoria', 'provisioning', 'datasources', 'secotel.yaml'),
  },
];

/** A query of a dashboard, with where it is. */
interface Query {
  where: string;
  type: string;
  text: string;
}

/** What Grafana puts in for its own variables and for the dashboards' "All". */
const GRAFANA_VARIABLES: Record<string, string> = {
  __range: '1h',
  __auto: '1m',
  __interval: '1m',
  __rate_interval: '1m',
  __range_s: '3600',
  __interval_ms: '60000',
};

/** The query texts of a panel's targets or a variable, by data source type. */
function queriesOf(dashboard: Dashboard, provisioned: ProvisionedDatasource[]): Query[] {
  const typeOf = (ref: DatasourceRef | undefined, where: string): string => {
    const found = provisioned.find((d) => d.uid === ref?.uid);
    assert.ok(found, `${where}: data source ${JSON.stringify(ref)} is not in the provisioned data sources (${provisioned.map((d) => d.uid).join(', ')})`);
    assert.equal(ref?.type, found.type, `${where}: data source ${found.uid} is of type ${found.type}, the dashboard says ${ref?.type}`);
    return found.type;
  };
  const queries: Query[] = [];
  for (const panel of allPanels(dashboard)) {
    if (panel.type === 'row' || panel.type === 'text') continue;
    const where = `panel ${panel.id} "${panel.title}"`;
    const panelType = typeOf(panel.datasource, where);
    assert.ok((panel.targets ?? []).length > 0, `${where} has no query`);
    for (const target of panel.targets ?? []) {
      const targetWhere = `${where} target ${target.refId ?? '?'}`;
      const type = target.datasource === undefined ? panelType : typeOf(target.datasource, targetWhere);
      assert.equal(target.datasource?.uid ?? panel.datasource?.uid, panel.datasource?.uid, `${targetWhere}: another data source than its panel's`);
      const text = target.expr ?? target.query;
      assert.ok(typeof text === 'string' && text.trim() !== '', `${targetWhere} has no expr/query`);
      queries.push({ where: targetWhere, type, text });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const where = `variable $${variable.name}`;
    const type = typeOf(variable.datasource, where);
    queries.push({ where, type, text: variableQuery(type, variable, where) });
  }
  return queries;
}

function allPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** A query variable's query, as a query of its data source's language. */
function variableQuery(type: string, variable: Variable, where: string): string {
  const query = variable.query as Record<string, unknown> | string | undefined;
  if (type === 'loki') {
    // Loki's variable editor: type 1 = label values of `label` (in `stream`, if given).
    assert.ok(typeof query === 'object' && query.type === 1 && typeof query.label === 'string', `${where}: not a Loki label-values query`);
    assert.match(query.label as string, /^[a-zA-Z_][a-zA-Z0-9_]*$/, `${where}: Loki label name`);
    return typeof query.stream === 'string' && query.stream !== '' ? query.stream : `{${query.label as string}=~".+"}`;
  }
  if (type === 'prometheus') {
    const text = typeof query === 'string' ? query : (query?.query as string | undefined);
    const match = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(text ?? '');
    assert.ok(match, `${where}: not label_values(<selector>, <label>): ${text}`);
    return match[1]!;
  }
  if (type === 'victoriametrics-logs-datasource') {
    assert.ok(typeof query === 'object' && query.type === 'fieldValue' && typeof query.field === 'string', `${where}: not a VictoriaLogs field-values query`);
    return `${(query.query as string | undefined) || '*'} | stats by (${query.field as string}) count()`;
  }
  assert.fail(`${where}: no check for variables of type ${type}`);
}

/** The query with Grafana's variables and the dashboard's replaced; one text per value kind. */
function expand(query: Query, dashboard: Dashboard): string[] {
  const variables = new Map((dashboard.templating?.list ?? []).map((v) => [v.name, v]));
  const valuesOf = (name: string): string[] => {
    if (name in GRAFANA_VARIABLES) return [GRAFANA_VARIABLES[name]!];
    const variable = variables.get(name);
    assert.ok(variable, `${query.where}: unknown variable $${name}`);
    // "All" (the allValue) and two selected values, as each data source formats them.
    if (query.type === 'victoriametrics-logs-datasource') return [variable.allValue ?? '*', 'shop', '(shop OR blog)'];
    return [variable.allValue ?? '.+', 'shop', '(shop|blog)'];
  };
  const names = [...new Set([...query.text.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1]!))];
  let texts = [query.text];
  for (const name of names) {
    texts = texts.flatMap((text) => valuesOf(name).map((value) => text.replace(new RegExp(`\\$\\{${name}\\}|\\$${name}\\b`, 'g'), value)));
  }
  for (const text of texts) assert.doesNotMatch(text, /\$/, `${query.where}: a variable left in ${text}`);
  return texts;
}

// ---- LogQL: a strict parser of the subset the dashboard uses -----------------------------------

type Token = { kind: 'str' | 'ident' | 'num' | 'dur' | 'op' | 'punct'; text: string; value?: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(\d+(?:ms|s|m|h|d|w|y))(?![\w])|(\d+(?:\.\d+)?)|([a-zA-Z_][a-zA-Z0-9_]*)|(\|=|\|~|!=|!~|=~|==|>=|<=|=|\||>|<)|([{}()[\],]))/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(text);
    if (m === null) throw new Error(`unexpected character at ${index}: ${text.slice(index, index + 20)}`);
    index = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: 'str', text: m[1], value: JSON.parse(m[1]) as string });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[2], value: m[2].slice(1, -1) });
    else if (m[3] !== undefined) tokens.push({ kind: 'dur', text: m[3] });
    else if (m[4] !== undefined) tokens.push({ kind: 'num', text: m[4] });
    else if (m[5] !== undefined) tokens.push({ kind: 'ident', text: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: 'op', text: m[6] });
    else tokens.push({ kind: 'punct', text: m[7]! });
  }
  return tokens;
}

const VECTOR_AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count', 'stddev', 'stdvar', 'topk', 'bottomk']);
const RANGE_AGGREGATIONS = new Set(['count_over_time', 'rate', 'bytes_over_time', 'bytes_rate', 'absent_over_time']);
/** Range aggregations over a label's values: their log query must end in `| unwrap <label>`. */
const UNWRAPPED_RANGE_AGGREGATIONS = new Set(['sum_over_time', 'avg_over_time', 'min_over_time', 'max_over_time']);
const MATCH_OPS = new Set(['=', '!=', '=~', '!~']);
const LINE_FILTERS = new Set(['|=', '!=', '|~', '!~']);

/** Parses a LogQL log or metric query (the subset above); throws on anything else. */
export function parseLogQL(text: string): void {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const next = (): Token => {
    const token = tokens[at++];
    if (token === undefined) throw new Error('unexpected end of query');
    return token;
  };
  const expect = (t: string): void => {
    const token = next();
    if (token.text !== t) throw new Error(`expected "${t}", found "${token.text}"`);
  };
  const labelName = (): string => {
    const token = next();
    if (token.kind !== 'ident') throw new Error(`expected a label name, found "${token.text}"`);
    return token.text;
  };
  const stringValue = (op: string): void => {
    const token = next();
    if (token.kind !== 'str') throw new Error(`expected a string, found "${token.text}"`);
    if (op.includes('~')) new RegExp(token.value!); // throws on a broken regex
  };
  const grouping = (): void => {
    if (peek()?.text !== 'by' && peek()?.text !== 'without') return;
    next();
    expect('(');
    labelName();
    while (peek()?.text === ',') {
      next();
      labelName();
    }
    expect(')');
  };
  /** Reads a log query; returns whether it ends in `| unwrap <label>`. */
  const logQuery = (): boolean => {
    expect('{');
    let matchers = 0;
    for (;;) {
      labelName();
      const op = next().text;
      if (!MATCH_OPS.has(op)) throw new Error(`bad matcher operator "${op}"`);
      stringValue(op);
      matchers++;
      if (peek()?.text !== ',') break;
      next();
    }
    expect('}');
    if (matchers === 0) throw new Error('empty stream selector');
    while (peek() !== undefined && (peek()!.text === '|' || LINE_FILTERS.has(peek()!.text))) {
      const stage = next().text;
      if (stage !== '|') {
        stringValue(stage);
        continue;
      }
      if (peek()?.text === 'json' || peek()?.text === 'logfmt') {
        next();
        continue;
      }
      if (peek()?.text === 'label_format') {
        // | label_format name=`template` (one rename or template per stage here)
        next();
        labelName();
        expect('=');
        stringValue('=');
        continue;
      }
      if (peek()?.text === 'unwrap') {
        next();
        labelName();
        if (peek() !== undefined && peek()!.text !== '[') throw new Error(`unwrap must end the log query, found "${peek()!.text}"`);
        return true;
      }
      labelName();
      const op = next().text;
      if (MATCH_OPS.has(op)) stringValue(op);
      else if (['>', '<', '>=', '<=', '=='].includes(op) && peek()?.kind === 'num') next();
      else throw new Error(`bad label filter operator "${op}"`);
    }
    return false;
  };
  const metricQuery = (): void => {
    const name = next();
    const unwrapped = UNWRAPPED_RANGE_AGGREGATIONS.has(name.text);
    if (RANGE_AGGREGATIONS.has(name.text) || unwrapped) {
      expect('(');
      if (logQuery() !== unwrapped) throw new Error(unwrapped ? `${name.text} needs | unwrap <label>` : `${name.text} takes no unwrap`);
      expect('[');
      if (next().kind !== 'dur') throw new Error('expected a range duration');
      expect(']');
      expect(')');
      return;
    }
    if (!VECTOR_AGGREGATIONS.has(name.text)) throw new Error(`unknown function "${name.text}"`);
    grouping();
    expect('(');
    if (name.text === 'topk' || name.text === 'bottomk') {
      if (next().kind !== 'num') throw new Error(`${name.text} needs a number first`);
      expect(',');
    }
    metricQuery();
    expect(')');
    grouping();
  };
  if (peek()?.text === '{') logQuery();
  else metricQuery();
  if (peek() !== undefined && ['>', '<', '>=', '<=', '=='].includes(peek()!.text)) {
    next();
    if (next().kind !== 'num') throw new Error('expected a number after the comparison');
  }
  if (at !== tokens.length) throw new Error(`unexpected "${tokens[at]!.text}" after the query`);
}

// ---- TraceQL: spanset filters ------------------------------------------------------------------

/** `{ cond [&&|| cond]... }` with `attribute op value`; throws on anything else. */
export function parseTraceQL(text: string): void {
  const spanset = /^\{\s*(.*?)\s*\}$/s.exec(text.trim());
  if (spanset === null) throw new Error('a TraceQL query is a spanset filter in { }');
  const value = String.raw`(?:"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:ns|us|ms|s|m|h)?|true|false|ok|error|unset)`;
  const attribute = String.raw`(?:(?:span|resource|event|link|instrumentation|trace)?[.:][a-zA-Z_][\w.]*|name|status|kind|duration)`;
  const condition = new RegExp(String.raw`^${attribute}\s*(?:=|!=|=~|!~|>=|<=|>|<)\s*(${value})$`);
  for (const part of spanset[1]!.split(/\s*(?:&&|\|\|)\s*/)) {
    const match = condition.exec(part);
    if (match === null) throw new Error(`not an attribute condition: ${part}`);
    if (/=~|!~/.test(part)) new RegExp(JSON.parse(match[1]!) as string);
  }
}

// ---- the tests --------------------------------------------------------------------------------

const promtool = findPromtool();

function checkPromQL(bin: string, workDir: string, queries: { where: string; text: string }[]): { ok: boolean; output: string } {
  const file = join(workDir, `dashboard-promql-${Math.random().toString(36).slice(2)}.rules.yml`);
  const rules = queries.map((q, i) => ({ record: `dashboard:query:${i}`, expr: q.text }));
  writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
  const result = runPromtool(bin, ['check', 'rules', file]);
  const named = result.output.replace(/dashboard:query:(\d+)/g, (all, i: string) => `${all} (${queries[Number(i)]!.where}: ${queries[Number(i)]!.text})`);
  return { ok: result.ok, output: named };
}

function checkLogsQL(workDir: string, queries: { where: string; text: string }[]): { ok: boolean; output: string } {
  const file = join(workDir, `dashboard-logsql-${Math.random().toString(36).slice(2)}.rules.yml`);
  const rules = queries.map((q, i) => ({ record: `dashboard_query_${i}`, expr: /\|\s*stats\b/.test(q.text) ? q.text : `${q.text} | stats count() as n` }));
  writeFileSync(file, stringify({ groups: [{ name: 'dashboard', type: 'vlogs', rules }] }));
  const result = spawnSync(ensureBackendBinaries().vmalert, ['-dryRun', `-rule=${file}`], { encoding: 'utf8', timeout: 30_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.replace(/dashboard_query_(\d+)/g, (all, i: string) => `${all} (${queries[Number(i)]!.where})`);
  return { ok: result.status === 0, output };
}

for (const variant of VARIANTS) {
  describe(`Grafana dashboard: ${variant.name}`, () => {
    const dashboard = JSON.parse(readFileSync(variant.dashboard, 'utf8')) as Dashboard;
    const provisioned = (parse(readFileSync(variant.datasources, 'utf8')) as { datasources: ProvisionedDatasource[] }).datasources;
    const queries = () => queriesOf(dashboard, provisioned).flatMap((q) => expand(q, dashboard).map((text) => ({ ...q, text })));
    const ofType = (type: string) => queries().filter((q) => q.type === type);
    let workDir: string;
    before(() => {
      workDir = mkdtempSync(join(tmpdir(), 'secotel-dashboards-'));
    });
    after(() => {
      if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
    });

    it('is dashboard JSON: uid, title, schemaVersion, panels with unique ids and a place on the grid', () => {
      assert.match(dashboard.uid, /^[a-zA-Z0-9_-]{1,40}$/);
      assert.equal(typeof dashboard.title, 'string');
      assert.ok(Number.isInteger(dashboard.schemaVersion) && dashboard.schemaVersion >= 36, `schemaVersion ${dashboard.schemaVersion}`);
      const panels = allPanels(dashboard);
      assert.ok(panels.length > 0);
      assert.equal(new Set(panels.map((p) => p.id)).size, panels.length, 'panel ids are not unique');
      for (const panel of panels) {
        assert.ok(panel.gridPos && panel.gridPos.w > 0 && panel.gridPos.h > 0 && panel.gridPos.x + panel.gridPos.w <= 24, `panel ${panel.id}: gridPos`);
      }
    });

    it('comes with a provisioning file of the data sources it uses (apiVersion 1, unique uids)', () => {
      const file = parse(readFileSync(variant.datasources, 'utf8')) as { apiVersion: number };
      assert.equal(file.apiVersion, 1);
      assert.equal(new Set(provisioned.map((d) => d.uid)).size, provisioned.length);
      for (const d of provisioned) for (const key of ['name', 'type', 'uid', 'url'] as const) assert.equal(typeof d[key], 'string', `${d.uid ?? d.name}: ${key}`);
    });

    it('names, on every panel, query and variable, a provisioned data source of the right type', () => {
      const used = new Set(queriesOf(dashboard, provisioned).map((q) => q.type));
      for (const type of used) assert.ok(['prometheus', 'loki', 'tempo', 'victoriametrics-logs-datasource'].includes(type), `no query check for ${type}`);
    });

    it('has PromQL that promtool accepts', { skip: ofType('prometheus').length === 0 ? 'no PromQL in this dashboard' : skipWithoutPromtool(promtool) }, () => {
      const bin = requirePromtool(promtool);
      const promql = ofType('prometheus');
      const result = checkPromQL(bin, workDir, promql);
      assert.ok(result.ok, result.output);
      const broken = checkPromQL(bin, workDir, [{ ...promql[0]!, text: promql[0]!.text.replace(/\)/, '') }]);
      assert.equal(broken.ok, false, 'promtool accepted an unbalanced PromQL query (the check has no teeth)');
    });

    it('has LogsQL that VictoriaLogs\'s parser (vmalert -dryRun) accepts', { skip: ofType('victoriametrics-logs-datasource').length === 0 ? 'no LogsQL in this dashboard' : false }, () => {
      const logsql = ofType('victoriametrics-logs-datasource');
      const result = checkLogsQL(workDir, logsql);
      assert.ok(result.ok, result.output);
      const broken = checkLogsQL(workDir, [{ ...logsql[0]!, text: logsql[0]!.text.replace('count()', 'count(') }]);
      assert.equal(broken.ok, false, 'vmalert accepted a broken LogsQL query (the check has no teeth)');
    });

    it('has LogQL of the shape Loki parses (stream selector, pipeline, range aggregations)', { skip: ofType('loki').length === 0 ? 'no LogQL in this dashboard' : false }, () => {
      for (const query of ofType('loki')) {
        assert.doesNotThrow(() => parseLogQL(query.text), `${query.where}: ${query.text}`);
        // Loki's OTLP ingest has no dotted names: labels and structured metadata use `_`.
        assert.doesNotMatch(query.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'), /[a-z]\.[a-z]/, `${query.where}: a dotted name in LogQL`);
      }
    });

    it('has TraceQL spanset filters', { skip: ofType('tempo').length === 0 ? 'no TraceQL in this dashboard' : false }, () => {
      for (const query of ofType('tempo')) assert.doesNotThrow(() => parseTraceQL(query.text), `${query.where}: ${query.text}`);
    });
  });
}

describe('the dashboard query checks have teeth', () => {
  it('the LogQL parser rejects broken queries and takes good ones', () => {
    for (const good of [
      '{service_name=~".+"} | security_event_name = "security.authn_login_fail"',
      'sum by (a_b) (count_over_time({service_name=~".+"} | a_b != "" [5m]))',
      'topk(10, sum by (client_address) (count_over_time({service_name=~".+"} |= "x" [1h])))',
      'sum(sum_over_time({service_name=~".+"} | a_b = "x" | label_format n=`{{ or .n "1" }}` | unwrap n [5m]))',
    ]) {
      assert.doesNotThrow(() => parseLogQL(good), good);
    }
    for (const bad of [
      'sum(count_over_time({service_name=~".+"} [5m])', // unbalanced
      'sum(count_over_time({service_name=~".+"}))', // no range
      '{service_name=~".+"} | security.event.name = "x"', // dotted label
      '{service_name=~"(.+"}', // broken regex
      'sum(rate_over_the_moon({service_name=~".+"} [5m]))', // unknown function
      '{} | x = "y"', // empty selector
      'topk(sum(count_over_time({a="b"} [5m])))', // topk without k
      'sum(sum_over_time({a="b"} [5m]))', // sum_over_time without unwrap
      'sum(count_over_time({a="b"} | unwrap n [5m]))', // count_over_time with unwrap
      'sum(sum_over_time({a="b"} | unwrap n | a_b = "x" [5m]))', // a stage after unwrap
    ]) {
      assert.throws(() => parseLogQL(bad), bad);
    }
  });

  it('the TraceQL check rejects broken queries and takes good ones', () => {
    assert.doesNotThrow(() => parseTraceQL('{ event:name =~ "security[.].*" }'));
    assert.doesNotThrow(() => parseTraceQL('{ span.http.route = "/login" && status = error }'));
    for (const bad of ['{ event:name =~ "security[.].*" ', 'event:name = "x"', '{ event:name = }', '{ event:name =~ "(" }']) assert.throws(() => parseTraceQL(bad), bad);
  });

  it('the VictoriaLogs variant shows what the Loki dashboard shows (its trace table aside) and the metrics', () => {
    const [loki, victoria] = VARIANTS.map((v) => JSON.parse(readFileSync(v.dashboard, 'utf8')) as Dashboard);
    const kind = (p: Panel) => `${p.type} "${p.title.replace(/ \(.*\)$/, '')}"`;
    const kinds = new Set(allPanels(victoria!).map(kind));
    for (const panel of allPanels(loki!).filter((p) => p.datasource?.type === 'loki')) assert.ok(kinds.has(kind(panel)), `VictoriaLogs variant lacks ${kind(panel)}`);
    const promql = allPanels(victoria!)
      .filter((p) => p.datasource?.type === 'prometheus')
      .flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
    assert.ok(promql.some((e) => e.includes('secotel_security_events_total')));
    assert.ok(promql.some((e) => e.includes('secotel_security_dropped_total')));
    for (const expr of promql) for (const [name] of expr.matchAll(/\bsecotel_[a-z_]+/g)) assert.ok(['secotel_security_events_total', 'secotel_security_dropped_total'].includes(name), name);
  });
});
