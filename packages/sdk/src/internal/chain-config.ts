import { createHash, createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHAIN_KEY_MIN_BYTES, chainKeyFromFile } from '@secotel/semconv';
import { SecurityEventError } from '../errors.js';
import type { ChainOptions } from '../chain.js';

/** Checkpoint every this many records by default. */
export const DEFAULT_CHECKPOINT_EVERY = 1000;
/** ... or this long after the first record a checkpoint does not cover yet. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 60_000;

/** Chain settings with keys loaded and validated; `undefined` in the options when the chain is off. */
export interface ResolvedChainOptions {
  /** HMAC-SHA256 key; undefined: records carry stream and seq only. */
  readonly key: Buffer | undefined;
  /** Tells keys apart without keeping a second copy of one: a new key starts a new stream. */
  readonly keyFingerprint: string;
  /** Ed25519 private key for checkpoint signatures. */
  readonly signingKey: KeyObject | undefined;
  /** `security.chain.checkpoint.key_id` of the signing key. */
  readonly signingKeyId: string | undefined;
  readonly checkpointEvery: number;
  readonly checkpointIntervalMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function invalid(message: string): SecurityEventError {
  return new SecurityEventError('SECOTEL_ERR_INVALID_OPTION', message);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function readKeyFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw invalid(`${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path and that the process may read it.`);
  }
}

function chainKey(options: ChainOptions, env: Env): Buffer | undefined {
  if (options.key !== undefined && options.keyFile !== undefined) throw invalid('chain: give either key or keyFile, not both.');
  let key: Buffer | undefined;
  let what: string;
  if (options.key !== undefined) {
    key = typeof options.key === 'string' ? Buffer.from(options.key, 'utf8') : Buffer.from(options.key);
    what = 'chain.key';
  } else if (options.keyFile !== undefined) {
    key = Buffer.from(chainKeyFromFile(readKeyFile(options.keyFile, 'chain.keyFile')));
    what = `chain.keyFile (${options.keyFile})`;
  } else if (nonEmpty(env.SECOTEL_CHAIN_KEY) !== undefined) {
    key = Buffer.from(env.SECOTEL_CHAIN_KEY as string, 'utf8');
    what = 'SECOTEL_CHAIN_KEY';
  } else if (nonEmpty(env.SECOTEL_CHAIN_KEY_FILE) !== undefined) {
    const path = env.SECOTEL_CHAIN_KEY_FILE as string;
    key = Buffer.from(chainKeyFromFile(readKeyFile(path, 'SECOTEL_CHAIN_KEY_FILE')));
    what = `SECOTEL_CHAIN_KEY_FILE (${path})`;
  } else {
    return undefined;
  }
  if (key.length < CHAIN_KEY_MIN_BYTES) {
    throw invalid(`${what} is ${key.length} bytes; a chain key needs at least ${CHAIN_KEY_MIN_BYTES}. Generate one with: openssl rand -hex 32`);
  }
  return key;
}

function signingKey(options: ChainOptions, env: Env): KeyObject | undefined {
  if (options.signingKey !== undefined && options.signingKeyFile !== undefined) {
    throw invalid('chain: give either signingKey or signingKeyFile, not both.');
  }
  let source: string | KeyObject;
  let what: string;
  if (options.signingKey !== undefined) {
    source = options.signingKey;
    what = 'chain.signingKey';
  } else if (options.signingKeyFile !== undefined) {
    source = readKeyFile(options.signingKeyFile, 'chain.signingKeyFile').toString('utf8');
    what = `chain.signingKeyFile (${options.signingKeyFile})`;
  } else if (nonEmpty(env.SECOTEL_CHAIN_SIGNING_KEY_FILE) !== undefined) {
    const path = env.SECOTEL_CHAIN_SIGNING_KEY_FILE as string;
    source = readKeyFile(path, 'SECOTEL_CHAIN_SIGNING_KEY_FILE').toString('utf8');
    what = `SECOTEL_CHAIN_SIGNING_KEY_FILE (${path})`;
  } else {
    return undefined;
  }
  let key: KeyObject;
  try {
    key = source instanceof KeyObject ? source : createPrivateKey(source);
  } catch (error) {
    throw invalid(`${what} is not a PEM private key (${error instanceof Error ? error.message : String(error)}). Generate one with: openssl genpkey -algorithm ed25519 -out chain-signing.pem`);
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw invalid(`${what} must be an Ed25519 private key, got a ${key.asymmetricKeyType ?? 'secret'} ${key.type} key. Generate one with: openssl genpkey -algorithm ed25519 -out chain-signing.pem`);
  }
  return key;
}

// setTimeout fires at once for longer delays.
const MAX_TIMER_MS = 2_147_483_647;

function positiveInteger(option: number | undefined, env: Env, name: string, what: string, fallback: number): number {
  const raw = nonEmpty(env[name]);
  const value = option ?? (raw !== undefined ? Number(raw) : fallback);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_TIMER_MS) {
    throw invalid(`${what} (${name}) must be a positive integer up to ${MAX_TIMER_MS}, got ${String(option ?? raw)}.`);
  }
  return value;
}

/**
 * `security.chain.checkpoint.key_id`: SHA-256 of the public key (SPKI DER), first 16 bytes in hex.
 * `secotel verify` computes the same from the public key it is given.
 */
export function signingKeyId(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/**
 * Resolves `chain` options against `SECOTEL_CHAIN*` (options win). Returns undefined when the
 * chain is turned off (`chain: false`, `SECOTEL_CHAIN=off`). Reads key files: call at start-up.
 */
export function resolveChainOptions(options: ChainOptions | false | undefined, env: Env): ResolvedChainOptions | undefined {
  if (options === false) return undefined;
  const onOff = nonEmpty(env.SECOTEL_CHAIN)?.trim().toLowerCase();
  if (options === undefined && (onOff === 'off' || onOff === 'false' || onOff === '0' || onOff === 'no')) return undefined;
  if (onOff !== undefined && !['on', 'true', '1', 'yes', 'off', 'false', '0', 'no'].includes(onOff)) {
    throw invalid(`SECOTEL_CHAIN=${env.SECOTEL_CHAIN} is not a boolean: use on or off.`);
  }
  const chain = options ?? {};
  const key = chainKey(chain, env);
  const signing = signingKey(chain, env);
  return Object.freeze({
    key,
    keyFingerprint: key === undefined ? '' : createHash('sha256').update('secotel chain key fingerprint\n').update(key).digest('hex').slice(0, 16),
    signingKey: signing,
    signingKeyId: signing === undefined ? undefined : signingKeyId(signing),
    checkpointEvery: positiveInteger(chain.checkpointEvery, env, 'SECOTEL_CHAIN_CHECKPOINT_EVERY', 'chain.checkpointEvery', DEFAULT_CHECKPOINT_EVERY),
    checkpointIntervalMs: positiveInteger(
      chain.checkpointIntervalMs,
      env,
      'SECOTEL_CHAIN_CHECKPOINT_INTERVAL_MS',
      'chain.checkpointIntervalMs',
      DEFAULT_CHECKPOINT_INTERVAL_MS,
    ),
  });
}
