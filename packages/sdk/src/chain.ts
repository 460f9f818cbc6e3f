import { createHash, createHmac, createSecretKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { diag } from '@opentelemetry/api';
import type { AttributeValue } from '@opentelemetry/api';
import {
  ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL,
  ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD,
  ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID,
  ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ,
  ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE,
  ATTR_SECURITY_CHAIN_HMAC,
  ATTR_SECURITY_EVENT_ID,
  canonicalChainInput,
  chainCheckpointStatement,
  chainEventId,
} from '@secotel/semconv';
import type { ChainValue } from '@secotel/semconv';
import type { ResolvedChainOptions } from './internal/chain-config.js';
import { chainState, startNewStream } from './internal/chain-state.js';
import type { ChainCheckpointEmitter } from './internal/chain-state.js';

/**
 * Tamper evidence (`initSecurity({ chain })`): every security record's `security.event.id` is its
 * place in the chain, `<stream>:<seq>` with a gap-free seq; with a key it also carries
 * `security.chain.hmac`, chaining it to the record before; with a key or a signing key,
 * `security.chain_checkpoint` records carry the head of the chain. `secotel verify` checks them.
 */
export interface ChainOptions {
  /**
   * HMAC-SHA256 key, at least 16 bytes (a string is taken as its UTF-8 bytes). Env:
   * `SECOTEL_CHAIN_KEY`. Keep it out of reach of whoever can write the logs.
   */
  key?: string | Uint8Array;
  /** File holding the HMAC key (trailing whitespace ignored). Env: `SECOTEL_CHAIN_KEY_FILE`. */
  keyFile?: string;
  /** Ed25519 private key (PEM) that signs checkpoints, so holders of the public key can verify them. */
  signingKey?: string | KeyObject;
  /** File holding the PEM signing key. Env: `SECOTEL_CHAIN_SIGNING_KEY_FILE`. */
  signingKeyFile?: string;
  /** A checkpoint after this many records. Default 1000. Env: `SECOTEL_CHAIN_CHECKPOINT_EVERY`. */
  checkpointEvery?: number;
  /**
   * A checkpoint at most this long (ms) after the first record no checkpoint covers yet. Default
   * 60000. Env: `SECOTEL_CHAIN_CHECKPOINT_INTERVAL_MS`.
   */
  checkpointIntervalMs?: number;
}

// SHA-256 of nothing: the digest of a checkpoint that covers no record since signing began.
const EMPTY_DIGEST = createHash('sha256').digest('hex');

function onCheckpointTimer(): void {
  chainState.timer = undefined;
  try {
    chainState.owner?.emitChainCheckpoint(false);
  } catch (error) {
    diag.error('secotel: chain checkpoint failed', error);
  }
}

/**
 * A process restored from a snapshot holds the stream of the process that made the snapshot, and
 * would repeat its ids: a process with another pid starts a stream of its own (the old one is not
 * closed from here: it belongs to the other process).
 */
function ownStream(): void {
  if (chainState.pid !== process.pid) startNewStream(chainState, chainState.keyFingerprint);
}

/** The body of a checkpoint record. */
export function checkpointMessage(stream: string, lastSeq: number, final: boolean): string {
  return `${final ? 'Final chain checkpoint' : 'Chain checkpoint'}: stream ${stream}, records 1..${lastSeq}`;
}

/**
 * Seals records into the process-wide chain (stream, seq, HMAC, running digest) and builds
 * checkpoints. One per emitter; the position lives in shared state so emitters continue each
 * other's stream. A different key starts a new stream (the old one is closed by a final
 * checkpoint first, made with the old key).
 */
export class ChainWriter {
  readonly config: ResolvedChainOptions;
  /** True when checkpoints are written: a key or a signing key is configured. */
  readonly checkpoints: boolean;
  // A KeyObject: createHmac() with raw key bytes imports the key on every call, several times slower.
  private readonly hmacKey: KeyObject | undefined;

  constructor(config: ResolvedChainOptions, owner: ChainCheckpointEmitter) {
    this.config = config;
    this.hmacKey = config.key === undefined ? undefined : createSecretKey(config.key);
    this.checkpoints = config.key !== undefined || config.signingKey !== undefined;
    const state = chainState;
    if (state.keyFingerprint !== config.keyFingerprint) {
      if (state.seq > 0 && !state.closed) {
        try {
          state.owner?.emitChainCheckpoint(true);
        } catch (error) {
          diag.error('secotel: could not close the previous chain stream', error);
        }
      }
      startNewStream(state, config.keyFingerprint);
    }
    state.owner = owner;
  }

  /** The stream records are appended to. */
  get stream(): string {
    return chainState.stream;
  }

  /** The place of the last record sealed (0 before the first). */
  get seq(): number {
    return chainState.seq;
  }

  /**
   * Sets the record's `security.event.id` to its place in the chain (`<stream>:<seq>`) and, with a
   * key, adds `security.chain.hmac`; `attributes` must hold everything else the record will carry.
   * Returns true when a checkpoint is due now.
   */
  seal(eventName: string, timeMs: number, severityNumber: number, severityText: string, body: string, attributes: Record<string, AttributeValue>): boolean {
    ownStream();
    this.append(eventName, timeMs, severityNumber, severityText, body, attributes);
    const state = chainState;
    state.sinceCheckpoint++;
    state.closed = false;
    if (!this.checkpoints) return false;
    if (state.sinceCheckpoint >= this.config.checkpointEvery) return true;
    if (state.timer === undefined) {
      state.timer = setTimeout(onCheckpointTimer, this.config.checkpointIntervalMs);
      state.timer.unref();
    }
    return false;
  }

  /** Whether a checkpoint now would cover anything: records since the last one, or a stream to close. */
  checkpointWanted(final: boolean): boolean {
    ownStream();
    const state = chainState;
    if (!this.checkpoints || state.seq === 0) return false;
    return state.sinceCheckpoint > 0 || (final && !state.closed);
  }

  /**
   * The `security.chain.checkpoint.*` attributes for a checkpoint at `timeMs` covering every
   * record sealed so far; signs it when a signing key is configured. Seal the checkpoint record
   * with {@link sealCheckpoint} right after.
   */
  checkpointAttributes(final: boolean, timeMs: number): Record<string, AttributeValue> {
    const state = chainState;
    const config = this.config;
    const attributes: Record<string, AttributeValue> = { [ATTR_SECURITY_CHAIN_CHECKPOINT_LAST_SEQ]: state.seq };
    if (config.key !== undefined) attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_HEAD] = state.head;
    if (config.signingKey !== undefined) {
      const firstSeq = state.segment === undefined ? state.seq + 1 : state.segmentFirst;
      const digest = state.segment === undefined ? EMPTY_DIGEST : state.segment.digest('hex');
      // The next segment starts with the checkpoint record itself, so segments link up.
      state.segment = undefined;
      const statement = chainCheckpointStatement({
        stream: state.stream,
        firstSeq,
        lastSeq: state.seq,
        head: state.head,
        digest,
        final,
        timeUnixNano: `${timeMs}000000`,
      });
      attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_FIRST_SEQ] = firstSeq;
      attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_DIGEST] = digest;
      attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_SIGNATURE] = sign(null, Buffer.from(statement, 'utf8'), config.signingKey).toString('base64');
      attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_KEY_ID] = config.signingKeyId as string;
    }
    attributes[ATTR_SECURITY_CHAIN_CHECKPOINT_FINAL] = final;
    return attributes;
  }

  /** Seals a checkpoint record (itself part of the chain) and resets the checkpoint triggers. */
  sealCheckpoint(
    final: boolean,
    eventName: string,
    timeMs: number,
    severityNumber: number,
    severityText: string,
    body: string,
    attributes: Record<string, AttributeValue>,
  ): void {
    this.append(eventName, timeMs, severityNumber, severityText, body, attributes);
    const state = chainState;
    state.sinceCheckpoint = 0;
    state.closed = final;
    if (state.timer !== undefined) {
      clearTimeout(state.timer);
      state.timer = undefined;
    }
  }

  private append(eventName: string, timeMs: number, severityNumber: number, severityText: string, body: string, attributes: Record<string, AttributeValue>): void {
    const state = chainState;
    const config = this.config;
    const seq = state.seq + 1;
    attributes[ATTR_SECURITY_EVENT_ID] = chainEventId(state.stream, seq);
    if (config.key !== undefined || config.signingKey !== undefined) {
      // Serialised once, fed to the HMAC and to the checkpoint digest.
      const input = canonicalChainInput(state.head, {
        eventName,
        timeUnixNano: `${timeMs}000000`,
        severityNumber,
        severityText,
        body,
        // AttributeValue is `unknown` in the API; the emitter only stores values secotel made safe.
        attributes: attributes as Readonly<Record<string, ChainValue>>,
      });
      if (this.hmacKey !== undefined) {
        const hmac = createHmac('sha256', this.hmacKey).update(input, 'utf8').digest('hex');
        attributes[ATTR_SECURITY_CHAIN_HMAC] = hmac;
        state.head = hmac;
      }
      if (config.signingKey !== undefined) {
        if (state.segment === undefined) {
          state.segment = createHash('sha256');
          state.segmentFirst = seq;
        }
        state.segment.update(input, 'utf8');
      }
    }
    state.seq = seq;
  }
}

/** Stops the checkpoint timer and lets go of the emitter when the chain is turned off. */
export function detachChain(): void {
  if (chainState.timer !== undefined) clearTimeout(chainState.timer);
  chainState.timer = undefined;
  chainState.owner = undefined;
}
