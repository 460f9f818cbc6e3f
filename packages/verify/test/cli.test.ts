// `secotel verify` as users run it: the bin script in a child process, on files written by the
// real SDK and the real OTLP JSON serialiser, then tampered with.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chainCheckpointStatement, chainEventId, chainPositionOf } from '@secotel/semconv';
import type { VerifyReport } from '@secotel/verify';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'packages', 'verify', 'bin', 'secotel.cjs');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'emit-chain.ts');
const KEY = 'verify-test-chain-key-0123456789';

let scratch: string;
let publicKeyFile: string;
let signingKeyFile: string;
/** One signed stream: sys_startup, 12 failed logins (+ threshold events), authz_fail, sys_shutdown, final checkpoint. */
let clean: string[];

type Json = Record<string, unknown>;
type KeyValue = { key: string; value: Json };

function emitStream(env: Record<string, string> = {}): string[] {
  const result = spawnSync(process.execPath, [FIXTURE], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, SECOTEL_CHAIN_KEY: KEY, SECOTEL_CHAIN_SIGNING_KEY_FILE: signingKeyFile, SECOTEL_CHAIN_CHECKPOINT_EVERY: '5', ...env },
  });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trimEnd().split('\n');
}

function file(name: string, lines: readonly string[]): string {
  const path = join(scratch, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function secotel(args: readonly string[], env: Record<string, string | undefined> = { SECOTEL_CHAIN_KEY: KEY }, input?: string) {
  const childEnv: Record<string, string | undefined> = { ...process.env, SECOTEL_CHAIN_KEY: undefined, SECOTEL_CHAIN_KEY_FILE: undefined, ...env };
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000, env: childEnv as NodeJS.ProcessEnv, input });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The one log record of a line (the fixture writes one per line). */
function recordOf(request: Json): Json {
  const resourceLogs = (request.resourceLogs as Json[])[0] as Json;
  const scopeLogs = (resourceLogs.scopeLogs as Json[])[0] as Json;
  return (scopeLogs.logRecords as Json[])[0] as Json;
}
function attributeOf(record: Json, key: string): KeyValue | undefined {
  return (record.attributes as KeyValue[]).find((kv) => kv.key === key);
}
/** The record's place in the chain, from its `security.event.id` (`<stream>:<seq>`). */
function positionOf(record: Json): { stream: string; seq: number } {
  const position = chainPositionOf(attributeOf(record, 'security.event.id')?.value.stringValue);
  assert.ok(position, 'a chained record');
  return position;
}
function seqOf(line: string): number {
  return positionOf(recordOf(JSON.parse(line) as Json)).seq;
}
function eventOf(line: string): string {
  return recordOf(JSON.parse(line) as Json).eventName as string;
}
function edit(line: string, change: (record: Json) => void): string {
  const request = JSON.parse(line) as Json;
  change(recordOf(request));
  return JSON.stringify(request);
}

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'secotel-verify-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  signingKeyFile = join(scratch, 'signing.pem');
  publicKeyFile = join(scratch, 'signing.pub.pem');
  writeFileSync(signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  clean = emitStream();
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('secotel verify on an untouched stream', () => {
  it('verifies every record with the chain key and exits 0', () => {
    const { status, stdout } = secotel(['verify', file('clean.jsonl', clean)]);
    assert.equal(status, 0, stdout);
    assert.match(stdout, new RegExp(`${clean.length} of seq 1\\.\\.${clean.length} present, ${clean.length} verified by hmac`));
    assert.match(stdout, /last at seq \d+ \(final\)/);
    assert.match(stdout, /result: OK \(1 stream verified\)/);
  });

  it('verifies with only the public key: every record up to the final checkpoint is covered by a signature', () => {
    const { status, stdout } = secotel(['verify', '--public-key', publicKeyFile, file('clean.jsonl', clean)], {});
    assert.equal(status, 0, stdout);
    assert.match(stdout, new RegExp(`${clean.length - 1} verified by signature`));
  });

  it('takes the key from --key-file (trailing newline ignored) and the public key as PEM text', () => {
    const keyFile = join(scratch, 'chain.key');
    writeFileSync(keyFile, `${KEY}\n`);
    const { status, stdout } = secotel(['verify', `--key-file=${keyFile}`, '--public-key', readFileSync(publicKeyFile, 'utf8'), file('clean.jsonl', clean)], {});
    assert.equal(status, 0, stdout);
    assert.match(stdout, /verified by hmac and signature/);
  });

  it('accepts the lines in any order: the order in a file is not the chain order', () => {
    const shuffled = [...clean].reverse();
    [shuffled[0], shuffled[3]] = [shuffled[3] as string, shuffled[0] as string];
    const { status, stdout } = secotel(['verify', file('shuffled.jsonl', shuffled)]);
    assert.equal(status, 0, stdout);
  });

  it('tolerates duplicates, within a file and across files', () => {
    const path = file('dup.jsonl', [...clean, clean[2] as string, clean[4] as string]);
    const { status, stdout } = secotel(['verify', path, path]);
    assert.equal(status, 0, stdout);
    assert.match(stdout, new RegExp(`${clean.length + 4} duplicates skipped`));
  });

  it('reads several records per line, int64 values as JSON numbers or strings, and zero values omitted', () => {
    const batched = emitStream({ FIXTURE_BATCH: '4' });
    // As other encoders write them: int64 as strings, zero and empty values left out.
    const reshape = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reshape);
      if (typeof value !== 'object' || value === null) return value;
      const out: Json = {};
      for (const [key, child] of Object.entries(value)) {
        if (key === 'droppedAttributesCount' && child === 0) continue;
        if (key === 'observedTimeUnixNano') continue;
        if (key === 'intValue') out[key] = String(child);
        else if (key === 'arrayValue' && ((child as Json).values as unknown[]).length === 0) out[key] = {};
        else out[key] = reshape(child);
      }
      return out;
    };
    // ... and timestamps as bare JSON numbers, too big for a double.
    const reshaped = batched.map((line) => JSON.stringify(reshape(JSON.parse(line))).replace(/"timeUnixNano":"(\d+)"/g, '"timeUnixNano":$1'));
    assert.match(reshaped[0] as string, /"timeUnixNano":\d+/);
    const { status, stdout } = secotel(['verify', '--public-key', publicKeyFile, file('reshaped.jsonl', reshaped)]);
    assert.equal(status, 0, stdout);
  });

  it('verifies several streams from several files and reads standard input', () => {
    const other = emitStream({ FIXTURE_SERVICE: 'other-service' });
    const { status, stdout } = secotel(['verify', file('one.jsonl', clean), '-'], { SECOTEL_CHAIN_KEY: KEY }, `${other.join('\n')}\n`);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /2 streams/);
    assert.match(stdout, /service other-service/);
  });

  it('prints a machine-readable report with --json', () => {
    const { status, stdout } = secotel(['verify', '--json', file('clean.jsonl', clean)]);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as VerifyReport;
    assert.equal(report.ok, true);
    assert.equal(report.streams.length, 1);
    assert.equal(report.streams[0]?.records, clean.length);
    assert.equal(report.streams[0]?.closed, true);
    assert.deepEqual(report.streams[0]?.missing, []);
  });
});

describe('secotel verify on a tampered stream', () => {
  it('names a deleted line as a missing sequence number', () => {
    const victim = clean[3] as string;
    const seq = seqOf(victim);
    const { status, stdout } = secotel(['verify', '--public-key', publicKeyFile, file('deleted.jsonl', clean.filter((line) => line !== victim))]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, new RegExp(`missing\\s+seq ${seq} \\(1 record\\)`));
    assert.match(stdout, new RegExp(`unverifiable seq ${seq + 1} .*record ${seq} before it is missing`));
    assert.match(stdout, /result: FAILED/);
  });

  it('names a record whose attribute was edited', () => {
    const index = clean.findIndex((line) => eventOf(line) === 'security.authn_login_fail');
    const tampered = [...clean];
    tampered[index] = edit(clean[index] as string, (record) => {
      (attributeOf(record, 'user.id') as KeyValue).value = { stringValue: 'someone-else' };
    });
    const path = file('edited.jsonl', tampered);
    const withKey = secotel(['verify', path]);
    assert.equal(withKey.status, 1, withKey.stdout);
    assert.match(withKey.stdout, new RegExp(`altered\\s+seq ${seqOf(clean[index] as string)} security\\.authn_login_fail \\(.*edited\\.jsonl:${index + 1}\\): content does not match its security\\.chain\\.hmac`));
    // With the public key alone, the signed digest of the checkpoint covering it no longer matches.
    const withPublicKey = secotel(['verify', '--public-key', publicKeyFile, path], {});
    assert.equal(withPublicKey.status, 1, withPublicKey.stdout);
    assert.match(withPublicKey.stdout, /checkpoint\s+seq \d+ .*records \d+\.\.\d+ do not reproduce its digest: one of them was altered/);
  });

  it('names an edited body, timestamp or severity', () => {
    for (const [name, change] of [
      ['body', (r: Json) => (r.body = { stringValue: 'nothing happened' })],
      ['time', (r: Json) => (r.timeUnixNano = String(BigInt(r.timeUnixNano as string) + 1_000_000n))],
      ['severity', (r: Json) => (r.severityNumber = 21)],
    ] as const) {
      const tampered = [...clean];
      tampered[5] = edit(clean[5] as string, change);
      const { status, stdout } = secotel(['verify', file(`${name}.jsonl`, tampered)]);
      assert.equal(status, 1, `${name}: ${stdout}`);
      assert.match(stdout, new RegExp(`altered\\s+seq ${seqOf(clean[5] as string)} `), name);
    }
  });

  it('names the dropped tail as records after the last checkpoint', () => {
    // Cut after the first few records past a checkpoint: the final checkpoint is gone.
    const firstCheckpoint = clean.findIndex((line) => eventOf(line) === 'security.chain_checkpoint');
    const kept = clean.slice(0, firstCheckpoint + 3);
    const checkpointSeq = seqOf(clean[firstCheckpoint] as string);
    const { status, stdout } = secotel(['verify', '--public-key', publicKeyFile, file('tail.jsonl', kept)]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, new RegExp(`tail\\s+seq ${checkpointSeq + 1}\\.\\.${checkpointSeq + 2} \\(2 records\\) after the last checkpoint`));
    assert.match(stdout, /open\s+no final checkpoint at the end/);
    // A stream still being written is not a failure when the reader says so.
    const open = secotel(['verify', '--allow-open', file('tail.jsonl', kept)]);
    assert.equal(open.status, 0, open.stdout);
    assert.match(open.stdout, /allowed by --allow-open/);
  });

  it('names a dropped tail that ends exactly at a checkpoint: it is not the final one', () => {
    const lastPeriodic = clean.findLastIndex((line) => eventOf(line) === 'security.chain_checkpoint' && !line.includes('"boolValue":true}}'));
    const { status, stdout } = secotel(['verify', file('cut.jsonl', clean.slice(0, lastPeriodic + 1))]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, /open\s+no final checkpoint/);
  });

  it('names a checkpoint whose signed fields were altered', () => {
    const index = clean.findIndex((line) => eventOf(line) === 'security.chain_checkpoint');
    const tampered = [...clean];
    tampered[index] = edit(clean[index] as string, (record) => {
      const digest = attributeOf(record, 'security.chain.checkpoint.digest') as KeyValue;
      digest.value = { stringValue: `${'0'.repeat(63)}1` };
    });
    const { status, stdout } = secotel(['verify', '--public-key', publicKeyFile, file('forged-digest.jsonl', tampered)], {});
    assert.equal(status, 1, stdout);
    assert.match(stdout, new RegExp(`checkpoint\\s+seq ${seqOf(clean[index] as string)} .* signature does not verify: the checkpoint was forged or altered`));
  });

  it('names a forged final checkpoint appended after a cut tail, with or without the chain key', () => {
    const attacker = generateKeyPairSync('ed25519').privateKey;
    const lastPeriodic = clean.findIndex((line) => eventOf(line) === 'security.chain_checkpoint');
    const kept = clean.slice(0, lastPeriodic + 3);
    const lastKept = recordOf(JSON.parse(kept.at(-1) as string) as Json);
    const stream = positionOf(lastKept).stream;
    const lastSeq = seqOf(kept.at(-1) as string);
    const realKeyId = attributeOf(recordOf(JSON.parse(clean[lastPeriodic] as string) as Json), 'security.chain.checkpoint.key_id')?.value.stringValue as string;
    const forge = (keyId: string) =>
      edit(clean[lastPeriodic] as string, (record) => {
        const set = (key: string, value: Json) => ((attributeOf(record, key) as KeyValue).value = value);
        const statement = { stream, firstSeq: lastSeq - 1, lastSeq, head: 'f'.repeat(64), digest: 'e'.repeat(64), final: true, timeUnixNano: record.timeUnixNano as string };
        set('security.event.id', { stringValue: chainEventId(stream, lastSeq + 1) });
        set('security.chain.checkpoint.first_seq', { intValue: statement.firstSeq });
        set('security.chain.checkpoint.last_seq', { intValue: lastSeq });
        set('security.chain.checkpoint.head', { stringValue: statement.head });
        set('security.chain.checkpoint.digest', { stringValue: statement.digest });
        set('security.chain.checkpoint.final', { boolValue: true });
        set('security.chain.checkpoint.key_id', { stringValue: keyId });
        set('security.chain.checkpoint.signature', { stringValue: sign(null, Buffer.from(chainCheckpointStatement(statement)), attacker).toString('base64') });
      });
    const unknownKey = secotel(['verify', '--public-key', publicKeyFile, file('forged-final.jsonl', [...kept, forge('0123456789abcdef0123456789abcdef')])], {});
    assert.equal(unknownKey.status, 1, unknownKey.stdout);
    assert.match(unknownKey.stdout, /is signed by key 0123456789abcdef0123456789abcdef, which is not among the public keys given/);
    // The forged checkpoint anchors nothing: the tail starts after the last genuine one.
    assert.match(unknownKey.stdout, new RegExp(`tail\\s+seq ${lastSeq - 1}\\.\\.${lastSeq + 1} \\(3 records\\) after the last checkpoint`));
    const claimedKey = secotel(['verify', '--public-key', publicKeyFile, file('forged-final.jsonl', [...kept, forge(realKeyId)])]);
    assert.equal(claimedKey.status, 1, claimedKey.stdout);
    assert.match(claimedKey.stdout, /signature does not verify: the checkpoint was forged or altered/);
    assert.match(claimedKey.stdout, /altered\s+seq \d+ security\.chain_checkpoint .*content does not match its security\.chain\.hmac/);
    assert.match(claimedKey.stdout, /is not authentic: the checkpoint record itself does not match/);
  });

  it('names a record inserted under an existing sequence number', () => {
    const forged = edit(clean[4] as string, (record) => {
      (attributeOf(record, 'user.id') as KeyValue).value = { stringValue: 'mallory' };
    });
    const { status, stdout } = secotel(['verify', file('inserted.jsonl', [...clean, forged])]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, new RegExp(`altered\\s+seq ${seqOf(clean[4] as string)} .*inserted\\.jsonl:${clean.length + 1}\\)`));
    const sequenceOnly = secotel(['verify', '--sequence-only', file('inserted.jsonl', [...clean, forged])], {});
    assert.match(sequenceOnly.stdout, /conflicting\s+seq \d+ .*one of 2 different records with this seq/);
  });

  it('suggests a wrong key when no record matches', () => {
    const long = emitStream({ FIXTURE_EVENTS: '30' });
    const { status, stdout } = secotel(['verify', file('long.jsonl', long)], { SECOTEL_CHAIN_KEY: 'not-the-key-at-all-0123456789' });
    assert.equal(status, 1);
    assert.match(stdout, /wrong chain key\?/);
    assert.match(stdout, /\.\.\. and \d+ more \(--json lists them all\)/);
  });
});

describe('secotel verify input handling', () => {
  it('reports unreadable files and bad lines with their line numbers, and still verifies the rest', () => {
    const broken = file('broken.jsonl', [clean[0] as string, '{"resourceLogs": [', 'not json at all', ...clean.slice(1)]);
    const { status, stdout } = secotel(['verify', broken, join(scratch, 'missing.jsonl')]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, /input error\s+.*broken\.jsonl:2: not JSON/);
    assert.match(stdout, /input error\s+.*broken\.jsonl:3: not JSON/);
    assert.match(stdout, /input error\s+.*missing\.jsonl:0: cannot read: no such file/);
    assert.match(stdout, new RegExp(`${clean.length} verified by hmac`));
  });

  it('reports security records without a chain position', () => {
    const unchained = edit(clean[1] as string, (record) => {
      record.attributes = (record.attributes as KeyValue[]).filter((kv) => !kv.key.startsWith('security.chain.'));
      (attributeOf(record, 'security.event.id') as KeyValue).value = { stringValue: '3f0c2d8e-5b1a-4c7e-9d2f-6a8b0c1d2e3f' };
    });
    const { status, stdout } = secotel(['verify', file('unchained.jsonl', [...clean, unchained])]);
    assert.equal(status, 1);
    assert.match(stdout, /unchained\s+.*unchained\.jsonl:\d+ security\.authn_login_fail: has no chain position: its security\.event\.id is not <stream>:<seq>/);
  });

  it('names a record moved to another place by an edited id', () => {
    const moved = clean.map((line, i) =>
      i !== 3
        ? line
        : edit(line, (record) => {
            const { stream, seq } = positionOf(record);
            (attributeOf(record, 'security.event.id') as KeyValue).value = { stringValue: chainEventId(stream, seq + 1000) };
          }),
    );
    const { status, stdout } = secotel(['verify', file('moved.jsonl', moved)]);
    assert.equal(status, 1, stdout);
    assert.match(stdout, new RegExp(`missing\\s+seq ${seqOf(clean[3] as string)} \\(1 record\\)`));
    assert.match(stdout, new RegExp(`unverifiable seq ${seqOf(clean[3] as string) + 1000} .*moved\\.jsonl:4\\)`));
  });

  it('checks sequence numbers alone with --sequence-only, for streams written without a key', () => {
    const keyless = emitStream({ SECOTEL_CHAIN_KEY: '', SECOTEL_CHAIN_SIGNING_KEY_FILE: '' });
    assert.ok(!keyless.some((line) => line.includes('security.chain.hmac')));
    const ok = secotel(['verify', '--sequence-only', '--allow-open', file('keyless.jsonl', keyless)], {});
    assert.equal(ok.status, 0, ok.stdout);
    assert.match(ok.stdout, /not authenticated: sequence only/);
    const gap = secotel(['verify', '--sequence-only', '--allow-open', file('keyless-gap.jsonl', keyless.filter((_, i) => i !== 2))], {});
    assert.equal(gap.status, 1);
    assert.match(gap.stdout, /missing\s+seq 3 \(1 record\)/);
  });

  it('explains its usage errors and exits 2', () => {
    const help = secotel(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: secotel verify \[options\] <files\.\.\.>/);
    assert.equal(secotel([]).status, 2);
    const unknown = secotel(['verify', '--frobnicate', 'x']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --frobnicate/);
    const noFiles = secotel(['verify']);
    assert.equal(noFiles.status, 2);
    assert.match(noFiles.stderr, /name at least one file/);
    const noKey = secotel(['verify', file('clean.jsonl', clean)], {});
    assert.equal(noKey.status, 2);
    assert.match(noKey.stderr, /nothing to verify against: give the chain key \(SECOTEL_CHAIN_KEY or --key-file\)/);
    const badKey = secotel(['verify', '--key-file', join(scratch, 'nope.key'), 'x']);
    assert.equal(badKey.status, 2);
    assert.match(badKey.stderr, /--key-file: cannot read .*nope\.key \(ENOENT\)/);
    const badPublicKey = secotel(['verify', '--public-key', signingKeyFile.replace('signing.pem', 'clean.jsonl'), 'x']);
    assert.equal(badPublicKey.status, 2);
    assert.match(badPublicKey.stderr, /is not a PEM public key/);
    const shortKey = secotel(['verify', 'x'], { SECOTEL_CHAIN_KEY: 'short' });
    assert.equal(shortKey.status, 2);
    assert.match(shortKey.stderr, /5 bytes/);
  });

  it('keeps its version constant in step with package.json', async () => {
    const { VERIFY_VERSION } = await import('@secotel/verify');
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', 'verify', 'package.json'), 'utf8')) as { version: string };
    assert.equal(VERIFY_VERSION, manifest.version);
    assert.equal(secotel(['--version']).stdout.trim(), manifest.version);
  });
});
