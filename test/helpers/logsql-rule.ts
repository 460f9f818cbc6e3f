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
}

/** `_time:5m event_name:="security.x" a.b:* c:=404 | stats by (a.b) count() as n | filter n:>10` */
export function logsqlDetection(expr: string): LogsqlDetection {
  const match = /^_time:(\d+m) event_name:="(security\.[a-z0-9_]+)"((?: [a-z_.]+:(?:\*|=\S+))*) \| stats by \(([^)]+)\) (count\(\)|count_uniq\(([a-z_.]+)\)) as (\w+) \| filter (\w+):>(\d+)$/.exec(expr);
  assert.ok(match, `LogsQL rule not in the expected shape: ${expr}`);
  const [, window, event, conditions, by, , distinct, result, filtered, threshold] = match as unknown as string[];
  assert.equal(filtered, result, `the filter of ${expr} is on its stats result`);
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
  };
}
