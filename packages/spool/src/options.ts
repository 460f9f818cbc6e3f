import { diag } from '@opentelemetry/api';
import { SpoolError } from './errors.js';
import { DEFAULT_SPOOL_FSYNC_INTERVAL_MS, DEFAULT_SPOOL_MAX_BYTES, MIN_SPOOL_MAX_BYTES } from './write-ahead-log.js';
import type { FsyncPolicy } from './write-ahead-log.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The spool settings of the environment. */
export interface SpoolEnvConfig {
  /** `SECOTEL_SPOOL_DIR`. */
  directory: string;
  /** `SECOTEL_SPOOL_FSYNC`: `always` or an interval in ms; default 200. */
  fsync: FsyncPolicy;
  /** `SECOTEL_SPOOL_MAX_BYTES`: bytes, or with a `KiB`/`MiB`/`GiB` suffix; default 256 MiB. */
  maxBytes: number;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Parses `268435456`, `256MiB`, `256m`, `64 KiB` (binary units). Returns undefined when invalid. */
export function parseByteSize(raw: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw);
  if (match === null) return undefined;
  const unit = UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  const value = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Parses `always` or a positive number of milliseconds. Returns undefined when invalid. */
export function parseFsyncPolicy(raw: string): FsyncPolicy | undefined {
  const value = raw.trim().toLowerCase();
  if (value === 'always') return 'always';
  if (!/^\d+$/.test(value)) return undefined;
  const ms = Number(value);
  return ms >= 1 && ms <= 3_600_000 ? ms : undefined;
}

/**
 * Reads `SECOTEL_SPOOL_DIR`, `SECOTEL_SPOOL_FSYNC` and `SECOTEL_SPOOL_MAX_BYTES`. Undefined when
 * `SECOTEL_SPOOL_DIR` is unset or empty (no spool). Throws {@link SpoolError}
 * (`SECOTEL_ERR_SPOOL_OPTION`) for an invalid value, so a typo is not silently a different
 * durability guarantee.
 */
export function spoolConfigFromEnv(env: Env = process.env): SpoolEnvConfig | undefined {
  const directory = env.SECOTEL_SPOOL_DIR?.trim() ?? '';
  if (directory === '') return undefined;
  let fsync: FsyncPolicy = DEFAULT_SPOOL_FSYNC_INTERVAL_MS;
  const rawFsync = env.SECOTEL_SPOOL_FSYNC?.trim() ?? '';
  if (rawFsync !== '') {
    const parsed = parseFsyncPolicy(rawFsync);
    if (parsed === undefined) {
      throw new SpoolError('SECOTEL_ERR_SPOOL_OPTION', directory, `SECOTEL_SPOOL_FSYNC must be "always" or an interval in milliseconds (1 to 3600000), got "${rawFsync}".`);
    }
    fsync = parsed;
  }
  let maxBytes = DEFAULT_SPOOL_MAX_BYTES;
  const rawMax = env.SECOTEL_SPOOL_MAX_BYTES?.trim() ?? '';
  if (rawMax !== '') {
    const parsed = parseByteSize(rawMax);
    if (parsed === undefined || parsed < MIN_SPOOL_MAX_BYTES) {
      throw new SpoolError(
        'SECOTEL_ERR_SPOOL_OPTION',
        directory,
        `SECOTEL_SPOOL_MAX_BYTES must be a size of at least ${MIN_SPOOL_MAX_BYTES} bytes, such as 268435456 or 256MiB, got "${rawMax}".`,
      );
    }
    maxBytes = parsed;
  }
  diag.debug(`secotel: spool at ${directory}, fsync ${String(fsync)}, cap ${maxBytes} bytes`);
  return { directory, fsync, maxBytes };
}
