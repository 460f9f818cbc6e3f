// Records the SDK emits with the hash chain on, converted to OCSF with toOCSFChain(): every event
// validates against the shipped OCSF schema (packages/semconv/schema/ocsf-event.schema.json), the
// attestations link each record to the one before it, and what the OCSF events carry (previous
// fingerprint, own fingerprint) is enough to check each record's HMAC with the chain key.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { emitChainCheckpoint, initSecurity, securityEvent } from '@secotel/sdk';
import { canonicalChainInput, chainPositionOf, toOCSFChain } from '@secotel/semconv';
import type { ChainValue, OcsfEvent, SecurityEventRecord } from '@secotel/semconv';
import { validateAgainst } from '../packages/semconv/test/helpers/json-schema.ts';
import { REPO_ROOT } from './helpers/collector.ts';
import { startTestTelemetry } from './helpers/otel-sdk.ts';
import type { TestTelemetry } from './helpers/otel-sdk.ts';

const KEY = 'ocsf-chain-test-key-0123456789ab';
const OCSF_SCHEMA = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', 'semconv', 'schema', 'ocsf-event.schema.json'), 'utf8')) as object;

function timeUnixNano(record: ReadableLogRecord): string {
  return (BigInt(record.hrTime[0]) * 1_000_000_000n + BigInt(record.hrTime[1])).toString();
}

/** An SDK log record as an exporter hands it on: what toOCSF() takes. */
function exported(record: ReadableLogRecord): SecurityEventRecord {
  const span = record.spanContext;
  return {
    eventName: record.eventName ?? '',
    timeUnixNano: timeUnixNano(record),
    severityText: record.severityText,
    severityNumber: record.severityNumber,
    body: record.body,
    attributes: record.attributes,
    traceId: span?.traceId,
    spanId: span?.spanId,
    resource: record.resource.attributes,
  };
}

let telemetry: TestTelemetry;
let records: ReadableLogRecord[];
let events: OcsfEvent[];

before(() => {
  telemetry = startTestTelemetry({ serviceName: 'ocsf-chain' });
  const { privateKey } = generateKeyPairSync('ed25519');
  initSecurity({ thresholds: false, chain: { key: KEY, signingKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } });
  securityEvent('sys_startup', { message: 'up' });
  securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': '10.0.0.1', message: 'bad password' });
  securityEvent('attack_detected', {
    'client.address': '10.0.0.2',
    'security_rule.uuid': 'sqli-001',
    'security_rule.name': 'SQL injection: tautology',
    'security_rule.category': 'sqli',
  });
  securityEvent('authz_fail', { 'user.id': 'bob', 'url.path': '/admin' });
  emitChainCheckpoint();
  securityEvent('sys_shutdown');
  records = telemetry.logs().filter((r) => r.eventName?.startsWith('security.'));
  // Shuffled on purpose: an export need not be in chain order.
  events = toOCSFChain([...records].reverse().map(exported)).reverse();
});
after(async () => {
  initSecurity({ chain: false });
  await telemetry.shutdown();
});

describe('SDK records with the hash chain on, as OCSF events', () => {
  it('emits a chained record for every event, checkpoints included (sys_shutdown closes the stream with a final one)', () => {
    assert.deepEqual(
      records.map((r) => r.eventName),
      ['sys_startup', 'authn_login_fail', 'attack_detected', 'authz_fail', 'chain_checkpoint', 'sys_shutdown', 'chain_checkpoint'].map((n) => `security.${n}`),
    );
    for (const record of records) assert.equal(typeof record.attributes['security.chain.hmac'], 'string');
  });

  it('validates every OCSF event against the shipped schema', () => {
    for (const event of events) assert.deepEqual(validateAgainst(OCSF_SCHEMA, event), [], event.metadata.event_code);
  });

  it('gives every event one attestation of the same chain, numbered like the records, in the record_integrity profile', () => {
    const stream = chainPositionOf(records[0]!.attributes['security.event.id'])?.stream as string;
    assert.ok(stream);
    events.forEach((event, index) => {
      const record = records[index]!;
      assert.deepEqual(event.metadata.profiles, ['record_integrity']);
      assert.equal(event.attestation_list?.length, 1);
      const attestation = event.attestation_list![0]!;
      assert.equal(attestation.chain_uid, stream);
      assert.equal(attestation.uid, record.attributes['security.event.id']);
      assert.equal(chainPositionOf(attestation.uid)?.stream, stream);
      assert.deepEqual(attestation.fingerprint, { algorithm_id: 99, algorithm: 'HMAC-SHA256', value: record.attributes['security.chain.hmac'] });
    });
  });

  it('links each event to the one before it by event id, type and fingerprint; the stream\'s first has no link', () => {
    const seqs = records.map((r) => chainPositionOf(r.attributes['security.event.id'])?.seq as number);
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0]! + i), 'consecutive');
    events.forEach((event, index) => {
      const link = event.attestation_list![0]!.prev_event;
      if (seqs[index] === 1) {
        assert.equal(link, undefined);
        return;
      }
      const previous = events[index - 1]!;
      assert.deepEqual(link, { uid: previous.metadata.uid, type_uid: previous.type_uid, fingerprint: previous.attestation_list![0]!.fingerprint });
    });
  });

  it('carries what a verifier needs: each HMAC recomputes from the record and its prev_event fingerprint', () => {
    events.forEach((event, index) => {
      const record = records[index]!;
      const attestation = event.attestation_list![0]!;
      const previousHmac = attestation.prev_event?.fingerprint?.value ?? '';
      const input = canonicalChainInput(previousHmac, {
        eventName: record.eventName ?? '',
        timeUnixNano: timeUnixNano(record),
        severityNumber: record.severityNumber ?? 0,
        severityText: record.severityText ?? '',
        body: record.body as ChainValue,
        attributes: record.attributes as Record<string, ChainValue>,
      });
      assert.equal(createHmac('sha256', KEY).update(input).digest('hex'), attestation.fingerprint.value, event.metadata.event_code);
    });
  });

  it('keeps the signed checkpoint\'s fields in unmapped and maps the attack to a Detection Finding', () => {
    const checkpoint = events.find((e) => e.metadata.event_code === 'chain_checkpoint')!;
    assert.equal(typeof checkpoint.unmapped?.['security.chain.checkpoint.signature'], 'string');
    assert.equal(checkpoint.unmapped?.['security.chain.checkpoint.head'], events[3]!.attestation_list![0]!.fingerprint.value);
    const attack = events.find((e) => e.metadata.event_code === 'attack_detected')!;
    assert.equal(attack.class_uid, 2004);
    assert.equal(attack.finding_info?.analytic?.uid, 'sqli-001');
  });
});
