import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { OCSF_SCHEMA_VERSION, SECURITY_EVENTS, ocsfEventJsonSchema, securityEventName, toOCSF, toOCSFChain } from '@secotel/semconv';
import type { SecurityEventRecord } from '@secotel/semconv';
import { validateAgainst } from './helpers/json-schema.ts';

const STREAM = '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f';
const hmacOf = (n: number) => n.toString(16).padStart(64, '0');

/** A chained record: its `security.event.id` is its place in the chain, `<stream>:<seq>`. */
function chained(seq: number, overrides: Partial<SecurityEventRecord> = {}, extra: Record<string, unknown> = {}, stream = STREAM): SecurityEventRecord {
  return {
    eventName: 'security.authn_login_fail',
    timeUnixNano: `${1735689600000 + seq}000000`,
    severityText: 'WARN',
    severityNumber: 13,
    body: `failure ${seq}`,
    attributes: {
      'security.event.category': 'authn',
      'security.event.outcome': 'failure',
      'security.event.id': `${stream}:${seq}`,
      'user.id': 'alice',
      'security.chain.hmac': hmacOf(seq),
      ...extra,
    },
    ...overrides,
  };
}

const fingerprint = (value: string) => ({ algorithm_id: 99, algorithm: 'HMAC-SHA256', value });
const check = (event: unknown) => validateAgainst(ocsfEventJsonSchema, event);

describe('toOCSF and the hash chain (OCSF record_integrity)', () => {
  it('targets OCSF 1.9.0, the first version with the record_integrity profile', () => {
    assert.equal(OCSF_SCHEMA_VERSION, '1.9.0');
  });

  it('maps stream, seq and HMAC of a chained record to one attestation and names the profile', () => {
    const event = toOCSF(chained(7));
    assert.deepEqual(event.attestation_list, [{ uid: `${STREAM}:7`, chain_uid: STREAM, fingerprint: fingerprint(hmacOf(7)) }]);
    assert.deepEqual(event.metadata.profiles, ['record_integrity']);
    assert.equal(event.metadata.uid, `${STREAM}:7`);
    assert.deepEqual(event.unmapped, { 'security.event.category': 'authn' }, 'the chain attributes are mapped, not left in unmapped');
    assert.deepEqual(check(event), []);
  });

  it('links a record to the previous record of its stream: its event id, type and fingerprint', () => {
    const previous = chained(6, { eventName: 'security.authz_fail' }, { 'security.event.category': 'authz' });
    const event = toOCSF(chained(7), { previous });
    assert.deepEqual(event.attestation_list?.[0]?.prev_event, {
      uid: `${STREAM}:6`,
      type_uid: toOCSF(previous).type_uid,
      fingerprint: fingerprint(hmacOf(6)),
    });
    assert.deepEqual(check(event), []);
  });

  it('gives the first record of a stream no previous event (the genesis entry)', () => {
    const event = toOCSF(chained(1), { previous: chained(0) });
    assert.equal(event.attestation_list?.[0]?.prev_event, undefined);
  });

  it('ignores a "previous" record that is not the one before it in the same stream', () => {
    const otherStream = chained(6, {}, {}, 'another-stream');
    const notAdjacent = chained(5);
    const unchained = chained(6, {}, { 'security.chain.hmac': undefined });
    const noEventId = chained(6, {}, { 'security.event.id': undefined });
    for (const previous of [otherStream, notAdjacent, unchained, noEventId]) {
      assert.equal(toOCSF(chained(7), { previous }).attestation_list?.[0]?.prev_event, undefined);
    }
  });

  it('writes no attestation for a record chained without a key (no HMAC: OCSF needs a fingerprint or a signature)', () => {
    const event = toOCSF(chained(3, {}, { 'security.chain.hmac': undefined }));
    assert.equal(event.attestation_list, undefined);
    assert.equal(event.metadata.profiles, undefined);
    assert.equal(event.metadata.uid, `${STREAM}:3`, 'the id still names the chain position');
    assert.deepEqual(event.unmapped, { 'security.event.category': 'authn' });
    assert.deepEqual(check(event), []);
  });

  it('writes no attestation for an id that is no chain position', () => {
    const ids = [`${STREAM}:0`, `${STREAM}:-1`, `${STREAM}:1.5`, `${STREAM}:07`, `${STREAM}:seven`, `${STREAM}:`, ':7', STREAM, `${STREAM}:99999999999999999`, 7, true];
    for (const id of ids) {
      const event = toOCSF(chained(1, {}, { 'security.event.id': id }));
      assert.equal(event.attestation_list, undefined, String(id));
      assert.deepEqual(check(event), [], String(id));
    }
  });

  it('maps a record written before the position moved into the id by its stream and seq attributes', () => {
    const legacy = chained(7, {}, { 'security.event.id': 'evt-7', 'security.chain.stream': STREAM, 'security.chain.seq': 7 });
    const previous = chained(6, {}, { 'security.event.id': 'evt-6', 'security.chain.stream': STREAM, 'security.chain.seq': 6 });
    const event = toOCSF(legacy, { previous });
    assert.deepEqual(event.attestation_list?.[0]?.uid, `${STREAM}:7`);
    assert.equal(event.attestation_list?.[0]?.prev_event?.uid, 'evt-6');
    assert.deepEqual(event.unmapped, { 'security.event.category': 'authn' }, 'the chain attributes are mapped, not left in unmapped');
    assert.deepEqual(check(event), []);
  });

  it('takes the stream up to the last colon of the id, so a stream may hold colons', () => {
    const attestation = toOCSF(chained(7, {}, {}, 'host:4711')).attestation_list?.[0];
    assert.equal(attestation?.uid, 'host:4711:7');
    assert.equal(attestation?.chain_uid, 'host:4711');
  });

  it('keeps the checkpoint fields of a chain checkpoint in unmapped beside its attestation', () => {
    const checkpoint = chained(
      1000,
      { eventName: 'security.chain_checkpoint', severityText: 'INFO', severityNumber: 9 },
      {
        'security.event.category': 'sys',
        'security.event.outcome': 'success',
        'security.chain.checkpoint.first_seq': 1,
        'security.chain.checkpoint.last_seq': 999,
        'security.chain.checkpoint.head': hmacOf(999),
        'security.chain.checkpoint.signature': 'c2lnbmF0dXJl',
      },
    );
    const event = toOCSF(checkpoint);
    assert.equal(event.attestation_list?.[0]?.uid, `${STREAM}:1000`);
    assert.equal(event.unmapped?.['security.chain.checkpoint.head'], hmacOf(999));
    assert.equal(event.unmapped?.['security.chain.checkpoint.signature'], 'c2lnbmF0dXJl');
    assert.deepEqual(check(event), []);
  });

  it('links a whole export with toOCSFChain, in any order and over several streams, keeping the order', () => {
    const other = (seq: number) => chained(seq, {}, {}, 'stream-b');
    const records = [chained(3), other(2), chained(1), other(1), chained(2), chained(5)];
    const events = toOCSFChain(records);
    assert.deepEqual(
      events.map((e) => e.attestation_list?.[0]?.uid),
      [`${STREAM}:3`, 'stream-b:2', `${STREAM}:1`, 'stream-b:1', `${STREAM}:2`, `${STREAM}:5`],
    );
    assert.deepEqual(
      events.map((e) => e.attestation_list?.[0]?.prev_event?.uid),
      [`${STREAM}:2`, 'stream-b:1', undefined, undefined, `${STREAM}:1`, undefined],
      'seq 5 has no link: seq 4 is missing from the export',
    );
    for (const event of events) assert.deepEqual(check(event), []);
  });

  it('passes records without a chain through toOCSFChain unchanged', () => {
    const plain: SecurityEventRecord = { eventName: 'security.sys_startup', timestamp: 0, attributes: { 'security.event.id': 'x' } };
    assert.deepEqual(toOCSFChain([plain]), [toOCSF(plain)]);
  });
});

describe('the OCSF event JSON Schema', () => {
  it('is the file published in schema/ocsf-event.schema.json', () => {
    const file = readFileSync(join(import.meta.dirname, '..', 'schema', 'ocsf-event.schema.json'), 'utf8');
    assert.equal(file, `${JSON.stringify(ocsfEventJsonSchema, null, 2)}\n`, 'regenerate with node packages/semconv/scripts/write-schema.mjs');
    assert.ok(Object.isFrozen(ocsfEventJsonSchema));
  });

  it('accepts the conversion of every catalogue event, chained and not', () => {
    for (const name of Object.keys(SECURITY_EVENTS)) {
      const record = chained(2, { eventName: securityEventName(name) }, { 'http.request.method': 'GET', 'client.address': '10.0.0.1' });
      assert.deepEqual(check(toOCSF(record, { previous: chained(1) })), [], name);
      assert.deepEqual(check(toOCSF({ ...record, attributes: { 'security.event.id': 'e' } })), [], name);
    }
  });

  const broken: readonly [string, (event: Record<string, unknown> & { attestation_list: Record<string, unknown>[] }) => void][] = [
    ['an attestation without a fingerprint', (event) => delete event.attestation_list[0]!['fingerprint']],
    ['a fingerprint without a value', (event) => delete (event.attestation_list[0]!['fingerprint'] as Record<string, unknown>)['value']],
    ['a fingerprint without an algorithm_id', (event) => delete (event.attestation_list[0]!['fingerprint'] as Record<string, unknown>)['algorithm_id']],
    ['a previous event without a uid', (event) => delete (event.attestation_list[0]!['prev_event'] as Record<string, unknown>)['uid']],
    ['an attestation uid that is not <stream>:<seq>', (event) => (event.attestation_list[0]!['uid'] = STREAM)],
    ['an unknown attestation attribute', (event) => (event.attestation_list[0]!['seq'] = 2)],
    ['another OCSF version', (event) => ((event['metadata'] as Record<string, unknown>)['version'] = '1.5.0')],
  ];
  for (const [what, change] of broken) {
    it(`rejects ${what}`, () => {
      const event = structuredClone(toOCSF(chained(2), { previous: chained(1) })) as unknown as Record<string, unknown> & { attestation_list: Record<string, unknown>[] };
      assert.deepEqual(check(event), []);
      change(event);
      assert.notDeepEqual(check(event), []);
    });
  }

  it('holds for any chain position and HMAC, and toOCSF never throws', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.string({ minLength: 1 }), (stream, seq, hmac) => {
        const record = chained(seq, {}, { 'security.chain.hmac': hmac }, stream);
        const event = toOCSF(record);
        assert.deepEqual(event.attestation_list, [{ uid: `${stream}:${seq}`, chain_uid: stream, fingerprint: fingerprint(hmac) }]);
        assert.deepEqual(check(event), []);
      }),
    );
  });
});
