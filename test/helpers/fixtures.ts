// Runs the fixture applications under test/fixtures and checks what they reported.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { OtlpReceiver } from './otlp-receiver.ts';
import type { FlatLogRecord } from './otlp-json.ts';

const run = promisify(execFile);
/** Runs a fixture app and returns the trace id it printed and the records the receiver got from it. */
export async function runFixture(receiver: OtlpReceiver, script: string, env: Record<string, string> = {}, cwd?: string): Promise<{ traceId: string; records: FlatLogRecord[] }> {
  const { stdout } = await run(process.execPath, [script], { cwd, env: { ...process.env, OTLP_URL: receiver.url, ...env }, timeout: 30_000 });
  const traceId = stdout.trim().split('\n').pop() ?? '';
  const records = await receiver.waitFor(() => {
    const mine = receiver.logs.filter((r) => r.traceId === traceId);
    return mine.length > 0 ? mine : undefined;
  });
  return { traceId, records };
}

export function assertLoginFailRecord(record: FlatLogRecord | undefined, traceId: string): void {
  assert.ok(record);
  assert.equal(record.eventName, 'security.authn_login_fail');
  assert.equal(record.severityText, 'WARN');
  assert.equal(record.severityNumber, 13);
  assert.equal(record.attributes['user.id'], 'alice');
  assert.equal(record.attributes['client.address'], '192.168.0.1');
  assert.equal(record.attributes['security.event.category'], 'authn');
  assert.equal(record.attributes['security.event.outcome'], 'failure');
  // The chain is on by default: the id is the record's place in it, <stream>:<seq>.
  assert.match(String(record.attributes['security.event.id']), /^[0-9a-f-]{36}:[1-9][0-9]*$/);
  assert.equal(record.traceId, traceId);
  assert.match(traceId, /^[0-9a-f]{32}$/);
  assert.equal(record.body, 'Failed login attempt from 192.168.0.1');
}
