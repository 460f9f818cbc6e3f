// The shape of secotel's vmalert `vlogs` rules, read back from their LogsQL: what event they count,
// over which window, grouped by what, above which threshold. Shared by the tests that compare the
// rule files with their Loki and Sigma twins.
import assert from 'node:assert/strict';

/** What a rule detects, read from its LogsQL. */
export interface LogsqlDetection {
  event: string;
  window: string;
  by: string[];
  /** The field whose distinct values are counted (`count_uniq(field)`), if any. */
  distinct: string | undefined;
  threshold: number;
  /** Other field conditions, in rule order: `field present` (`field:*`) or `field = value` (`field:=value`). */
  conditions: string[];
  /**
   * Findings are added up rather than records counted: `security.event.count` summed, a record
   * without it (any but a summary of the attack event limit) taken as 1.
   */
  summed: boolean;
}

/** The LogsQL that gives a record without `security.event.count` a count of 1. */
export const LOGSQL_COUNT_DEFAULT = '| format if (security.event.count:"") "1" as security.event.count ';

/** `_time:5m event_name:="security.x" a.b:* c:=404 | stats by (a.b) count() as n | filter n:>10` */
export function logsqlDetection(expr: string): LogsqlDetection {
  const summed = expr.includes(LOGSQL_COUNT_DEFAULT);
  const plain = summed ? expr.replace(LOGSQL_COUNT_DEFAULT, '').replace('sum(security.event.count)', 'count()') : expr;
  const match = /^_time:(\d+m) event_name:="(security\.[a-z0-9_]+)"((?: [a-z_.]+:(?:\*|=\S+))*) \| stats by \(([^)]+)\) (count\(\)|count_uniq\(([a-z_.]+)\)) as (\w+) \| filter (\w+):>(\d+)$/.exec(plain);
  assert.ok(match, `LogsQL rule not in the expected shape: ${expr}`);
  const [, window, event, conditions, by, , distinct, result, filtered, threshold] = match as unknown as string[];
  assert.equal(filtered, result, `the filter of ${expr} is on its stats result`);
  if (summed) assert.ok(expr.includes(' | stats by (') && expr.includes(') sum(security.event.count) as '), `${expr} gives records a default count but does not sum it`);
  else assert.ok(!expr.includes('security.event.count'), `${expr} reads security.event.count without the default for records that have none`);
  return {
    event: event!,
    window: window!,
    by: by!.split(',').map((field) => field.trim()),
    distinct,
    threshold: Number(threshold),
    conditions: conditions!
      .trim()
      .split(' ')
      .filter((c) => c !== '')
      .map((c) => c.replace(/^([a-z_.]+):(\*|=(\S+))$/, (_, field: string, op: string, value?: string) => (op === '*' ? `${field} present` : `${field} = ${value}`))),
    summed,
  };
}
