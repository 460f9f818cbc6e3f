import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CHAIN_KEY_MIN_BYTES, chainKeyFromFile } from '@secotel/semconv';
import type { ChainPublicKey } from './verify.js';

/** A key that cannot be used; the CLI reports it as a usage error. */
export class KeyError extends Error {
  readonly code = 'SECOTEL_ERR_VERIFY_KEY';
  constructor(message: string) {
    super(message);
    this.name = 'KeyError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new KeyError(`${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/**
 * The HMAC chain key, taken the way the SDK takes it: `--key-file`, else `SECOTEL_CHAIN_KEY`
 * (its UTF-8 bytes), else `SECOTEL_CHAIN_KEY_FILE`. Key files lose trailing whitespace.
 */
export function loadChainKey(keyFile: string | undefined, env: Env): { key: Uint8Array; from: string } | undefined {
  let loaded: { key: Uint8Array; from: string } | undefined;
  if (keyFile !== undefined) loaded = { key: chainKeyFromFile(readFile(keyFile, '--key-file')), from: keyFile };
  else if (env.SECOTEL_CHAIN_KEY !== undefined && env.SECOTEL_CHAIN_KEY.trim() !== '') loaded = { key: Buffer.from(env.SECOTEL_CHAIN_KEY, 'utf8'), from: 'SECOTEL_CHAIN_KEY' };
  else if (env.SECOTEL_CHAIN_KEY_FILE !== undefined && env.SECOTEL_CHAIN_KEY_FILE.trim() !== '') {
    loaded = { key: chainKeyFromFile(readFile(env.SECOTEL_CHAIN_KEY_FILE, 'SECOTEL_CHAIN_KEY_FILE')), from: env.SECOTEL_CHAIN_KEY_FILE };
  }
  if (loaded !== undefined && loaded.key.length < CHAIN_KEY_MIN_BYTES) {
    throw new KeyError(`the chain key from ${loaded.from} is ${loaded.key.length} bytes; the SDK never accepts keys shorter than ${CHAIN_KEY_MIN_BYTES}, so it cannot be the right one`);
  }
  return loaded;
}

/** `security.chain.checkpoint.key_id`: SHA-256 of the public key (SPKI DER), first 16 bytes in hex (as the SDK computes it). */
export function publicKeyId(key: ChainPublicKey['key']): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 32);
}

/** An Ed25519 public key from a PEM file or PEM text (a private key PEM gives its public key). */
export function loadPublicKey(pathOrPem: string): ChainPublicKey {
  const pem = pathOrPem.includes('-----BEGIN') ? pathOrPem : readFile(pathOrPem, '--public-key').toString('utf8');
  let key;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new KeyError(`--public-key ${pathOrPem.includes('-----BEGIN') ? '(PEM text)' : pathOrPem} is not a PEM public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyError(`--public-key must be an Ed25519 key, got ${key.asymmetricKeyType ?? 'an unknown type'}`);
  }
  return { id: publicKeyId(key), key };
}
