// `secotel verify [--key-file F] [--public-key PEM]... [--json] [--allow-open] <files...>`
import type { Readable, Writable } from 'node:stream';
import { KeyError, loadChainKey, loadPublicKey } from './keys.js';
import { readInputs } from './read.js';
import { formatReport, verifyRecords } from './report.js';
import type { ChainPublicKey } from './verify.js';
import { VERIFY_VERSION } from './version.js';

/** Exit codes: everything verified / something did not / the command line or a key was wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: secotel verify [options] <files...>

Checks the tamper-evident hash chain of secotel security records: OTLP JSON lines, as the
OpenTelemetry Collector's file exporter writes them or as OTLP/HTTP JSON request bodies (one per
line). Several files, in any order, with duplicates, are fine; "-" reads standard input.

Options:
  --key-file <file>      the chain's HMAC key (default: SECOTEL_CHAIN_KEY, then SECOTEL_CHAIN_KEY_FILE)
  --public-key <pem>     Ed25519 public key (file or PEM text) that signs checkpoints; repeatable
  --allow-open           do not fail on records after the last checkpoint or a missing final
                         checkpoint (streams of processes that are still running)
  --sequence-only        check streams and sequence numbers only, without any key (finds gaps,
                         proves nothing against tampering)
  --json                 print the report as JSON
  -h, --help             show this help
  --version              print the version

Exit code: 0 when every record verified, 1 when anything did not verify or could not be read,
2 for a usage error or an unusable key.
`;

/** Where the CLI reads and writes; the defaults are the process's. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
}

interface Parsed {
  command: string | undefined;
  files: string[];
  keyFile: string | undefined;
  publicKeys: string[];
  json: boolean;
  allowOpen: boolean;
  sequenceOnly: boolean;
  help: boolean;
  version: boolean;
}

class UsageError extends Error {}

function parse(argv: readonly string[]): Parsed {
  const parsed: Parsed = { command: undefined, files: [], keyFile: undefined, publicKeys: [], json: false, allowOpen: false, sequenceOnly: false, help: false, version: false };
  let options = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (options && arg === '--') {
      options = false;
      continue;
    }
    if (options && arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const value = (): string => {
        if (eq > 0) return arg.slice(eq + 1);
        const next = argv[++i];
        if (next === undefined) throw new UsageError(`${name} needs a value`);
        return next;
      };
      switch (name) {
        case '--key-file': parsed.keyFile = value(); break;
        case '--public-key': parsed.publicKeys.push(value()); break;
        case '--json': parsed.json = true; break;
        case '--allow-open': parsed.allowOpen = true; break;
        case '--sequence-only': parsed.sequenceOnly = true; break;
        case '-h':
        case '--help': parsed.help = true; break;
        case '--version': parsed.version = true; break;
        default: throw new UsageError(`unknown option ${name}`);
      }
      continue;
    }
    if (parsed.command === undefined) parsed.command = arg;
    else parsed.files.push(arg);
  }
  return parsed;
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve);
  });
}

/** Runs the `secotel` command; resolves with the exit code. Never throws. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  try {
    return await run(argv, { env: io.env ?? process.env, stdout: io.stdout ?? process.stdout, stderr, stdin: io.stdin ?? process.stdin });
  } catch (error) {
    await write(stderr, `secotel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_FAILED;
  }
}

async function run(argv: readonly string[], { env, stdout, stderr, stdin }: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
    if (parsed.help || (parsed.command === undefined && !parsed.version)) {
      await write(parsed.help ? stdout : stderr, USAGE);
      return parsed.help ? EXIT_OK : EXIT_USAGE;
    }
    if (parsed.version) {
      await write(stdout, `${VERIFY_VERSION}\n`);
      return EXIT_OK;
    }
    if (parsed.command !== 'verify') throw new UsageError(`unknown command ${JSON.stringify(parsed.command)}; the command is "verify"`);
    if (parsed.files.length === 0) throw new UsageError('name at least one file to verify ("-" for standard input)');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    await write(stderr, `secotel: ${error.message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  let key: Uint8Array | undefined;
  let publicKeys: ChainPublicKey[];
  try {
    key = loadChainKey(parsed.keyFile, env)?.key;
    publicKeys = parsed.publicKeys.map(loadPublicKey);
  } catch (error) {
    if (!(error instanceof KeyError)) throw error;
    await write(stderr, `secotel: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (key === undefined && publicKeys.length === 0 && !parsed.sequenceOnly) {
    await write(
      stderr,
      'secotel: nothing to verify against: give the chain key (SECOTEL_CHAIN_KEY or --key-file) or the signing public key (--public-key), ' +
        'or --sequence-only to check for gaps without proving anything about tampering\n',
    );
    return EXIT_USAGE;
  }

  const read = await readInputs(parsed.files, stdin);
  const report = verifyRecords(read.records, {
    key,
    publicKeys,
    allowOpen: parsed.allowOpen,
    files: parsed.files,
    skipped: read.skipped,
    inputErrors: read.inputErrors,
  });
  await write(stdout, parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, { allowOpen: parsed.allowOpen }));
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
