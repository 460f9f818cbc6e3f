import { createHash, createHmac, timingSafeEqual, verify as verifySignature } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import {
  ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD,
  ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID,
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE,
  canonicalChainInput,
  chainCheckpointStatement,
  securityEventName,
} from '@secotel/semconv';
import type { ReadRecord, RecordSource } from './otlp.js';

const CHECKPOINT_EVENT = securityEventName('chain_checkpoint');

/** An Ed25519 public key and its `security.chain.checkpoint.key_id`. */
export interface ChainPublicKey {
  readonly id: string;
  readonly key: KeyObject;
}

/** What to verify against. */
export interface VerifyOptions {
  /** The HMAC chain key: every record is checked against its `security.chain.hmac`. */
  readonly key?: Uint8Array | undefined;
  /** Ed25519 public keys: checkpoint signatures and the digests they sign are checked. */
  readonly publicKeys?: readonly ChainPublicKey[];
  /** Do not fail streams that have records after their last checkpoint or no final checkpoint. */
  readonly allowOpen?: boolean;
}

/** An inclusive range of sequence numbers. */
export interface SeqRange {
  readonly from: number;
  readonly to: number;
}

/** A record that failed verification, and why. */
export interface RecordProblem {
  readonly seq: number;
  readonly eventName: string;
  readonly source: RecordSource;
  readonly reason: string;
}

/** What became of one checkpoint. */
export interface CheckpointResult {
  readonly seq: number;
  readonly source: RecordSource;
  /** Records it covers: `firstSeq`..`lastSeq` (its digest), the chain up to `lastSeq` (its head). */
  readonly firstSeq: number | undefined;
  readonly lastSeq: number | undefined;
  readonly final: boolean;
  readonly keyId: string | undefined;
  /** `valid`, `invalid`, `unsigned`, `unknown-key` (no public key with its key id), `not-checked` (no public key given). */
  readonly signature: 'valid' | 'invalid' | 'unsigned' | 'unknown-key' | 'not-checked';
  /** Whether the records it covers reproduce its digest; `not-checked` when records are missing or it has none. */
  readonly digest: 'match' | 'mismatch' | 'not-checked';
  readonly problems: readonly string[];
}

/** The verdict on one stream. */
export interface StreamReport {
  readonly stream: string;
  readonly service: string | undefined;
  /** Distinct sequence numbers present. */
  readonly records: number;
  /** Identical copies of a record (export retries, overlapping files): tolerated and skipped. */
  readonly duplicates: number;
  readonly maxSeq: number;
  /** Records whose content is authenticated: by its HMAC, or by a validly signed checkpoint digest. */
  readonly verified: number;
  /** How records were authenticated: `hmac`, `signature`, both or none (sequence only). */
  readonly authenticatedBy: readonly ('hmac' | 'signature')[];
  readonly missing: readonly SeqRange[];
  /** Records whose content does not match their chain value (edited, or a forged record). */
  readonly altered: readonly RecordProblem[];
  /** Records that cannot be checked: the record before them is missing. */
  readonly unverifiable: readonly RecordProblem[];
  /** Sequence numbers present more than once with different contents. */
  readonly conflicting: readonly RecordProblem[];
  readonly checkpoints: readonly CheckpointResult[];
  /** Records after the last checkpoint: a truncation could have removed more after them. */
  readonly afterLastCheckpoint: SeqRange | undefined;
  /** The stream ends with a final checkpoint (written at shutdown). */
  readonly closed: boolean;
  /** Hints for the reader, e.g. a wrong key. */
  readonly notes: readonly string[];
  readonly ok: boolean;
}

interface Slot {
  /** Distinct variants present at this seq (more than one: conflicting copies). */
  readonly variants: ReadRecord[];
  /** Canonical encoding of each variant, given the stored HMAC of the record before it. */
  inputs: (string | undefined)[];
  /** Index of the variant that verified, if any. */
  verified: number | undefined;
  /** Variants whose HMAC was checked and failed. */
  readonly failed: Set<number>;
}

function identity(record: ReadRecord): string {
  return `${record.hmac ?? ''}\n${canonicalChainInput('', record)}`;
}

function hexEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function ranges(seqs: readonly number[]): SeqRange[] {
  const out: SeqRange[] = [];
  for (const seq of seqs) {
    const last = out.at(-1);
    if (last !== undefined && last.to === seq - 1) out[out.length - 1] = { from: last.from, to: seq };
    else out.push({ from: seq, to: seq });
  }
  return out;
}

function problem(seq: number, record: ReadRecord, reason: string): RecordProblem {
  return { seq, eventName: record.eventName, source: record.source, reason };
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** Verifies the records of one stream (any order, duplicates allowed). */
export function verifyStream(stream: string, records: readonly ReadRecord[], options: VerifyOptions = {}): StreamReport {
  const key = options.key !== undefined && options.key.length > 0 ? Buffer.from(options.key) : undefined;
  const publicKeys = options.publicKeys ?? [];
  const slots = new Map<number, Slot>();
  let duplicates = 0;
  for (const record of records) {
    const seq = record.seq as number;
    const slot = slots.get(seq);
    if (slot === undefined) {
      slots.set(seq, { variants: [record], inputs: [], verified: undefined, failed: new Set() });
      continue;
    }
    const id = identity(record);
    if (slot.variants.some((variant) => identity(variant) === id)) duplicates++;
    else slot.variants.push(record);
  }
  const seqs = [...slots.keys()].sort((a, b) => a - b);
  const maxSeq = seqs.at(-1) ?? 0;
  const missingSeqs: number[] = [];
  for (let seq = 1, i = 0; seq <= maxSeq; seq++) {
    if (seqs[i] === seq) i++;
    else missingSeqs.push(seq);
  }
  const missing = ranges(missingSeqs);

  const altered: RecordProblem[] = [];
  const unverifiable: RecordProblem[] = [];
  const conflicting: RecordProblem[] = [];
  const notes: string[] = [];

  // The chain value a record's successor was computed from: what the record carries.
  const storedHmac = (seq: number): string | undefined => {
    if (seq === 0) return '';
    const slot = slots.get(seq);
    if (slot === undefined) return undefined;
    const variant = slot.variants[slot.verified ?? 0] as ReadRecord;
    return variant.hmac ?? '';
  };

  // Pass 1: canonical encodings and, with the key, the HMAC of every record.
  let hmacChecked = 0;
  let hmacFailed = 0;
  for (const seq of seqs) {
    const slot = slots.get(seq) as Slot;
    const previous = storedHmac(seq - 1);
    slot.variants.forEach((record, index) => {
      slot.inputs[index] = previous === undefined ? undefined : canonicalChainInput(previous, record);
      if (record.duplicateKeys.length > 0) {
        altered.push(problem(seq, record, `attribute ${record.duplicateKeys.map((k) => JSON.stringify(k)).join(', ')} appears more than once`));
        slot.failed.add(index);
        return;
      }
      if (key === undefined) return;
      if (previous === undefined) {
        unverifiable.push(problem(seq, record, `cannot be checked: record ${seq - 1} before it is missing`));
        return;
      }
      if (record.hmac === undefined) {
        altered.push(problem(seq, record, 'carries no security.chain.hmac (removed, or written without a chain key)'));
        slot.failed.add(index);
        return;
      }
      hmacChecked++;
      const expected = createHmac('sha256', key).update(slot.inputs[index] as string, 'utf8').digest('hex');
      if (hexEqual(expected, record.hmac)) {
        slot.verified ??= index;
      } else {
        hmacFailed++;
        slot.failed.add(index);
        const dropped = record.droppedAttributes > 0 ? ` (the OpenTelemetry SDK dropped ${record.droppedAttributes} attribute(s) at its attribute limit)` : '';
        altered.push(problem(seq, record, `content does not match its security.chain.hmac${dropped}`));
      }
    });
    // With the key, the copies that do not verify are already reported as altered.
    if (slot.variants.length > 1 && key === undefined) {
      for (const record of slot.variants) conflicting.push(problem(seq, record, `one of ${slot.variants.length} different records with this seq`));
    }
  }
  if (key !== undefined && hmacChecked > 0 && hmacFailed === hmacChecked) {
    notes.push('no record of this stream matches its HMAC with the key given: wrong chain key?');
  }

  // Pass 2: checkpoints.
  const checkpoints: CheckpointResult[] = [];
  const signedSeqs = new Set<number>();
  let lastCheckpoint: { seq: number; final: boolean } | undefined;
  for (const seq of seqs) {
    const slot = slots.get(seq) as Slot;
    slot.variants.forEach((record, index) => {
      if (record.eventName !== CHECKPOINT_EVENT) return;
      const a = record.attributes;
      const problems: string[] = [];
      const lastSeq = integer(a[ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ]);
      const firstSeq = integer(a[ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ]);
      const head = typeof a[ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD] === 'string' ? (a[ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD] as string) : '';
      const digest = typeof a[ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST] === 'string' ? (a[ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST] as string) : undefined;
      const signature = typeof a[ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE] === 'string' ? (a[ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE] as string) : undefined;
      const keyId = typeof a[ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID] === 'string' ? (a[ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID] as string) : undefined;
      const final = a[ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL] === true;
      if (slot.failed.has(index)) problems.push('is not authentic: the checkpoint record itself does not match its security.chain.hmac');
      if (lastSeq === undefined) problems.push('has no security.chain.checkpoint.last_seq');
      else if (lastSeq !== seq - 1) problems.push(`claims to cover up to seq ${lastSeq} but sits at seq ${seq}`);

      // The head must be what record lastSeq carries.
      if (lastSeq !== undefined && lastSeq >= 1 && head !== '') {
        const stored = storedHmac(lastSeq);
        if (stored !== undefined && !hexEqual(stored, head)) problems.push(`its head does not match the security.chain.hmac of record ${lastSeq}`);
      }

      let signatureResult: CheckpointResult['signature'] = 'not-checked';
      if (signature === undefined) {
        signatureResult = 'unsigned';
        if (publicKeys.length > 0) problems.push('is not signed');
      } else if (publicKeys.length > 0) {
        const candidates = keyId === undefined ? publicKeys : publicKeys.filter((k) => k.id === keyId);
        if (candidates.length === 0) {
          signatureResult = 'unknown-key';
          problems.push(`is signed by key ${keyId ?? '?'}, which is not among the public keys given`);
        } else if (lastSeq === undefined || firstSeq === undefined || digest === undefined) {
          signatureResult = 'invalid';
          problems.push('signature cannot be valid: the checkpoint lacks first_seq, last_seq or digest');
        } else {
          const statement = Buffer.from(
            chainCheckpointStatement({ stream, firstSeq, lastSeq, head, digest, final, timeUnixNano: record.timeUnixNano }),
            'utf8',
          );
          const signatureBytes = Buffer.from(signature, 'base64');
          const valid = candidates.some((candidate) => {
            try {
              return verifySignature(null, statement, candidate.key, signatureBytes);
            } catch {
              return false;
            }
          });
          signatureResult = valid ? 'valid' : 'invalid';
          if (!valid) problems.push('signature does not verify: the checkpoint was forged or altered');
        }
      }

      // The digest: recomputed from the records it covers, as they are.
      let digestResult: CheckpointResult['digest'] = 'not-checked';
      if (digest !== undefined && firstSeq !== undefined && lastSeq !== undefined && firstSeq <= lastSeq + 1) {
        const hash = createHash('sha256');
        let complete = true;
        for (let covered = firstSeq; covered <= lastSeq && complete; covered++) {
          const coveredSlot = slots.get(covered);
          // Missing, or several copies and no HMAC to tell which is genuine: cannot recompute.
          const input = coveredSlot === undefined || (coveredSlot.variants.length > 1 && coveredSlot.verified === undefined)
            ? undefined
            : coveredSlot.inputs[coveredSlot.verified ?? 0];
          if (input === undefined) complete = false;
          else hash.update(input, 'utf8');
        }
        if (complete) {
          digestResult = hexEqual(hash.digest('hex'), digest) ? 'match' : 'mismatch';
          if (digestResult === 'mismatch') problems.push(`records ${firstSeq}..${lastSeq} do not reproduce its digest: one of them was altered`);
          else if (signatureResult === 'valid') for (let covered = firstSeq; covered <= lastSeq; covered++) signedSeqs.add(covered);
        }
      }
      // Only a checkpoint that holds up anchors the records before it.
      if (problems.length === 0) lastCheckpoint = { seq, final };
      checkpoints.push({ seq, source: record.source, firstSeq, lastSeq, final, keyId, signature: signatureResult, digest: digestResult, problems });
    });
  }

  // Without the HMAC key, a record altered inside a signed range shows as a digest mismatch only.
  let verified = 0;
  for (const seq of seqs) {
    const slot = slots.get(seq) as Slot;
    if (slot.verified !== undefined || (key === undefined && signedSeqs.has(seq) && slot.variants.length === 1)) verified++;
  }
  const authenticatedBy: ('hmac' | 'signature')[] = [];
  if (key !== undefined) authenticatedBy.push('hmac');
  if (publicKeys.length > 0) authenticatedBy.push('signature');

  const afterLastCheckpoint = lastCheckpoint === undefined ? (maxSeq > 0 ? { from: 1, to: maxSeq } : undefined) : lastCheckpoint.seq < maxSeq ? { from: lastCheckpoint.seq + 1, to: maxSeq } : undefined;
  const closed = lastCheckpoint !== undefined && lastCheckpoint.final && afterLastCheckpoint === undefined;
  if (key === undefined && publicKeys.length > 0 && afterLastCheckpoint !== undefined) {
    const which = afterLastCheckpoint.from === afterLastCheckpoint.to ? `record ${afterLastCheckpoint.from} is` : `records ${afterLastCheckpoint.from}..${afterLastCheckpoint.to} are`;
    notes.push(`${which} after the last checkpoint, so no signature covers them: verify them with the chain key`);
  }
  const service = records.find((record) => record.service !== undefined)?.service;
  const ok =
    missing.length === 0 &&
    altered.length === 0 &&
    unverifiable.length === 0 &&
    conflicting.length === 0 &&
    checkpoints.every((checkpoint) => checkpoint.problems.length === 0) &&
    (options.allowOpen === true || (afterLastCheckpoint === undefined && closed));
  return {
    stream,
    service,
    records: seqs.length,
    duplicates,
    maxSeq,
    verified,
    authenticatedBy,
    missing,
    altered,
    unverifiable,
    conflicting,
    checkpoints,
    afterLastCheckpoint,
    closed,
    notes,
    ok,
  };
}
