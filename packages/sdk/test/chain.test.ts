import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import type { LoggerProvider } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  DEFAULT_CHECKPOINT_EVERY,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  SecurityEventError,
  emitChainCheckpoint,
  initSecurity,
  resolveSecurityOptions,
  securityEvent,
} from '@secotel/sdk';
import { canonicalChainInput, chainCheckpointStatement, chainPositionOf } from '@secotel/semconv';
import type { ChainValue } from '@secotel/semconv';
import { captureDiagErrors } from '../../../test/helpers/otlp-receiver.ts';
import { startTestTelemetry } from '../../../test/helpers/otel-sdk.ts';
import type { TestTelemetry } from '../../../test/helpers/otel-sdk.ts';

const KEY = 'chain-test-key-0123456789abcdef';
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const KEY_ID = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);

let telemetry: TestTelemetry;
let diagnostics: { errors: string[]; warnings: string[] };
let scratch: string;

const attr = (record: ReadableLogRecord | undefined, key: string): unknown => record?.attributes[key];
/** The record's place in the chain, from its `security.event.id` (`<stream>:<seq>`). */
const positionOf = (record: ReadableLogRecord | undefined) => chainPositionOf(attr(record, 'security.event.id'));
const seqOf = (record: ReadableLogRecord | undefined): number | undefined => positionOf(record)?.seq;
const streamOf = (record: ReadableLogRecord | undefined): string | undefined => positionOf(record)?.stream;
const seqs = (records: readonly ReadableLogRecord[]) => records.map((r) => seqOf(r));
const checkpoints = () => telemetry.logs().filter((r) => r.eventName === 'security.chain_checkpoint');

function timeUnixNano(record: ReadableLogRecord): string {
  return (BigInt(record.hrTime[0]) * 1_000_000_000n + BigInt(record.hrTime[1])).toString();
}

/** What a verifier holding the key computes for `record`, given the record before it. */
function expectedHmac(record: ReadableLogRecord, previous: string, key = KEY): string {
  const input = canonicalChainInput(previous, {
    eventName: record.eventName ?? '',
    timeUnixNano: timeUnixNano(record),
    severityNumber: record.severityNumber ?? 0,
    severityText: record.severityText ?? '',
    body: record.body as ChainValue,
    attributes: record.attributes as Record<string, ChainValue>,
  });
  return createHmac('sha256', key).update(input).digest('hex');
}

before(async () => {
  diagnostics = await captureDiagErrors();
  telemetry = startTestTelemetry();
  scratch = mkdtempSync(join(tmpdir(), 'secotel-chain-'));
});
after(async () => {
  await telemetry.shutdown();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  telemetry.logExporter?.reset();
  telemetry.spanExporter?.reset();
  diagnostics.errors.length = 0;
  diagnostics.warnings.length = 0;
});

describe('the hash chain', () => {
  it('numbers every record of a stream from 1 without gaps, with an HMAC over the record and its predecessor', () => {
    initSecurity({ thresholds: false, chain: { key: 'a-fresh-key-for-a-fresh-stream!!' } });
    securityEvent('sys_startup', { message: 'up' });
    securityEvent('authn_login_fail', { 'user.id': 'alice', 'client.address': '10.0.0.1', 'security.attempts': 3 });
    securityEvent('authz_fail', { 'url.path': '/admin', 'user.roles': ['a', 'b'] });
    const records = telemetry.logs();
    assert.deepEqual(seqs(records), [1, 2, 3]);
    const stream = streamOf(records[0]);
    assert.match(String(stream), /^[0-9a-f-]{36}$/);
    for (const record of records) {
      assert.equal(streamOf(record), stream);
      // The place in the chain is in the id only: no attributes of its own.
      assert.deepEqual(Object.keys(record.attributes).filter((k) => k.startsWith('security.chain.')), ['security.chain.hmac']);
    }
    let previous = '';
    for (const record of records) {
      const hmac = attr(record, 'security.chain.hmac');
      assert.match(String(hmac), /^[0-9a-f]{64}$/);
      assert.equal(hmac, expectedHmac(record, previous, 'a-fresh-key-for-a-fresh-stream!!'));
      previous = hmac as string;
    }
  });

  it('gives every record an exact millisecond timestamp, so the chain covers the exported time', () => {
    initSecurity({ chain: { key: KEY } });
    const before = Date.now();
    securityEvent('authz_fail');
    // initSecurity() may first close an earlier stream with a checkpoint stamped before `before`.
    const record = telemetry.logs().find((r) => r.eventName === 'security.authz_fail');
    assert.ok(record);
    assert.equal(record.hrTime[1] % 1_000_000, 0);
    const ms = record.hrTime[0] * 1000 + record.hrTime[1] / 1e6;
    assert.ok(ms >= before && ms <= Date.now());
  });

  it('continues the stream across initSecurity() with the same key, threshold events included', () => {
    initSecurity({ chain: { key: KEY } });
    securityEvent('authz_fail');
    initSecurity({ chain: { key: KEY }, thresholds: [{ event: 'authn_login_fail', by: ['user.id'], count: 2, windowMs: 60_000, emit: 'authn_login_fail_max' }] });
    securityEvent('authn_login_fail', { 'user.id': 'bob' });
    securityEvent('authn_login_fail', { 'user.id': 'bob' });
    const records = telemetry.logs();
    assert.deepEqual(records.map((r) => r.eventName), ['security.authz_fail', 'security.authn_login_fail', 'security.authn_login_fail', 'security.authn_login_fail_max']);
    const first = seqOf(records[0]) as number;
    assert.deepEqual(seqs(records), [first, first + 1, first + 2, first + 3]);
    assert.equal(new Set(records.map((r) => streamOf(r))).size, 1);
    for (let i = 1; i < records.length; i++) {
      assert.equal(attr(records[i], 'security.chain.hmac'), expectedHmac(records[i] as ReadableLogRecord, attr(records[i - 1], 'security.chain.hmac') as string));
    }
  });

  it('closes the stream with a final checkpoint and starts a new one when the key changes', () => {
    initSecurity({ chain: { key: KEY } });
    securityEvent('authz_fail');
    const oldStream = streamOf(telemetry.logs()[0]);
    initSecurity({ chain: { key: 'another-key-another-stream-0000' } });
    securityEvent('authz_fail');
    const [, closing, next] = telemetry.logs();
    assert.equal(closing?.eventName, 'security.chain_checkpoint');
    assert.equal(streamOf(closing), oldStream);
    assert.equal(attr(closing, 'security.chain.checkpoint.final'), true);
    assert.notEqual(streamOf(next), oldStream);
    assert.equal(seqOf(next), 1);
    assert.equal(attr(next, 'security.chain.hmac'), expectedHmac(next as ReadableLogRecord, '', 'another-key-another-stream-0000'));
  });

  it('carries stream and seq (in the id securityEvent() returns) but no HMAC and writes no checkpoints without a key', () => {
    initSecurity({ chain: {} });
    telemetry.logExporter?.reset(); // the keyed stream before was closed by a final checkpoint
    const ids = [securityEvent('authz_fail'), securityEvent('sys_shutdown')];
    assert.deepEqual(telemetry.logs().map((r) => attr(r, 'security.event.id')), ids);
    assert.equal(emitChainCheckpoint({ final: true }), undefined);
    const records = telemetry.logs();
    assert.equal(records.length, 2);
    for (const record of records) {
      assert.equal(typeof seqOf(record), 'number');
      assert.equal(attr(record, 'security.chain.hmac'), undefined);
    }
    assert.equal(seqOf(records[1]), (seqOf(records[0]) as number) + 1);
  });

  it('starts a stream of its own in a process restored from a snapshot (another pid), so ids never repeat', async () => {
    // The shared chain state, as a snapshot would have captured it in another process.
    const { chainState } = (await import(pathToFileURL(join(import.meta.dirname, '..', 'dist', 'esm', 'internal', 'chain-state.js')).href)) as {
      chainState: { pid: number };
    };
    initSecurity({ chain: {} });
    const before = chainPositionOf(securityEvent('authz_fail'));
    chainState.pid = -1;
    const after = chainPositionOf(securityEvent('authz_fail'));
    assert.ok(before !== undefined && after !== undefined);
    assert.notEqual(after.stream, before.stream);
    assert.equal(after.seq, 1);
    assert.equal(chainPositionOf(securityEvent('authz_fail'))?.stream, after.stream, 'and keeps it');
  });

  it('adds nothing with chain: false or SECOTEL_CHAIN=off', () => {
    initSecurity({ chain: false });
    const id = securityEvent('authz_fail');
    assert.equal(Object.keys(telemetry.logs()[0]?.attributes ?? {}).filter((k) => k.startsWith('security.chain.')).length, 0);
    assert.equal(attr(telemetry.logs()[0], 'security.event.id'), id);
    assert.equal(chainPositionOf(id), undefined, 'without the chain the id names no chain position');
    assert.equal(resolveSecurityOptions({}, { SECOTEL_CHAIN: 'off' }).chain, undefined);
    assert.notEqual(resolveSecurityOptions({ chain: {} }, { SECOTEL_CHAIN: 'off' }).chain, undefined, 'options win over the environment');
  });

  it('keeps chain attributes off the span event', () => {
    initSecurity({ chain: { key: KEY }, spanEvents: true });
    trace.getTracer('test').startActiveSpan('request', (span) => {
      securityEvent('authz_fail');
      span.end();
    });
    const [spanData] = telemetry.spanExporter?.getFinishedSpans() ?? [];
    const event = spanData?.events[0];
    assert.equal(event?.name, 'security.authz_fail');
    assert.equal(Object.keys(event?.attributes ?? {}).filter((k) => k.startsWith('security.chain.')).length, 0);
    assert.ok(attr(telemetry.logs()[0], 'security.chain.hmac'));
    assert.equal(event?.attributes?.['security.event.id'], attr(telemetry.logs()[0], 'security.event.id'), 'the span event names the record it stands for');
  });

  it('does not let callers set chain attributes or write checkpoints themselves', () => {
    initSecurity({ chain: { key: KEY } });
    securityEvent('authz_fail', { 'security.chain.seq': 1, 'security.chain.hmac': 'forged', 'security.event.id': 'forged:1' } as never);
    const [record] = telemetry.logs();
    assert.notEqual(attr(record, 'security.chain.hmac'), 'forged');
    assert.equal(attr(record, 'security.chain.seq'), undefined);
    assert.notEqual(streamOf(record), 'forged');
    // @ts-expect-error only the hash chain writes checkpoints
    assert.equal(securityEvent('chain_checkpoint'), undefined);
    assert.equal(telemetry.logs().length, 1);
    initSecurity({ strict: true, chain: { key: KEY } });
    assert.throws(() => securityEvent('authz_fail', { 'security.chain.stream': 'x' } as never), { code: 'SECOTEL_ERR_INVALID_ATTRIBUTE', message: /hash chain/ });
    // @ts-expect-error only the hash chain writes checkpoints
    assert.throws(() => securityEvent('chain_checkpoint'), { code: 'SECOTEL_ERR_INVALID_EVENT_NAME', message: /emitChainCheckpoint/ });
  });
});

describe('checkpoints', () => {
  it('are written every checkpointEvery records and carry the head of the chain', () => {
    initSecurity({ thresholds: false, chain: { key: KEY, checkpointEvery: 3 } });
    emitChainCheckpoint(); // start from a clean slate
    telemetry.logExporter?.reset();
    for (let i = 0; i < 7; i++) securityEvent('authz_fail', { 'url.path': `/p${i}` });
    const records = telemetry.logs();
    assert.deepEqual(records.map((r) => r.eventName === 'security.chain_checkpoint'), [false, false, false, true, false, false, false, true, false]);
    const [checkpoint] = checkpoints();
    const covered = records[2] as ReadableLogRecord;
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.last_seq'), seqOf(covered));
    assert.equal(seqOf(checkpoint), (seqOf(covered) as number) + 1);
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.head'), attr(covered, 'security.chain.hmac'));
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.final'), false);
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.signature'), undefined, 'unsigned without a signing key');
    assert.equal(checkpoint?.severityText, 'INFO');
    assert.equal(attr(checkpoint, 'security.event.category'), 'sys');
    assert.equal(attr(checkpoint, 'security.chain.hmac'), expectedHmac(checkpoint as ReadableLogRecord, attr(covered, 'security.chain.hmac') as string));
  });

  it('are still written on time when the log pipeline loses the record that made one due', () => {
    const written: { eventName: string; lastSeq: unknown }[] = [];
    let emitted = 0;
    const loggerProvider: LoggerProvider = {
      getLogger: () => ({
        emit(record): void {
          // The third event's record is lost: an exporter or processor throwing on it.
          if (record.eventName === 'security.authz_fail' && ++emitted === 3) throw new Error('exporter broke');
          written.push({ eventName: String(record.eventName), lastSeq: record.attributes?.['security.chain.checkpoint.last_seq'] });
        },
        enabled: () => true,
      }),
    };
    initSecurity({ thresholds: false, loggerProvider, chain: { key: KEY, checkpointEvery: 3 } });
    emitChainCheckpoint(); // start from a clean slate
    written.length = 0;
    const ids = [0, 1, 2].map((i) => securityEvent('authz_fail', { 'url.path': `/p${i}` }));
    assert.equal(ids[2], undefined, 'the lost record has no id to give');
    // The checkpoint follows the third event and covers its (lost) place, so a verifier sees the gap.
    assert.deepEqual(written.map((w) => w.eventName), ['security.authz_fail', 'security.authz_fail', 'security.chain_checkpoint']);
    assert.equal(written[2]?.lastSeq, (chainPositionOf(ids[1])?.seq as number) + 1);
    assert.ok(diagnostics.errors.some((e) => e.includes('exporter broke')), diagnostics.errors.join('\n'));
  });

  it('are signed with Ed25519 over the statement, so the public key alone can check them', () => {
    initSecurity({ thresholds: false, chain: { key: KEY, signingKey: PRIVATE_PEM, checkpointEvery: 1000 } });
    // A checkpoint record under the signing key, whatever the tests before left: the next signed range starts with it.
    securityEvent('authz_fail');
    emitChainCheckpoint();
    telemetry.logExporter?.reset();
    securityEvent('authz_fail');
    securityEvent('authn_login_fail', { 'user.id': 'carol' });
    const seq = emitChainCheckpoint();
    const checkpoint = telemetry.logs().at(-1) as ReadableLogRecord;
    assert.equal(seqOf(checkpoint), seq);
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.key_id'), KEY_ID);
    const firstSeq = attr(checkpoint, 'security.chain.checkpoint.first_seq') as number;
    const lastSeq = attr(checkpoint, 'security.chain.checkpoint.last_seq') as number;
    assert.equal(lastSeq, (seq as number) - 1);
    // The digest starts at the previous checkpoint record, so the signed ranges link up.
    assert.equal(firstSeq, lastSeq - 2);
    const statement = chainCheckpointStatement({
      stream: streamOf(checkpoint) as string,
      firstSeq,
      lastSeq,
      head: attr(checkpoint, 'security.chain.checkpoint.head') as string,
      digest: attr(checkpoint, 'security.chain.checkpoint.digest') as string,
      final: false,
      timeUnixNano: timeUnixNano(checkpoint),
    });
    const signature = Buffer.from(attr(checkpoint, 'security.chain.checkpoint.signature') as string, 'base64');
    const verifier = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
    assert.ok(verify(null, Buffer.from(statement), verifier, signature));
    assert.ok(!verify(null, Buffer.from(statement.replace(/,false,/, ',true,')), verifier, signature), 'final is signed');
    assert.ok(!verify(null, Buffer.from(statement.replace(`,${lastSeq},`, `,${lastSeq + 1},`)), verifier, signature), 'the range is signed');
  });

  it('sign a digest that reproduces from the canonical encodings of the covered records', () => {
    initSecurity({ thresholds: false, chain: { signingKey: PRIVATE_PEM } });
    emitChainCheckpoint({ final: true });
    initSecurity({ thresholds: false, chain: { key: KEY, signingKey: PRIVATE_PEM } });
    telemetry.logExporter?.reset();
    securityEvent('authz_fail');
    securityEvent('sys_startup');
    emitChainCheckpoint();
    const records = telemetry.logs();
    // A new key: a new stream, whose first segment starts at seq 1.
    const checkpoint = records.at(-1) as ReadableLogRecord;
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.first_seq'), 1);
    const hash = createHash('sha256');
    let previous = '';
    for (const record of records.slice(0, -1)) {
      hash.update(
        canonicalChainInput(previous, {
          eventName: record.eventName ?? '',
          timeUnixNano: timeUnixNano(record),
          severityNumber: record.severityNumber ?? 0,
          severityText: record.severityText ?? '',
          body: record.body as ChainValue,
          attributes: record.attributes as Record<string, ChainValue>,
        }),
      );
      previous = attr(record, 'security.chain.hmac') as string;
    }
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.digest'), hash.digest('hex'));
  });

  it('are written after sys_shutdown as the final checkpoint, and only once', () => {
    initSecurity({ chain: { key: KEY } });
    securityEvent('authz_fail');
    securityEvent('sys_shutdown', { message: 'stopping' });
    assert.equal(emitChainCheckpoint({ final: true }), undefined, 'already closed');
    assert.equal(emitChainCheckpoint(), undefined, 'nothing new to cover');
    const records = telemetry.logs();
    assert.deepEqual(records.map((r) => r.eventName), ['security.authz_fail', 'security.sys_shutdown', 'security.chain_checkpoint']);
    assert.equal(attr(records[2], 'security.chain.checkpoint.final'), true);
    assert.match(String(records[2]?.body), /^Final chain checkpoint/);
  });

  it('are written checkpointIntervalMs after the first record not yet covered', async () => {
    initSecurity({ chain: { key: KEY, checkpointIntervalMs: 20 } });
    emitChainCheckpoint();
    telemetry.logExporter?.reset();
    securityEvent('authz_fail');
    const deadline = Date.now() + 10_000;
    while (checkpoints().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const [checkpoint] = checkpoints();
    assert.equal(attr(checkpoint, 'security.chain.checkpoint.last_seq'), seqOf(telemetry.logs()[0]));
    assert.equal(checkpoint?.spanContext, undefined, 'not tied to a request');
    assert.deepEqual(diagnostics.errors, []);
  });

  it('never keep the process alive: the timer is unref()ed', () => {
    const result = spawnSync(
      process.execPath,
      [
        '-e',
        `const { initSecurity, securityEvent } = require('@secotel/sdk');
         initSecurity({ chain: { key: '${KEY}', checkpointIntervalMs: 600000 } });
         securityEvent('authz_fail');
         console.log('emitted');`,
      ],
      { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'emitted');
  });
});

describe('chain options', () => {
  it('have defaults and read the SECOTEL_CHAIN_* variables', () => {
    const defaults = resolveSecurityOptions({}, {}).chain;
    assert.equal(defaults?.key, undefined);
    assert.equal(defaults?.checkpointEvery, DEFAULT_CHECKPOINT_EVERY);
    assert.equal(defaults?.checkpointIntervalMs, DEFAULT_CHECKPOINT_INTERVAL_MS);
    const keyFile = join(scratch, 'chain.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const signingFile = join(scratch, 'signing.pem');
    writeFileSync(signingFile, PRIVATE_PEM);
    const fromEnv = resolveSecurityOptions({}, {
      SECOTEL_CHAIN_KEY_FILE: keyFile,
      SECOTEL_CHAIN_SIGNING_KEY_FILE: signingFile,
      SECOTEL_CHAIN_CHECKPOINT_EVERY: '50',
      SECOTEL_CHAIN_CHECKPOINT_INTERVAL_MS: '5000',
    }).chain;
    assert.equal(fromEnv?.key?.toString(), KEY, 'the trailing newline is not part of the key');
    assert.equal(fromEnv?.signingKeyId, KEY_ID);
    assert.equal(fromEnv?.checkpointEvery, 50);
    assert.equal(fromEnv?.checkpointIntervalMs, 5000);
    assert.equal(resolveSecurityOptions({}, { SECOTEL_CHAIN_KEY: KEY }).chain?.key?.toString(), KEY);
    assert.equal(resolveSecurityOptions({ chain: { key: 'from-code-0123456789' } }, { SECOTEL_CHAIN_KEY: KEY }).chain?.key?.toString(), 'from-code-0123456789');
  });

  it('reject weak or unusable keys with a message that says what to do', () => {
    const invalid = { code: 'SECOTEL_ERR_INVALID_OPTION' };
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_CHAIN_KEY: 'short' }), { ...invalid, message: /SECOTEL_CHAIN_KEY is 5 bytes.*openssl rand -hex 32/ });
    assert.throws(() => resolveSecurityOptions({ chain: { key: KEY, keyFile: 'x' } }, {}), { ...invalid, message: /either key or keyFile/ });
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_CHAIN_KEY_FILE: join(scratch, 'missing.key') }), { ...invalid, message: /cannot read .*missing\.key \(ENOENT\)/ });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assert.throws(() => resolveSecurityOptions({ chain: { signingKey: rsa } }, {}), { ...invalid, message: /Ed25519 private key, got a rsa private key.*openssl genpkey/ });
    assert.throws(() => resolveSecurityOptions({ chain: { signingKey: 'not a key' } }, {}), { ...invalid, message: /not a PEM private key/ });
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_CHAIN_CHECKPOINT_EVERY: '0' }), { ...invalid, message: /SECOTEL_CHAIN_CHECKPOINT_EVERY/ });
    assert.throws(() => resolveSecurityOptions({}, { SECOTEL_CHAIN: 'maybe' }), { ...invalid, message: /SECOTEL_CHAIN=maybe/ });
    assert.throws(() => initSecurity({ chain: { key: 'short' } }), SecurityEventError);
  });
});
