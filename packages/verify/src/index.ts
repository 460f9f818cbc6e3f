/**
 * @secotel/verify: checks the tamper-evident hash chain and signed checkpoints of exported
 * secotel security records. The `secotel verify` command is `main()` in `./cli.js`; this is the
 * same logic as a library.
 */
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, main } from './cli.js';
export type { CliIo } from './cli.js';
export { KeyError, loadChainKey, loadPublicKey, publicKeyId } from './keys.js';
export { MAX_LINE_BYTES, readLines } from './lines.js';
export type { InputLine } from './lines.js';
export { decodeAnyValue, decodeLogsRequest, parseJsonLine } from './otlp.js';
export type { ReadRecord, RecordSource } from './otlp.js';
export { readInputs, readOtlpJsonLines } from './read.js';
export type { ReadResult } from './read.js';
export { formatReport, verifyRecords } from './report.js';
export type { InputError, UnchainedRecord, VerifyReport } from './report.js';
export { verifyStream } from './verify.js';
export type { ChainPublicKey, CheckpointResult, RecordProblem, SeqRange, StreamReport, VerifyOptions } from './verify.js';
export { VERIFY_VERSION } from './version.js';
