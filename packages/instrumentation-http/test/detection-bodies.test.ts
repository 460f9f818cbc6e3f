// Bodies read the way the detector reads them: multipart/form-data uploads are split into parts
// (field values and file names are scanned; the bytes reach the handler unchanged), and
// SECOTEL_DETECT_LEVEL is validated at configuration time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { resolveSecurityHttpOptions } from '@secotel/instrumentation-http';
import { FRAMEWORKS, startApp } from './helpers/apps.ts';
import type { FrameworkName, RunningApp } from './helpers/apps.ts';
import { json, send } from './helpers/client.ts';
import { newTraceId, startHarness } from './helpers/harness.ts';
import type { Harness } from './helpers/harness.ts';

let harness: Harness;
const apps = new Map<FrameworkName, RunningApp>();

before(async () => {
  harness = await startHarness({});
  for (const framework of FRAMEWORKS) apps.set(framework, await startApp(framework, harness.http));
});

after(async () => {
  for (const app of apps.values()) await app.close();
  await harness.close();
});

const BOUNDARY = '----secotelFormBoundaryq8Lr2x';
const MULTIPART = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHoliday photos\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="comment"\r\n\r\n"><svg onload=alert(document.domain)>\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="../../../../etc/cron.d/evil"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0 not really a jpeg\r\n` +
    `--${BOUNDARY}--\r\n`,
  'latin1',
);

for (const framework of FRAMEWORKS) {
  describe(`multipart bodies on ${framework}`, () => {
    it('reports an XSS field and a traversing file name by part, and hands the handler the same bytes', async () => {
      const traceId = newTraceId();
      const response = await send(apps.get(framework)?.url ?? '', {
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: MULTIPART,
        traceId,
      });
      assert.equal(response.status, 200);
      assert.deepEqual(json(response), { length: MULTIPART.length, sha256: createHash('sha256').update(MULTIPART).digest('hex') });
      const records = await harness.recordsOf(traceId, 'security.attack_detected');
      const found = records.map((r) => `${String(r.attributes['security_rule.category'])}@${String(r.attributes['security.attack.location'])}`).sort();
      assert.deepEqual(found, ['path_traversal@body.photo.filename', 'xss@body.comment']);
    });
  });
}

describe('SECOTEL_DETECT_LEVEL', () => {
  it('sets the detector level, and rejects anything but 1, 2 or 3 with a clear error', () => {
    assert.deepEqual(resolveSecurityHttpOptions({}, {}).detect, {});
    assert.deepEqual(resolveSecurityHttpOptions({}, { SECOTEL_DETECT_LEVEL: '2' }).detect, { level: 2 });
    assert.throws(() => resolveSecurityHttpOptions({}, { SECOTEL_DETECT_LEVEL: 'high' }), {
      code: 'SECOTEL_ERR_INVALID_OPTION',
      message: /SECOTEL_DETECT_LEVEL=high is not 1, 2 or 3/,
    });
    // An explicit detect option wins over the variable.
    assert.equal(resolveSecurityHttpOptions({ detect: false }, { SECOTEL_DETECT_LEVEL: '3' }).detect, false);
  });

  it('reported no OpenTelemetry diag error', () => {
    assert.deepEqual(harness.diagnostics.errors, []);
  });
});
