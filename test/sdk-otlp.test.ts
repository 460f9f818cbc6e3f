// The SDK with the real OpenTelemetry SDK (BatchLogRecordProcessor + OTLP/HTTP exporter) against
// an in-process OTLP receiver, in a real process per module format.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertLoginFailRecord, runFixture } from './helpers/fixtures.ts';
import { startOtlpReceiver } from './helpers/otlp-receiver.ts';
import type { OtlpReceiver } from './helpers/otlp-receiver.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

describe('securityEvent() over OTLP/HTTP to a receiver', () => {
  let receiver: OtlpReceiver;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  after(() => receiver.close());

  for (const script of ['emit-login-fail.cjs', 'emit-login-fail.mjs']) {
    it(`delivers a failed login from a plain ${script.endsWith('.cjs') ? 'CommonJS' : 'ESM'} script with its trace id`, async () => {
      const { traceId, records } = await runFixture(receiver, join(fixtures, script));
      assert.equal(records.length, 1);
      assertLoginFailRecord(records[0], traceId);
    });
  }

  it('never delivers a password, bearer token, JWT or card number in clear text', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const message = `login for alice failed: password=Tr0ub4dor&3 Authorization: Bearer 0123456789abcdefXYZ session ${jwt} card 5500-0000-0000-0004`;
    const before = receiver.rawBodies.length;
    const { records } = await runFixture(receiver, join(fixtures, 'emit-login-fail.mjs'), { MESSAGE: message });
    const wire = receiver.rawBodies.slice(before).join('\n');
    for (const secret of ['Tr0ub4dor&3', '0123456789abcdefXYZ', jwt, '5500-0000-0000-0004', 'c2lnbmF0dXJl']) {
      assert.ok(!wire.includes(secret), `${secret} reached the receiver`);
    }
    assert.match(String(records[0]?.body), /\[REDACTED\]/);
  });

  it('delivers a message with CR/LF as one escaped line', async () => {
    const { records } = await runFixture(receiver, join(fixtures, 'emit-login-fail.cjs'), {
      MESSAGE: 'Failed login\r\n2026-11-26T10:00:00Z INFO login success user=admin',
    });
    const body = String(records[0]?.body);
    assert.ok(!/[\r\n]/.test(body), body);
    assert.equal(body, 'Failed login\\r\\n2026-11-26T10:00:00Z INFO login success user=admin');
  });
});
