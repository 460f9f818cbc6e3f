// Tamper evidence end to end: records chained by the SDK, exported by the real OpenTelemetry
// exporters, through an in-process OTLP/HTTP JSON receiver (raw request bodies) and through a real
// OpenTelemetry Collector (file exporter), then checked, and tampered with, with `secotel verify`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { initSecurity, securityEvent, setUser, runWithSecurityScope } from '@secotel/sdk';
import { chainPositionOf } from '@secotel/semconv';
import { REPO_ROOT, startCollector } from '../helpers/collector.ts';
import type { RunningCollector } from '../helpers/collector.ts';
import { startTestTelemetry } from '../helpers/otel-sdk.ts';
import { startOtlpReceiver } from '../helpers/otlp-receiver.ts';
import type { OtlpReceiver } from '../helpers/otlp-receiver.ts';

const BIN = join(REPO_ROOT, 'packages', 'verify', 'bin', 'secotel.cjs');
const KEY = 'e2e-tamper-chain-key-0123456789abcdef';

type Json = Record<string, unknown>;
type KeyValue = { key: string; value: Json };

let scratch: string;
let signingKeyFile: string;
let publicKeyFile: string;

function secotel(args: readonly string[], env: Record<string, string | undefined> = { SECOTEL_CHAIN_KEY: KEY }) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, SECOTEL_CHAIN_KEY: undefined, SECOTEL_CHAIN_KEY_FILE: undefined, ...env } as NodeJS.ProcessEnv,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, lines: readonly string[]): string {
  const path = join(scratch, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Every log record of OTLP JSON lines, with the line it sits in. */
function logRecords(requests: Json[]): { line: number; record: Json }[] {
  const out: { line: number; record: Json }[] = [];
  requests.forEach((request, line) => {
    for (const rl of (request.resourceLogs as Json[] | undefined) ?? []) {
      for (const sl of (rl.scopeLogs as Json[] | undefined) ?? []) {
        for (const record of (sl.logRecords as Json[] | undefined) ?? []) out.push({ line, record });
      }
    }
  });
  return out;
}
const attribute = (record: Json, key: string): Json | undefined => (record.attributes as KeyValue[]).find((kv) => kv.key === key)?.value;
/** The record's place in the chain, from its `security.event.id` (`<stream>:<seq>`); NaN when it has none. */
const seqOf = (record: Json): number => chainPositionOf(attribute(record, 'security.event.id')?.stringValue)?.seq ?? Number.NaN;
const isFinalCheckpoint = (record: Json): boolean => attribute(record, 'security.chain.checkpoint.final')?.boolValue === true;

/** Removes the log records `drop` selects, wherever they are in the batches. */
function withoutRecords(requests: Json[], drop: (record: Json) => boolean): string[] {
  const copy = structuredClone(requests);
  for (const request of copy) {
    for (const rl of (request.resourceLogs as Json[] | undefined) ?? []) {
      for (const sl of (rl.scopeLogs as Json[] | undefined) ?? []) sl.logRecords = ((sl.logRecords as Json[] | undefined) ?? []).filter((r) => !drop(r));
    }
  }
  return copy.map((request) => JSON.stringify(request));
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'secotel-tamper-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  signingKeyFile = join(scratch, 'signing.pem');
  publicKeyFile = join(scratch, 'signing.pub.pem');
  writeFileSync(signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('raw OTLP/HTTP JSON request bodies from the real exporter', { timeout: 60_000 }, () => {
  let receiver: OtlpReceiver;
  let bodies: string[];

  before(async () => {
    receiver = await startOtlpReceiver();
    const telemetry = startTestTelemetry({ otlpUrl: receiver.url, serviceName: 'tamper-json' });
    initSecurity({ chain: { key: KEY, signingKeyFile, checkpointEvery: 4 } });
    securityEvent('sys_startup', { message: 'up' });
    await runWithSecurityScope(async () => {
      setUser({ 'user.id': 'zoë', 'user.roles': ['admin', ''] });
      securityEvent('authz_fail', {
        'url.path': '/admin/ünïcödé/😀',
        'http.response.status_code': 403,
        'security.attempts': 0,
        'security.http.duration_ms': 0.1,
        'security.threshold.count': 2 ** 62 + 1024,
        'security.entitlements': [],
        'security.reason': '',
        'security.attack.detected': false,
        'security.change.from': 'line\u2028separator and a lone \ud800 surrogate',
        message: 'Access denied to /admin for zoë',
      });
    });
    for (let i = 0; i < 7; i++) securityEvent('authn_login_fail', { 'user.id': `user${i % 2}`, 'client.address': '198.51.100.4' });
    securityEvent('sys_shutdown', { message: 'down' });
    await telemetry.flush();
    await receiver.waitFor(() => receiver.logs.some((r) => r.attributes['security.chain.checkpoint.final'] === true));
    bodies = [...receiver.rawBodies];
    await telemetry.shutdown();
  });
  after(() => receiver?.close());

  it('verify with the key and with the public key alone', () => {
    const path = write('bodies.jsonl', bodies);
    const withKey = secotel(['verify', '--public-key', publicKeyFile, path]);
    assert.equal(withKey.status, 0, withKey.stdout);
    assert.match(withKey.stdout, /service tamper-json/);
    const publicOnly = secotel(['verify', '--public-key', publicKeyFile, path], {});
    assert.equal(publicOnly.status, 0, publicOnly.stdout);
  });

  it('name a record removed from a request body and a record whose attribute was edited', () => {
    const requests = bodies.map((body) => JSON.parse(body) as Json);
    const target = logRecords(requests).find(({ record }) => record.eventName === 'security.authz_fail');
    assert.ok(target);
    const seq = seqOf(target.record);
    const removed = secotel(['verify', write('removed.jsonl', withoutRecords(requests, (r) => r.eventName === 'security.authz_fail'))]);
    assert.equal(removed.status, 1);
    assert.match(removed.stdout, new RegExp(`missing\\s+seq ${seq} \\(1 record\\)`));
    const edited = structuredClone(requests);
    const editedTarget = logRecords(edited).find(({ record }) => record.eventName === 'security.authz_fail');
    ((editedTarget?.record.attributes as KeyValue[]).find((kv) => kv.key === 'http.response.status_code') as KeyValue).value = { intValue: 200 };
    const result = secotel(['verify', write('edited.jsonl', edited.map((r) => JSON.stringify(r)))]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, new RegExp(`altered\\s+seq ${seq} security\\.authz_fail .*content does not match`));
  });
});

describe('a process under --require @secotel/node/register, through a real collector', { timeout: 180_000 }, () => {
  let collector: RunningCollector;
  let lines: string[];
  let requests: Json[];

  async function runApp(protocol: 'http/protobuf' | 'http/json', service: string): Promise<void> {
    const script = `
      const { securityEvent, setUser, runWithSecurityScope } = require('@secotel/sdk');
      securityEvent('authn_login_success', { 'user.id': 'alice', 'client.address': '192.0.2.1' });
      runWithSecurityScope(() => {
        setUser({ 'user.id': 'bob', 'user.roles': ['ops'] });
        securityEvent('authz_fail', { 'url.path': '/ünïcödé/😀', 'http.response.status_code': 403, 'security.attempts': 0,
          'security.http.duration_ms': 12.5, 'security.threshold.count': 2 ** 62 + 1024, 'security.entitlements': [], 'security.reason': '',
          'security.attack.detected': false, 'security.change.from': 'a lone \\ud800 surrogate', message: 'Denied: /admin' });
      });
      for (let i = 0; i < 9; i++) securityEvent('authn_login_fail', { 'user.id': 'carol', 'client.address': '192.0.2.9' });
    `;
    const child = spawn(process.execPath, ['--require', '@secotel/node/register', '-e', script], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: service,
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.otlpHttpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_BLRP_SCHEDULE_DELAY: '200',
        SECOTEL_CHAIN_KEY: KEY,
        SECOTEL_CHAIN_SIGNING_KEY_FILE: signingKeyFile,
        SECOTEL_CHAIN_CHECKPOINT_EVERY: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, output);
  }

  before(async () => {
    collector = await startCollector();
    // The default OTLP/protobuf exporter and the JSON one: two processes, two streams, one file.
    await Promise.all([runApp('http/protobuf', 'tamper-proto'), runApp('http/json', 'tamper-json')]);
    const deadline = Date.now() + 30_000;
    while (collector.readSecurityRecords().filter((r) => r.attributes['security.chain.checkpoint.final'] === true).length < 2) {
      if (Date.now() > deadline) throw new Error(`no final checkpoints in the collector output:\n${collector.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the file exporter flushes every 100 ms
    lines = readFileSync(join(collector.outDir, 'security.jsonl'), 'utf8').trimEnd().split('\n');
    requests = lines.map((line) => JSON.parse(line) as Json);
  });
  after(() => collector?.stop());

  it('verifies the collector file exporter output: both streams, sys_startup and sys_shutdown included', () => {
    const records = logRecords(requests).map(({ record }) => record);
    for (const name of ['security.sys_startup', 'security.sys_shutdown']) {
      const matching = records.filter((r) => r.eventName === name);
      assert.equal(matching.length, 2, name);
      for (const record of matching) assert.ok(attribute(record, 'security.chain.hmac'), `${name} is chained`);
    }
    const result = secotel(['verify', '--public-key', publicKeyFile, join(collector.outDir, 'security.jsonl')]);
    assert.equal(result.status, 0, result.stdout);
    assert.match(result.stdout, /2 streams/);
    assert.match(result.stdout, /service tamper-proto/);
    assert.match(result.stdout, /service tamper-json/);
    assert.match(result.stdout, /result: OK \(2 streams verified\)/);
  });

  it('names a deleted record', () => {
    const victim = logRecords(requests).find(({ record }) => record.eventName === 'security.authz_fail')?.record as Json;
    const id = attribute(victim, 'security.event.id')?.stringValue;
    const result = secotel(['verify', write('deleted.jsonl', withoutRecords(requests, (r) => attribute(r, 'security.event.id')?.stringValue === id))]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, new RegExp(`missing\\s+seq ${seqOf(victim)} \\(1 record\\)`));
  });

  it('names an edited attribute', () => {
    const edited = structuredClone(requests);
    const { record } = logRecords(edited).find(({ record }) => record.eventName === 'security.authn_login_success') as { record: Json };
    ((record.attributes as KeyValue[]).find((kv) => kv.key === 'user.id') as KeyValue).value = { stringValue: 'mallory' };
    const result = secotel(['verify', write('edited.jsonl', edited.map((r) => JSON.stringify(r)))]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, new RegExp(`altered\\s+seq ${seqOf(record)} security\\.authn_login_success `));
  });

  it('accepts reordered lines', () => {
    const result = secotel(['verify', write('reordered.jsonl', [...lines].reverse())]);
    assert.equal(result.status, 0, result.stdout);
  });

  it('names a dropped tail', () => {
    const result = secotel(['verify', '--public-key', publicKeyFile, write('dropped.jsonl', withoutRecords(requests, (r) => r.eventName === 'security.sys_shutdown' || isFinalCheckpoint(r)))]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /open\s+no final checkpoint/);
    assert.match(result.stdout, /result: FAILED \(2 of 2 streams failed\)/);
  });

  it('names a forged checkpoint', () => {
    const forged = structuredClone(requests);
    const { record } = logRecords(forged).find(({ record }) => isFinalCheckpoint(record)) as { record: Json };
    const lastSeq = (record.attributes as KeyValue[]).find((kv) => kv.key === 'security.chain.checkpoint.last_seq') as KeyValue;
    lastSeq.value = { intValue: String(Number(lastSeq.value.intValue) - 1) };
    const result = secotel(['verify', '--public-key', publicKeyFile, write('forged.jsonl', forged.map((r) => JSON.stringify(r)))], {});
    assert.equal(result.status, 1);
    assert.match(result.stdout, /checkpoint\s+seq \d+ .* signature does not verify: the checkpoint was forged or altered/);
  });
});
