/**
 * Redaction and sanitisation of everything secotel exports: attribute values, log bodies and
 * payloads. Secrets are removed by key name ('password', 'http.request.header.authorization')
 * and by shape (JWTs, bearer tokens, cloud keys, private keys, card numbers, `password=...` in
 * text); control characters are escaped so values cannot forge log lines; lengths are capped.
 *
 * Everything is compiled in `createRedactor()`. A clean string costs three native RegExp scans
 * (card candidates, the combined secret scanner, characters to escape) and allocates nothing; it
 * is returned as is. Short text that none of them can match (an e-mail address, an IPv4 address, a
 * route) skips the scans after one loop over its characters (see `isPlainText`). All
 * patterns are linear-time (see `REDACTION_PATTERNS`).
 */
import { escapeFrom, firstUnsafeCharacter } from './internal/redact-escape.js';
import { DEFAULT_SENSITIVE_KEYS, SensitiveKeyMatcher } from './internal/redact-keys.js';
import { REDACTED, SecretScanner, TRUNCATION_PREFIX, TRUNCATION_SUFFIX, isPlainText, redactionPatterns } from './internal/redact-secrets.js';

export { DEFAULT_SENSITIVE_KEYS, REDACTED };

/** Options of {@link createRedactor}. */
export interface RedactionOptions {
  /** Extra key names treated as sensitive (added to {@link DEFAULT_SENSITIVE_KEYS}). */
  sensitiveKeys?: readonly string[];
  /**
   * Keys that must never be redacted by key name even if they match (e.g. 'session.id', which
   * the SDK hashes instead). Compared with the whole key and with its last dotted segment,
   * case-insensitively, '-' and '_' alike. Values are still redacted by shape.
   */
  allowKeys?: readonly string[];
  /**
   * Max length of one string value after sanitising; longer values are cut and end with a marker
   * such as '…[truncated 12345 chars]' (the number of original characters removed). Default 2048,
   * at least 32.
   */
  maxValueLength?: number;
  /** Max length of the message/body, same rules. Default 8192. */
  maxBodyLength?: number;
  /**
   * Shape-based secret detection in text (JWTs, tokens, keys, card numbers, `password=...`
   * pairs). Default on. When off, text is only escaped and truncated; redaction by key name of
   * attributes and object members still applies.
   */
  detectSecrets?: boolean;
}

/** A compiled redaction configuration. Every method is synchronous and never throws. */
export interface Redactor {
  /**
   * Whether this key names a secret. Keys are split into components at '.', '_', '-' and other
   * separators, at camelCase humps, at the end of acronyms and between letters and digits,
   * compared case-insensitively. A key is sensitive when the components of a sensitive key occur
   * in it as a contiguous run: 'password', 'user.password', 'db.password', 'X-Api-Key', 'apiKey',
   * 'http.request.header.authorization', 'new_password', 'passwordConfirm', 'password2',
   * 'user_token', 'session.id', 'sessionId'. Whole components only, so 'tokens_used_count',
   * 'classname' and 'possession' are not. Glued lower-case names match when a component ends
   * with 'password', 'passwd', 'secret', 'token' or 'apikey' ('clientsecret', 'accesstoken').
   * A key in `allowKeys` (whole key or last dotted segment) is never sensitive.
   */
  isSensitiveKey(key: string): boolean;
  /**
   * Sanitises free text: replaces shape-recognised secrets with {@link REDACTED}, escapes control
   * characters ({@link escapeControlCharacters}) and truncates to `maxLength` (default:
   * `maxBodyLength`; at least 32). The text is cut before it is scanned; a cut falling inside a
   * word moves back to the word's start (up to 256 characters), and a JWT or PEM block cut short
   * is still removed, so no part of a secret straddling the cut survives.
   */
  text(value: string, maxLength?: number): string;
  /**
   * A safe value for one attribute: {@link REDACTED} if the key is sensitive; strings through
   * `text()` with `maxValueLength`; finite numbers and booleans as they are, other numbers as
   * strings; arrays element-wise (an array of only finite numbers, only booleans or only strings
   * keeps its type, any other becomes an array of strings; at most 128 elements); objects
   * deep-redacted with `value()` and serialised as JSON through `text()`; `undefined` for
   * null, undefined, functions and symbols, and if anything goes wrong.
   */
  attribute(key: string, value: unknown): string | number | boolean | string[] | number[] | boolean[] | undefined;
  /**
   * Deep-redacts an arbitrary value for bodies and payloads: members with sensitive keys become
   * {@link REDACTED}, strings go through `text()` (the top-level string with `maxBodyLength`,
   * nested ones with `maxValueLength`). Returns a new JSON-safe value and never mutates the input:
   * depth is capped at 8 ('[max depth]'), containers at 256 entries (a '…' entry counts the rest),
   * the whole walk at 2048 objects ('[max objects]'); cycles become '[circular]'; bigints become
   * strings; Dates ISO strings; binary data '[binary N bytes]'; Maps plain objects; Sets arrays;
   * Errors their name, message and own enumerable properties (no stack); functions and symbols
   * are dropped; properties whose getters throw become '[unreadable]'. Returns REDACTED if the
   * walk itself fails.
   */
  value(value: unknown): unknown;
}

const DEFAULT_MAX_VALUE_LENGTH = 2048;
const DEFAULT_MAX_BODY_LENGTH = 8192;
const MIN_MAX_LENGTH = 32; // room for the truncation marker
const MAX_MAX_LENGTH = 16 * 1024 * 1024;
/** How far a cut moves back to the start of the word it falls in. */
const MAX_CUT_BACKOFF = 256;
const MAX_DEPTH = 8;
const MAX_CONTAINER_ENTRIES = 256;
const MAX_WALKED_OBJECTS = 2048;
const MAX_ATTRIBUTE_ARRAY_LENGTH = 128;
const MAX_OBJECT_KEY_LENGTH = 256;
const CIRCULAR = '[circular]';
const MAX_DEPTH_MARKER = '[max depth]';
const MAX_OBJECTS_MARKER = '[max objects]';
const UNREADABLE = '[unreadable]';

/**
 * Every RegExp redaction uses (fresh copies: changing their `lastIndex` is harmless), the
 * combined scanner last. Each one compiles with V8's linear-time engine
 * (`--enable-experimental-regexp-engine`, flag 'l'). The same patterns serve every redactor:
 * `sensitiveKeys` change the key matcher, never a RegExp.
 */
export const REDACTION_PATTERNS: readonly RegExp[] = Object.freeze(redactionPatterns());

function clampLength(value: number | undefined, fallback: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return fallback;
  if (value < MIN_MAX_LENGTH) return MIN_MAX_LENGTH;
  if (value > MAX_MAX_LENGTH) return MAX_MAX_LENGTH;
  return Math.floor(value);
}

/** String form of a non-string for `text()`, which accepts anything at run time. */
function toText(value: unknown): string {
  try {
    if (typeof value === 'symbol') return value.toString();
    return String(value);
  } catch {
    return UNREADABLE;
  }
}

/** Whether s[i] may not end a kept prefix: inside a word, or a space between two digits. */
function isInsideWord(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (code <= 0x20) {
    if (code !== 0x20 || i === 0) return false;
    const before = s.charCodeAt(i - 1);
    const after = s.charCodeAt(i + 1);
    return before >= 0x30 && before <= 0x39 && after >= 0x30 && after <= 0x39; // '4111 1111'
  }
  switch (code) {
    case 0x22: // "
    case 0x27: // '
    case 0x60: // `
    case 0x2c: // ,
    case 0x3b: // ;
    case 0x28: // (
    case 0x29: // )
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x3c: // <
    case 0x3e: // >
      return false;
    default:
      return true;
  }
}

/**
 * Where to cut `s` to keep at most `limit` characters: never inside a surrogate pair, and at the
 * start of the word the limit falls in when that start is near, so a secret straddling the cut
 * leaves no prefix behind.
 */
function cutPosition(s: string, limit: number): number {
  if (limit <= 0) return 0;
  if (limit >= s.length) return s.length;
  let cut = limit;
  const before = s.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut--;
  if (cut === 0 || !isInsideWord(s, cut) || !isInsideWord(s, cut - 1)) return cut;
  const lowest = Math.max(0, cut - MAX_CUT_BACKOFF);
  let start = cut - 1;
  while (start > lowest && isInsideWord(s, start - 1)) start--;
  if (start === lowest && lowest > 0 && isInsideWord(s, lowest - 1)) return cut; // a very long run: cut hard
  return start;
}

export class CompiledRedactor implements Redactor {
  private readonly keys: SensitiveKeyMatcher;
  private readonly scanner: SecretScanner | undefined;
  private readonly maxValueLength: number;
  private readonly maxBodyLength: number;
  // Per-walk state of value(); walks never nest (text() does not call back into value()).
  private walked = 0;
  private readonly ancestors: object[] = [];

  constructor(options: RedactionOptions) {
    const extra = Array.isArray(options.sensitiveKeys) ? options.sensitiveKeys : [];
    const allow = Array.isArray(options.allowKeys) ? options.allowKeys : [];
    this.keys = new SensitiveKeyMatcher([...DEFAULT_SENSITIVE_KEYS, ...extra], allow);
    this.scanner = options.detectSecrets === false ? undefined : new SecretScanner(this.keys);
    this.maxValueLength = clampLength(options.maxValueLength, DEFAULT_MAX_VALUE_LENGTH);
    this.maxBodyLength = clampLength(options.maxBodyLength, DEFAULT_MAX_BODY_LENGTH);
    // Methods may be passed around detached (`const { text } = redactor`).
    this.isSensitiveKey = this.isSensitiveKey.bind(this);
    this.text = this.text.bind(this);
    this.attribute = this.attribute.bind(this);
    this.value = this.value.bind(this);
  }

  isSensitiveKey(key: string): boolean {
    try {
      return this.keys.isSensitive(typeof key === 'string' ? key : toText(key));
    } catch {
      return true; // fail closed
    }
  }

  text(value: string, maxLength?: number): string {
    try {
      const s = typeof value === 'string' ? value : toText(value);
      const max = maxLength === undefined ? this.maxBodyLength : clampLength(maxLength, this.maxBodyLength);
      if (s.length <= max) {
        if (isPlainText(s)) return s;
        const out = this.sanitise(s, false);
        if (out.length <= max) return out;
      }
      return this.truncate(s, max);
    } catch {
      return REDACTED; // fail closed
    }
  }

  /** Redacts and escapes; `cutAtEnd` when `s` is a truncated prefix. */
  private sanitise(s: string, cutAtEnd: boolean): string {
    const redacted = this.scanner === undefined ? s : this.scanner.redact(s, cutAtEnd);
    const first = firstUnsafeCharacter(redacted);
    return first === -1 ? redacted : escapeFrom(redacted, first);
  }

  private truncate(s: string, max: number): string {
    const n = s.length;
    const budget = max - (TRUNCATION_PREFIX.length + String(n).length + TRUNCATION_SUFFIX.length);
    let cut = cutPosition(s, budget);
    let out = this.sanitise(s.slice(0, cut), cut < n);
    // Escapes and markers can make the kept part longer than the budget: keep less and retry.
    for (let attempt = 0; out.length > budget; attempt++) {
      let next = attempt < 3 ? Math.floor((cut * budget) / out.length) : Math.floor(cut / 2);
      if (next >= cut) next = cut - 1;
      cut = cutPosition(s, next);
      out = this.sanitise(s.slice(0, cut), true);
    }
    return out + TRUNCATION_PREFIX + String(n - cut) + TRUNCATION_SUFFIX;
  }

  attribute(key: string, value: unknown): string | number | boolean | string[] | number[] | boolean[] | undefined {
    try {
      if (value === undefined || value === null) return undefined;
      if (this.isSensitiveKey(key)) return REDACTED;
      return this.attributeOfKnownKey(value);
    } catch {
      return undefined;
    }
  }

  /**
   * `attribute(key, value)` for a key already known not to be sensitive (the emitter hands strings,
   * numbers and booleans to `valueText()` itself; `attribute()` ends here too).
   * @internal
   */
  attributeOfKnownKey(value: unknown): string | number | boolean | string[] | number[] | boolean[] | undefined {
    try {
      switch (typeof value) {
        case 'bigint':
          return this.text(value.toString(), this.maxValueLength);
        case 'function':
        case 'symbol':
        case 'undefined':
          return undefined;
        case 'string':
          return this.text(value, this.maxValueLength);
        case 'number':
          return Number.isFinite(value) ? value : String(value);
        case 'boolean':
          return value;
        default:
          break;
      }
      if (value === null) return undefined;
      if (Array.isArray(value)) return this.attributeArray(value);
      return this.serialised(value);
    } catch {
      return undefined;
    }
  }

  /** `text(value, maxValueLength)`: an attribute's string value. @internal */
  valueText(value: string): string {
    return this.text(value, this.maxValueLength);
  }

  private attributeArray(array: readonly unknown[]): string[] | number[] | boolean[] {
    const length = Math.min(array.length, MAX_ATTRIBUTE_ARRAY_LENGTH);
    let numbers = true;
    let booleans = true;
    for (let i = 0; i < length && (numbers || booleans); i++) {
      const element = array[i];
      if (typeof element !== 'number' || !Number.isFinite(element)) numbers = false;
      if (typeof element !== 'boolean') booleans = false;
    }
    if (length > 0 && numbers) return array.slice(0, length) as number[];
    if (length > 0 && booleans) return array.slice(0, length) as boolean[];
    const strings: string[] = [];
    for (let i = 0; i < length; i++) {
      const element = array[i];
      if (typeof element === 'string') strings.push(this.text(element, this.maxValueLength));
      else if (element === null || element === undefined) strings.push('null');
      else if (typeof element === 'number' || typeof element === 'boolean') strings.push(String(element));
      else if (typeof element === 'bigint') strings.push(this.text(element.toString(), this.maxValueLength));
      else if (typeof element === 'object') strings.push(this.serialised(element) ?? 'null');
      else strings.push('null'); // functions and symbols
    }
    if (array.length > length) strings.push(`…[${array.length - length} more items]`);
    return strings;
  }

  /** An object as redacted JSON text, capped at maxValueLength. */
  private serialised(value: unknown): string | undefined {
    const safe = this.value(value);
    if (safe === undefined) return undefined;
    if (typeof safe === 'string') return safe;
    const json = JSON.stringify(safe);
    return json === undefined ? undefined : this.text(json, this.maxValueLength);
  }

  value(value: unknown): unknown {
    this.walked = 0;
    this.ancestors.length = 0;
    try {
      if (typeof value === 'string') return this.text(value, this.maxBodyLength);
      return this.walk(value, 0);
    } catch {
      return REDACTED; // fail closed
    } finally {
      this.ancestors.length = 0;
    }
  }

  private walk(value: unknown, depth: number): unknown {
    switch (typeof value) {
      case 'string':
        return this.text(value, this.maxValueLength);
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return this.text(value.toString(), this.maxValueLength);
      case 'function':
      case 'symbol':
        return undefined;
      default:
        break;
    }
    if (value === null) return null;
    const object = value as object;
    if (this.ancestors.includes(object)) return CIRCULAR;
    if (depth >= MAX_DEPTH) return MAX_DEPTH_MARKER;
    if (this.walked >= MAX_WALKED_OBJECTS) return MAX_OBJECTS_MARKER;
    this.walked++;
    if (object instanceof Date) {
      return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    }
    if (ArrayBuffer.isView(object)) return `[binary ${object.byteLength} bytes]`;
    if (object instanceof ArrayBuffer || object instanceof SharedArrayBuffer) return `[binary ${object.byteLength} bytes]`;
    if (object instanceof URL || object instanceof RegExp) return this.text(String(object), this.maxValueLength);
    this.ancestors.push(object);
    try {
      if (Array.isArray(object)) return this.walkArray(object, depth);
      if (object instanceof Set) return this.walkArray([...limitIterable(object.values(), MAX_CONTAINER_ENTRIES + 1)], depth, object.size);
      if (object instanceof Map) return this.walkMap(object, depth);
      return this.walkObject(object, depth);
    } finally {
      this.ancestors.pop();
    }
  }

  private walkArray(array: readonly unknown[], depth: number, size = array.length): unknown[] {
    const length = Math.min(array.length, MAX_CONTAINER_ENTRIES);
    const out: unknown[] = [];
    for (let i = 0; i < length; i++) {
      let element: unknown;
      try {
        element = array[i];
      } catch {
        element = UNREADABLE;
      }
      const safe = this.walk(element, depth + 1);
      out.push(safe === undefined ? null : safe); // as JSON.stringify renders it
    }
    if (size > length) out.push(`…[${size - length} more items]`);
    return out;
  }

  private walkMap(map: Map<unknown, unknown>, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let count = 0;
    for (const [key, element] of map) {
      if (count === MAX_CONTAINER_ENTRIES) {
        out['…'] = `[${map.size - count} more entries]`;
        break;
      }
      count++;
      this.putMember(out, typeof key === 'string' ? key : toText(key), element, depth);
    }
    return out;
  }

  private walkObject(object: object, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (object instanceof Error) {
      this.putMember(out, 'name', safeGet(object, 'name'), depth);
      this.putMember(out, 'message', safeGet(object, 'message'), depth);
    }
    let keys: string[];
    try {
      keys = Object.keys(object);
    } catch {
      return { [UNREADABLE]: true };
    }
    const length = Math.min(keys.length, MAX_CONTAINER_ENTRIES);
    for (let i = 0; i < length; i++) {
      const key = keys[i] as string;
      this.putMember(out, key, safeGet(object, key), depth);
    }
    if (keys.length > length) out['…'] = `[${keys.length - length} more keys]`;
    return out;
  }

  private putMember(out: Record<string, unknown>, key: string, element: unknown, depth: number): void {
    const safeKey = this.text(key, MAX_OBJECT_KEY_LENGTH);
    const safe = this.isSensitiveKey(key) ? REDACTED : this.walk(element, depth + 1);
    if (safe === undefined) return; // functions and symbols are dropped, as in JSON
    if (safeKey === '__proto__') {
      Object.defineProperty(out, safeKey, { value: safe, enumerable: true, writable: true, configurable: true });
    } else {
      out[safeKey] = safe;
    }
  }
}

function safeGet(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

function* limitIterable<T>(iterable: Iterable<T>, limit: number): Generator<T> {
  let count = 0;
  for (const item of iterable) {
    if (count++ >= limit) return;
    yield item;
  }
}

/**
 * Compiles a redaction configuration: sensitive keys, allowed keys, length caps and the secret
 * scanner are all prepared here, so the per-call path allocates little and builds no RegExp.
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  return new CompiledRedactor(options ?? {});
}

/** {@link createRedactor} with the emitter's extra entry points. @internal */
export function createCompiledRedactor(options: RedactionOptions = {}): CompiledRedactor {
  return new CompiledRedactor(options ?? {});
}

/**
 * Escapes CR, LF, tab, the other C0 and C1 control characters, DEL, U+2028/U+2029, the
 * bidirectional controls (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F, U+061C)
 * and unpaired surrogates as visible escapes (`\r`, `\n`, `\t`, `\u001b`, `\u2028`, ...), so a
 * value can neither start a forged log line nor hide or reorder text. Backslashes are not
 * escaped (the result is stable under repetition). Returns the same string when nothing needs
 * escaping; never throws.
 */
export function escapeControlCharacters(value: string): string {
  const s = typeof value === 'string' ? value : toText(value);
  try {
    const first = firstUnsafeCharacter(s);
    return first === -1 ? s : escapeFrom(s, first);
  } catch {
    return REDACTED; // unreachable in practice; fail closed
  }
}

let defaultScanner: SecretScanner | undefined;

/**
 * Replaces shape-recognised secrets anywhere in a string with {@link REDACTED}, with the default
 * sensitive keys for `key=value` pairs: JWTs, `Bearer`/`Basic` credentials, AWS access key ids,
 * PEM private keys, GitHub, Slack and Stripe tokens, Slack webhook URLs, Google API keys,
 * passwords in URLs, Luhn-valid card numbers and values of sensitive keys. Does not escape or
 * truncate (see `Redactor.text()`); never throws.
 */
export function redactSecrets(value: string): string {
  const s = typeof value === 'string' ? value : toText(value);
  try {
    defaultScanner ??= new SecretScanner(new SensitiveKeyMatcher(DEFAULT_SENSITIVE_KEYS, []));
    return defaultScanner.redact(s, false);
  } catch {
    return REDACTED;
  }
}
