import { randomUUID } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { sharedSingleton } from './global-state.js';

/** Who emits the checkpoints the timer asks for: the current emitter. */
export interface ChainCheckpointEmitter {
  emitChainCheckpoint(final: boolean): number | undefined;
}

/**
 * The chain's position, one per process: every emitter (each `initSecurity()`, CommonJS and ESM
 * copies of the SDK) appends to the same stream, so sequence numbers stay gap-free across them.
 */
export interface ChainState {
  stream: string;
  /** The process that drew the stream: another pid (a process restored from a snapshot) starts its own. */
  pid: number;
  /** Sequence number of the last record sealed; 0 before the first. */
  seq: number;
  /** `security.chain.hmac` of the last record sealed; '' without a key. */
  head: string;
  /** Fingerprint of the key the stream is chained with ('' for none). */
  keyFingerprint: string;
  /** Running SHA-256 of the canonical encodings since `segmentFirst` (signed checkpoints only). */
  segment: Hash | undefined;
  segmentFirst: number;
  /** Records sealed since the last checkpoint. */
  sinceCheckpoint: number;
  /** The last record sealed is a final checkpoint. */
  closed: boolean;
  timer: NodeJS.Timeout | undefined;
  owner: ChainCheckpointEmitter | undefined;
}

// v2: the position is in `security.event.id`; a copy of the SDK that still writes
// `security.chain.stream`/`seq` (v1) keeps a stream of its own instead of sharing its numbering.
export const chainState: ChainState = sharedSingleton<ChainState>('chain-state.v2', () => ({
  stream: randomUUID(),
  pid: process.pid,
  seq: 0,
  head: '',
  keyFingerprint: '',
  segment: undefined,
  segmentFirst: 1,
  sinceCheckpoint: 0,
  closed: false,
  timer: undefined,
  owner: undefined,
}));

/** Starts a new stream: new id, seq from 1. */
export function startNewStream(state: ChainState, keyFingerprint: string): void {
  if (state.timer !== undefined) clearTimeout(state.timer);
  state.stream = randomUUID();
  state.pid = process.pid;
  state.seq = 0;
  state.head = '';
  state.keyFingerprint = keyFingerprint;
  state.segment = undefined;
  state.segmentFirst = 1;
  state.sinceCheckpoint = 0;
  state.closed = false;
  state.timer = undefined;
}
