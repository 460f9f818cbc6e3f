// The canonical encoding behind the tamper-evident hash chain of security records.
//
// The SDK computes it from the record it is about to emit, `secotel verify` from the record as it
// came back through OTLP (JSON exporter bodies, collector file exporter lines): both must produce
// the same text, so this file is the one definition and the spec (README, "Tamper evidence").
// Pure: no I/O, no crypto, no dependencies. Hashing and signing happen at the edges.
import { ATTR_SECURITY_CHAIN_HMAC, ATTR_SECURITY_CHAIN_SEQ, ATTR_SECURITY_CHAIN_STREAM, ATTR_SECURITY_EVENT_ID } from './attributes.js';

/** First element of every canonical record encoding; changes when the encoding changes. */
export const CHAIN_ENCODING_VERSION = 'secotel-chain/1';
/** First element of every signed checkpoint statement. */
export const CHAIN_CHECKPOINT_STATEMENT_VERSION = 'secotel-chain-checkpoint/1';
/** Shortest chain key accepted (bytes): an HMAC key needs the entropy of its hash to be worth keeping. */
export const CHAIN_KEY_MIN_BYTES = 16;

// Added by the shipped collector configuration (transform/security_event_name) when missing.
const EVENT_NAME_ATTRIBUTE = 'security.event.name';

/**
 * A value as the chain sees it: what an OpenTelemetry attribute or body can hold. `null` and
 * `undefined` stand for an empty OTLP AnyValue.
 */
export type ChainValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Uint8Array
  | readonly ChainValue[]
  | { readonly [key: string]: ChainValue };

/** The parts of a log record the chain covers. */
export interface ChainRecordFields {
  /** `security.authn_login_fail`; '' when absent. */
  readonly eventName: string;
  /** Nanoseconds since the Unix epoch as a decimal string without leading zeros ('0' when absent). */
  readonly timeUnixNano: string;
  /** 0 when absent. */
  readonly severityNumber: number;
  /** '' when absent. */
  readonly severityText: string;
  /** The body; the SDK always emits a string. An absent body is encoded like ''. */
  readonly body: ChainValue;
  /** All attributes; `security.chain.hmac` and undefined values are skipped by the encoding. */
  readonly attributes: Readonly<Record<string, ChainValue>>;
}

/** What a checkpoint signature covers. */
export interface ChainCheckpointStatement {
  readonly stream: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** `security.chain.hmac` of record `lastSeq`; '' without a chain key. */
  readonly head: string;
  /** SHA-256 (hex) of the canonical encodings of records `firstSeq`..`lastSeq`, concatenated. */
  readonly digest: string;
  readonly final: boolean;
  /** Timestamp of the checkpoint record, as in {@link ChainRecordFields.timeUnixNano}. */
  readonly timeUnixNano: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// OTLP carries UTF-8: an unpaired surrogate cannot survive the trip (the collector and protobuf
// encoders turn it into U+FFFD), so it is U+FFFD on both sides of the comparison.
function wellFormed(value: string): string {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed() ? value : value.replace(LONE_SURROGATE, '\uFFFD');
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

function sortedEntries(object: { readonly [key: string]: ChainValue }): [string, JsonValue][] {
  const entries: [string, JsonValue][] = [];
  for (const key of Object.keys(object).sort()) {
    const value = object[key];
    if (value !== undefined) entries.push([wellFormed(key), normalise(value)]);
  }
  return entries;
}

/**
 * One value in the form JSON.stringify encodes canonically. Numbers stay numbers: JSON.stringify
 * writes the shortest round-trip form, -0 as 0 and non-finite numbers as null, which is what the
 * OTLP round trip leaves of them (int64 and double collapse into one number type on purpose: the
 * JavaScript exporter picks intValue or doubleValue from Number.isInteger alone).
 */
function normalise(value: ChainValue): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'number':
    case 'boolean':
      return value;
    default:
      break;
  }
  if (Array.isArray(value)) return (value as readonly ChainValue[]).map(normalise);
  if (value instanceof Uint8Array) return { bytes: base64(value) };
  return { kvlist: sortedEntries(value as { readonly [key: string]: ChainValue }) };
}

/**
 * The canonical encoding of one record for the hash chain: a JSON array (so records concatenate
 * without ambiguity)
 *
 * `["secotel-chain/1", previous, eventName, timeUnixNano, severityNumber, severityText, body, [[key, value], ...]]`
 *
 * - `previous`: `security.chain.hmac` of the record before it in the stream, '' for seq 1 and
 *   when the stream has no chain key;
 * - attributes sorted by key (UTF-16 code units, JavaScript's default sort), without
 *   `security.chain.hmac` (the output) and without `security.event.name` when it equals the event
 *   name (the shipped collector configuration adds it);
 * - values: strings (unpaired surrogates as U+FFFD), numbers as JSON writes them (non-finite as
 *   null), booleans, arrays, `{"bytes": base64}`, `{"kvlist": [[key, value], ...]}`, null for an
 *   empty value; an absent body is ''.
 *
 * Not covered: trace and span ids, flags, observed timestamp, resource and scope (see README).
 */
export function canonicalChainInput(previous: string, record: ChainRecordFields): string {
  const attributes = record.attributes;
  const entries: [string, JsonValue][] = [];
  for (const key of Object.keys(attributes).sort()) {
    if (key === ATTR_SECURITY_CHAIN_HMAC) continue;
    const value = attributes[key];
    if (value === undefined) continue;
    if (key === EVENT_NAME_ATTRIBUTE && value === record.eventName) continue;
    entries.push([wellFormed(key), normalise(value)]);
  }
  // One JSON.stringify of the whole structure: measured faster than building the text by hand.
  return JSON.stringify([
    CHAIN_ENCODING_VERSION,
    wellFormed(previous),
    wellFormed(record.eventName),
    record.timeUnixNano,
    record.severityNumber,
    wellFormed(record.severityText),
    record.body === null || record.body === undefined ? '' : normalise(record.body),
    entries,
  ]);
}

/** A record's place in its hash chain. */
export interface ChainPosition {
  /** The stream: a random id per process start (a new one when the chain key changes). */
  readonly stream: string;
  /** Position in the stream: 1, 2, 3, ... without gaps. */
  readonly seq: number;
}

/**
 * The `security.event.id` of the record at `seq` in `stream`: `<stream>:<seq>`. A chained record
 * carries its position only there, so that it costs no attributes of its own.
 */
export function chainEventId(stream: string, seq: number): string {
  return `${stream}:${seq}`;
}

/**
 * The chain position a `security.event.id` holds (see {@link chainEventId}), or undefined when it
 * holds none: the id of a record written with the chain off, or anything else. The stream is
 * everything before the last ':' and not empty; the position a decimal integer from 1 without
 * leading zeros, at most `Number.MAX_SAFE_INTEGER`.
 */
export function chainPositionOf(id: unknown): ChainPosition | undefined {
  if (typeof id !== 'string') return undefined;
  const colon = id.lastIndexOf(':');
  if (colon < 1) return undefined;
  const seq = seqOfDigits(id, colon + 1);
  return seq === undefined ? undefined : { stream: id.slice(0, colon), seq };
}

/** `s` from `from` on as a chain position: 1 to 16 decimal digits, no leading zero, a safe integer. */
function seqOfDigits(s: string, from: number): number | undefined {
  const digits = s.length - from;
  if (digits < 1 || digits > 16 || s.charCodeAt(from) === 0x30) return undefined;
  for (let i = from; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  const seq = Number(s.slice(from));
  return Number.isSafeInteger(seq) ? seq : undefined;
}

/**
 * The chain position of a record by its attributes: its `security.event.id`
 * ({@link chainPositionOf}), or, for records written before the position moved there, the
 * `security.chain.stream` and `security.chain.seq` attributes they carried (seq as a number or,
 * as OTLP JSON may give an int64, a string of digits).
 */
export function chainPositionOfRecord(attributes: Readonly<Record<string, unknown>>): ChainPosition | undefined {
  const position = chainPositionOf(attributes[ATTR_SECURITY_EVENT_ID]);
  if (position !== undefined) return position;
  const stream = attributes[ATTR_SECURITY_CHAIN_STREAM];
  const raw = attributes[ATTR_SECURITY_CHAIN_SEQ];
  if (typeof stream !== 'string' || stream === '') return undefined;
  const seq = typeof raw === 'number' ? raw : typeof raw === 'string' ? seqOfDigits(raw, 0) : undefined;
  return seq !== undefined && Number.isSafeInteger(seq) && seq >= 1 ? { stream, seq } : undefined;
}

/**
 * The text an Ed25519 checkpoint signature covers:
 * `["secotel-chain-checkpoint/1", stream, firstSeq, lastSeq, head, digest, final, timeUnixNano]`.
 */
export function chainCheckpointStatement(statement: ChainCheckpointStatement): string {
  return JSON.stringify([
    CHAIN_CHECKPOINT_STATEMENT_VERSION,
    statement.stream,
    statement.firstSeq,
    statement.lastSeq,
    statement.head,
    statement.digest,
    statement.final,
    statement.timeUnixNano,
  ]);
}

/**
 * The chain key held in a key file: its bytes without trailing whitespace (so `openssl rand -hex
 * 32 > chain.key` and an editor's final newline give the same key). The SDK and `secotel verify`
 * both read key files this way.
 */
export function chainKeyFromFile(contents: Uint8Array): Uint8Array {
  let end = contents.length;
  while (end > 0) {
    const byte = contents[end - 1];
    if (byte !== 0x0a && byte !== 0x0d && byte !== 0x20 && byte !== 0x09) break;
    end--;
  }
  return contents.subarray(0, end);
}
