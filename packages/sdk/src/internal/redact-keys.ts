/**
 * Key-name matching for redaction: decides whether an attribute key, an object key or the key of
 * a `key=value` pair in free text names a secret. Compiled once per redactor; results are cached.
 */

/** Key names that are always treated as sensitive; `RedactionOptions.sensitiveKeys` adds to them. */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'api_key',
  'apikey',
  'authorization',
  'cookie',
  'set-cookie',
  'session',
  'sessionid',
  'jwt',
  'client_secret',
  'private_key',
  'card_number',
  'cvv',
  'ssn',
]);

/**
 * Words that also match as the end of a longer glued lower-case component ('clientsecret',
 * 'accesstoken', 'newpassword'). Only words that (almost) no English word ends with: 'session'
 * is not here because of 'possession', 'cookie' because of 'fortunecookie'.
 */
const SUFFIX_WORDS: readonly string[] = ['password', 'passwd', 'secret', 'token', 'apikey'];

const MAX_CACHED_KEYS = 2048;
const MAX_CACHEABLE_KEY_LENGTH = 256;

// Character classes for splitting keys (plain numbers: enums are not erasable syntax).
const SEPARATOR = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

function charKind(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return LOWER;
  if (code >= 0x41 && code <= 0x5a) return UPPER;
  if (code >= 0x30 && code <= 0x39) return DIGIT;
  // '.', '_', '-', space, '/', ':', '[', ']', '$', '@', '#': the usual key separators.
  if (
    code === 0x2e ||
    code === 0x5f ||
    code === 0x2d ||
    code === 0x20 ||
    code === 0x2f ||
    code === 0x3a ||
    code === 0x5b ||
    code === 0x5d ||
    code === 0x24 ||
    code === 0x40 ||
    code === 0x23
  ) {
    return SEPARATOR;
  }
  // Other characters (non-ASCII letters included) behave like lower-case letters.
  return LOWER;
}

/**
 * Splits a key into lower-case components at separators ('.', '_', '-', ...), at camelCase
 * humps ('passwordConfirm' -> password, confirm), at the end of an acronym ('APIKey' -> api, key)
 * and between letters and digits ('password2' -> password, 2).
 */
export function splitKeyComponents(key: string): string[] {
  const parts: string[] = [];
  let start = -1;
  let prev = SEPARATOR;
  const n = key.length;
  for (let i = 0; i < n; i++) {
    const kind = charKind(key.charCodeAt(i));
    if (kind === SEPARATOR) {
      if (start !== -1) parts.push(key.slice(start, i).toLowerCase());
      start = -1;
      prev = kind;
      continue;
    }
    if (start === -1) {
      start = i;
    } else {
      let boundary = false;
      if (kind === UPPER && prev === LOWER) boundary = true;
      else if ((kind === DIGIT) !== (prev === DIGIT)) boundary = true;
      else if (
        kind === UPPER &&
        prev === UPPER &&
        i + 1 < n &&
        charKind(key.charCodeAt(i + 1)) === LOWER
      ) {
        boundary = true; // 'APIKey': the 'K' starts a new word
      }
      if (boundary) {
        parts.push(key.slice(start, i).toLowerCase());
        start = i;
      }
    }
    prev = kind;
  }
  if (start !== -1) parts.push(key.slice(start).toLowerCase());
  return parts;
}

/** Lower-case, '-' read as '_', surrounding white space removed. */
export function normaliseKey(key: string): string {
  return key.trim().toLowerCase().replace(/-/g, '_');
}

function lastDottedSegment(normalised: string): string {
  const dot = normalised.lastIndexOf('.');
  return dot === -1 ? normalised : normalised.slice(dot + 1);
}

/**
 * Decides whether a key names a secret. A key is sensitive when, after splitting it into
 * components (see {@link splitKeyComponents}), the components of some sensitive key occur in it
 * as a contiguous run, or when one component ends with a word of {@link SUFFIX_WORDS}. So
 * 'password', 'db.password', 'X-Api-Key', 'new_password', 'passwordConfirm', 'user_token',
 * 'clientsecret' and 'session.id' are sensitive; 'tokens_used_count' and 'possession' are not.
 * Allowed keys win: a key is never sensitive when it, or its last dotted segment, is in `allow`.
 */
export class SensitiveKeyMatcher {
  private readonly exact: ReadonlySet<string>;
  private readonly allow: ReadonlySet<string>;
  /** First component -> the component sequences of sensitive keys that start with it. */
  private readonly sequences: ReadonlyMap<string, readonly (readonly string[])[]>;
  private readonly cache = new Map<string, boolean>();

  constructor(sensitiveKeys: readonly string[], allowKeys: readonly string[]) {
    const exact = new Set<string>();
    const sequences = new Map<string, string[][]>();
    for (const key of sensitiveKeys) {
      if (typeof key !== 'string') continue;
      const normalised = normaliseKey(key);
      if (normalised.length === 0) continue;
      exact.add(normalised);
      const components = splitKeyComponents(normalised);
      const first = components[0];
      if (first === undefined) continue;
      let list = sequences.get(first);
      if (list === undefined) {
        list = [];
        sequences.set(first, list);
      }
      list.push(components);
    }
    const allow = new Set<string>();
    for (const key of allowKeys) {
      if (typeof key === 'string' && key.trim().length > 0) allow.add(normaliseKey(key));
    }
    this.exact = exact;
    this.allow = allow;
    this.sequences = sequences;
  }

  isSensitive(key: string): boolean {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const result = this.compute(key);
    if (key.length <= MAX_CACHEABLE_KEY_LENGTH) {
      // Bounded: attribute keys come from a small set, so a full cache means unusual traffic.
      if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
      this.cache.set(key, result);
    }
    return result;
  }

  private compute(key: string): boolean {
    if (key.length === 0) return false;
    const normalised = normaliseKey(key);
    if (this.allow.size > 0 && (this.allow.has(normalised) || this.allow.has(lastDottedSegment(normalised)))) {
      return false;
    }
    if (this.exact.has(normalised) || this.exact.has(lastDottedSegment(normalised))) return true;
    const components = splitKeyComponents(key);
    for (let i = 0; i < components.length; i++) {
      const component = components[i] as string;
      const candidates = this.sequences.get(component);
      if (candidates !== undefined) {
        for (const sequence of candidates) {
          if (matchesAt(components, i, sequence)) return true;
        }
      }
      for (const word of SUFFIX_WORDS) {
        if (component.length > word.length && component.endsWith(word)) return true;
      }
    }
    return false;
  }
}

function matchesAt(components: readonly string[], at: number, sequence: readonly string[]): boolean {
  if (at + sequence.length > components.length) return false;
  for (let j = 1; j < sequence.length; j++) {
    if (components[at + j] !== sequence[j]) return false;
  }
  return true;
}
