/**
 * Shape-based secret detection in free text.
 *
 * ReDoS safety has two parts. Every RegExp here compiles with V8's linear-time engine (no
 * backreferences, no lookaround, no nested quantifiers, no `i` flag, counts of at most 16), which
 * bounds one match attempt. A global scan can still be quadratic when an attempt reads far ahead
 * and then fails, so each alternative either is a short literal anchor whose extent is measured by
 * hand-written loops, or fails within a bounded distance of its start (`AKIA` + 16), or, once its
 * literal prefix matched, ends in a greedy run that cannot fail. The hand-written scanners read
 * each character a bounded number of times: lookbehind is capped, every extent is measured once
 * (a JWT run once for all the 'eyJ' in it), the scan resumes after each extent, and a redacted
 * value is scanned at most once more (see `SecretScanner.scan`). The 64 KiB adversarial inputs in
 * test/redact-properties.test.ts check this.
 */
import { CONTROL_CHARACTER } from './redact-escape.js';
import type { SensitiveKeyMatcher } from './redact-keys.js';

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** The marker that ends truncated text: `…[truncated 123 chars]`. */
export const TRUNCATION_PREFIX = '…[truncated ';
export const TRUNCATION_SUFFIX = ' chars]';

/**
 * Whether s[from, end) is exactly a truncation marker, so sanitising truncated text again leaves
 * it unchanged. Only a complete marker at the very end qualifies: nothing can hide behind it.
 */
function isTruncationMarkerTail(s: string, from: number): boolean {
  if (!s.startsWith(TRUNCATION_PREFIX, from) || !s.endsWith(TRUNCATION_SUFFIX)) return false;
  const digitsEnd = s.length - TRUNCATION_SUFFIX.length;
  let i = from + TRUNCATION_PREFIX.length;
  if (i >= digitsEnd) return false;
  for (; i < digitsEnd; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pattern builders that stay within the linear engine's limits.

const MAX_LINEAR_COUNT = 16;

/** `cls` exactly `count` times, as chunks of at most 16 (the linear engine's repetition limit). */
function repeat(cls: string, count: number): string {
  let source = '';
  let left = count;
  while (left > MAX_LINEAR_COUNT) {
    source += `${cls}{${MAX_LINEAR_COUNT}}`;
    left -= MAX_LINEAR_COUNT;
  }
  if (left > 0) source += `${cls}{${left}}`;
  return source;
}

/** `cls` at least `count` times. */
function atLeast(cls: string, count: number): string {
  if (count <= MAX_LINEAR_COUNT) return `${cls}{${count},}`;
  return repeat(cls, count - MAX_LINEAR_COUNT) + `${cls}{${MAX_LINEAR_COUNT},}`;
}

// ---------------------------------------------------------------------------------------------
// The shapes. Anchors are measured and validated by code below; the others are complete.

/** Start of a JWT: `eyJ` is base64url for `{"`; the extent and the header are checked in code. */
const JWT_ANCHOR = 'eyJ';
/** Start of a PEM block; the code checks for `... PRIVATE KEY` and looks for the END line. */
const PEM_ANCHOR = '-----BEGIN ';
/** `scheme://`; the code looks for `user:password@` right after it. */
const URL_CREDENTIALS_ANCHOR = ':\\/\\/';
/** `Bearer <token68>` and `Basic <base64>` (RFC 7235 token68), scheme kept. */
const AUTH_SCHEME = '(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \\t]+[A-Za-z0-9._~+\\/-]+=*';
/** AWS access key ids (long-term AKIA, temporary ASIA). */
const AWS_ACCESS_KEY_ID = '(?:AKIA|ASIA)' + repeat('[A-Z0-9]', 16);
/** GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained PATs. */
const GITHUB_TOKEN = 'gh[pousr]_' + atLeast('[A-Za-z0-9]', 20) + '|github_pat_' + atLeast('[A-Za-z0-9_]', 20);
/** Slack bot, user, app, refresh and legacy workspace tokens. */
const SLACK_TOKEN = 'xox[abprs]-' + atLeast('[A-Za-z0-9-]', 10);
/** Stripe secret and restricted keys and webhook signing secrets (publishable pk_ keys are public by design). */
const STRIPE_KEY = '(?:[sr]k_(?:live|test)|whsec)_' + atLeast('[A-Za-z0-9]', 10);
/** Google API keys. */
const GOOGLE_API_KEY = 'AIza' + repeat('[A-Za-z0-9_-]', 35);
/** Slack incoming-webhook and workflow URLs; the path after the kind is the secret. */
const SLACK_WEBHOOK = 'hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/[A-Za-z0-9_\\/-]+';

/**
 * Key/value separators. A `password=...`, `"token": "..."` or `Authorization: ...` pair is found
 * from its separator: the code reads the key backwards (at most 64 characters) and asks the key
 * matcher, so free-text pairs follow exactly the same key rules as attributes.
 */
const KEY_VALUE_SEPARATOR = '[:=]';
/** The fewest digits a payment card number has. */
export const CARD_MIN_DIGITS = 13;
/**
 * Necessary condition for a card number: 13 digits, each pair separated by at most one space or
 * dash. Written out flat (no nested quantifier); the card scan runs only when this matches.
 */
const CARD_CANDIDATE = '\\d' + '[ -]?\\d'.repeat(CARD_MIN_DIGITS - 1);

const TOKEN_SOURCES: readonly string[] = [AWS_ACCESS_KEY_ID, GITHUB_TOKEN, SLACK_TOKEN, STRIPE_KEY, GOOGLE_API_KEY];

/**
 * The combined scanner: one pass finds every anchor and separator. The first character of a
 * match tells its kind (see `SecretScanner.scan`), so it needs no capture groups.
 */
const SCANNER = [
  JWT_ANCHOR,
  PEM_ANCHOR,
  AUTH_SCHEME,
  URL_CREDENTIALS_ANCHOR,
  ...TOKEN_SOURCES,
  SLACK_WEBHOOK,
  KEY_VALUE_SEPARATOR,
].join('|');

// ---------------------------------------------------------------------------------------------
// The plain-text check: most short values (a user id, an e-mail address, an IPv4 address, a route)
// hold nothing any of the three scans (card candidates, SCANNER, CONTROL_CHARACTER) can match, and
// one loop over their characters proves it for less than the three RegExp calls cost.

/** What a character can start (PLAIN: nothing). */
const PLAIN = 0;
/** Always a possible match: a key/value separator, a control character. */
const SHAPE = 1;
/** A digit: part of a possible card number. */
const DIGIT = 2;
/** May start an anchor, depending on its neighbours (see `opensAnchor`). */
const NEIGHBOURS = 3;

const CHARACTER_KIND: Uint8Array = (() => {
  const table = new Uint8Array(128).fill(PLAIN);
  for (let code = 0; code < 0x20; code++) table[code] = SHAPE;
  table[0x7f] = SHAPE;
  table[0x3a] = SHAPE; // ':' (also '://')
  table[0x3d] = SHAPE; // '='
  for (let code = 0x30; code <= 0x39; code++) table[code] = DIGIT;
  for (const c of 'eABbxh_') table[c.charCodeAt(0)] = NEIGHBOURS;
  return table;
})();

/** Letters a GitHub or Stripe prefix has right before a '_': gh[pousr]_, github_pat_, [sr]k_, whsec_. */
const BEFORE_TOKEN_UNDERSCORE: ReadonlySet<number> = new Set([...'pousrtkc'].map((c) => c.charCodeAt(0)));

/**
 * Whether the character `code` at s[i] may begin one of SCANNER's anchors: eyJ (JWT), AKIA, ASIA,
 * AIza, [Bb]earer, BEARER, [Bb]asic, BASIC, xox (Slack), hooks.slack.com, or the '_' of a GitHub
 * or Stripe prefix. A PEM anchor (`-----BEGIN `) is caught at its `BE`. Errs on the side of yes.
 */
function opensAnchor(s: string, i: number, code: number): boolean {
  const next = s.charCodeAt(i + 1); // NaN past the end
  switch (code) {
    case 0x65: // e
      return next === 0x79 && s.charCodeAt(i + 2) === 0x4a; // yJ
    case 0x41: // A
      return next === 0x4b || next === 0x53 || next === 0x49; // K S I
    case 0x42: // B
    case 0x62: // b
      return next === 0x65 || next === 0x61 || next === 0x45 || next === 0x41; // e a E A
    case 0x78: // x
    case 0x68: // h
      return next === 0x6f; // o
    default: // _
      return BEFORE_TOKEN_UNDERSCORE.has(s.charCodeAt(i - 1));
  }
}

/**
 * Longest string {@link isPlainText} looks at; longer ones take the full scans. A loop over the
 * characters costs about as much per character as the RegExp scans (more on a string built by
 * concatenation, which is not flat yet): it wins on short values, where the three RegExp calls'
 * fixed cost dominates (a 17-character e-mail address: about 75 instead of 180 ns, measured).
 */
const MAX_PLAIN_CHECK_LENGTH = 32;

/**
 * True when `s` can match neither the card candidate, nor the combined scanner, nor a character to
 * escape: ASCII only, no ':' or '=', no run of CARD_MIN_DIGITS digits (one ' ' or '-' allowed
 * between two), nothing that may open an anchor. Such text comes out of redaction unchanged, so
 * `Redactor.text()` returns it without scanning. False says only "scan it".
 */
export function isPlainText(s: string): boolean {
  const n = s.length;
  if (n > MAX_PLAIN_CHECK_LENGTH) return false;
  let digits = 0; // digits of a possible card number so far
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0x80) return false;
    const kind = CHARACTER_KIND[code] as number;
    if (kind === DIGIT) {
      if (++digits >= CARD_MIN_DIGITS) return false;
    } else {
      if (kind === SHAPE || (kind === NEIGHBOURS && opensAnchor(s, i, code))) return false;
      // A card number may have one ' ' or '-' between two digits; anything else ends it.
      if (!((code === 0x20 || code === 0x2d) && isDigit(s.charCodeAt(i - 1)))) digits = 0;
    }
  }
  return true;
}

/** Every pattern the redactor uses, the combined scanner last (fresh copies, safe to use). */
export function redactionPatterns(): RegExp[] {
  return [
    CONTROL_CHARACTER,
    JWT_ANCHOR,
    PEM_ANCHOR,
    AUTH_SCHEME,
    URL_CREDENTIALS_ANCHOR,
    ...TOKEN_SOURCES,
    SLACK_WEBHOOK,
    KEY_VALUE_SEPARATOR,
    CARD_CANDIDATE,
    SCANNER,
  ].map((source) => new RegExp(source, 'g'));
}

// ---------------------------------------------------------------------------------------------
// Character tests.

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

/** base64url alphabet plus '.', the characters of a compact JWS/JWE. */
function isJwtChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 0x2d || code === 0x5f || code === 0x2e;
}

/** Characters of a key name in `key=value` text: letters, digits, '_', '.', '-'. */
function isKeyChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 0x5f || code === 0x2e || code === 0x2d;
}

function isQuote(code: number): boolean {
  return code === 0x22 || code === 0x27 || code === 0x60;
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** A quote or a blank: what ends a measured value and can never be part of a secret. */
function isDelimiterAfterValue(code: number): boolean {
  return isQuote(code) || isSpaceOrTab(code) || code === 0x0a || code === 0x0d;
}

/** Where an unquoted value in `key=value` text ends. */
function endsBareValue(code: number): boolean {
  return (
    code <= 0x20 || // white space and control characters
    code === 0x26 || // &
    code === 0x2c || // ,
    code === 0x3b || // ;
    code === 0x22 ||
    code === 0x27 ||
    code === 0x60 ||
    code === 0x29 ||
    code === 0x5d ||
    code === 0x7d ||
    code === 0x3c ||
    code === 0x3e ||
    code === 0x5c // backslash: an escaped quote or newline follows in pre-escaped text
  );
}

/** Where a header-like value (Authorization, Cookie) ends: the end of the line. */
function endsLineValue(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x5c;
}

/** Characters that end a userinfo candidate after `scheme://`. */
function endsUserinfo(code: number): boolean {
  return (
    code <= 0x20 ||
    code === 0x2f || // /
    code === 0x3f || // ?
    code === 0x23 || // #
    isQuote(code) ||
    code === 0x3c ||
    code === 0x3e ||
    code === 0x5c
  );
}

/** base64 and base64url alphabet values, -1 elsewhere. */
const BASE64_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table[0x2d] = 62; // '-'
  table[0x5f] = 63; // '_'
  return table;
})();

function base64Value(code: number): number {
  return code < 128 ? (BASE64_VALUE[code] as number) : -1;
}

/** The last byte that the base64url text s[from, to) decodes to, or -1. O(1). */
function lastDecodedByte(s: string, from: number, to: number): number {
  const length = to - from;
  const a = base64Value(s.charCodeAt(to - 2));
  const b = base64Value(s.charCodeAt(to - 1));
  if (a < 0 || b < 0) return -1;
  switch (length % 4) {
    case 0:
      return ((a & 3) << 6) | b;
    case 2:
      return ((a << 2) | (b >> 4)) & 0xff;
    case 3:
      return ((a & 15) << 4) | (b >> 2);
    default:
      return -1;
  }
}

/** Whether s[from, to) is base64 whose decoded bytes contain ':' (user:password). */
function base64HasColon(s: string, from: number, to: number): boolean {
  let buffer = 0;
  let bits = 0;
  for (let i = from; i < to; i++) {
    const value = base64Value(s.charCodeAt(i));
    if (value < 0) return false; // '=' padding ends the data
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (((buffer >> bits) & 0xff) === 0x3a) return true;
    }
  }
  return false;
}

/** Parameters of Bearer (RFC 6750) and Basic (RFC 7617) challenges, as in `Bearer realm="api"`. */
const CHALLENGE_PARAMETERS: ReadonlySet<string> = new Set(['realm', 'scope', 'error', 'error_description', 'error_uri', 'charset']);

/** Whether s[from, to) is `name=` (possibly `name==`) for a challenge parameter name. */
function isChallengeParameter(s: string, from: number, to: number): boolean {
  let nameEnd = to;
  while (nameEnd > from && s.charCodeAt(nameEnd - 1) === 0x3d) nameEnd--;
  return nameEnd - from <= 17 && CHALLENGE_PARAMETERS.has(s.slice(from, nameEnd).toLowerCase());
}

/** Words that follow "Bearer" in prose or in error messages rather than a credential. */
const BEARER_STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'is',
  'was',
  'auth',
  'authentication',
  'authorization',
  'token',
  'tokens',
  'scheme',
  'header',
  'realm',
  'error',
  'required',
  'missing',
  'invalid',
  'expired',
  'none',
  'null',
  'undefined',
  'true',
  'false',
]);

/** HTTP authentication schemes (IANA registry and common vendor ones), kept before a redacted credential. */
const AUTH_SCHEMES: ReadonlySet<string> = new Set([
  'basic',
  'bearer',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'ntlm',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
  'aws4-hmac-sha256',
  'token',
  'apikey',
  'sharedkey',
  'splunk',
]);

const MIN_JWT_HEADER_LENGTH = 10; // base64url of '{"a":0}', the smallest JSON object with a member
const MAX_KEY_LOOKBEHIND = 64;
const MAX_AUTH_SCHEME_LENGTH = 32;

// ---------------------------------------------------------------------------------------------

/**
 * Finds and replaces secrets in text. One instance per redactor; the compiled RegExps are reused.
 * The scanner is global: `lastIndex` is reset when a scan starts and set again after each
 * finding, so the one-level nested scan of a kept part (see `scan`) cannot disturb the outer one.
 */
export class SecretScanner {
  private readonly scanner = new RegExp(SCANNER, 'g');
  private readonly cardCandidate = new RegExp(CARD_CANDIDATE);
  private readonly keys: SensitiveKeyMatcher;
  /** Reused scratch list of digit-group boundaries for the card scan: start, end, start, end... */
  private readonly groups: number[] = [];
  // Out-parameters of measureValue (avoids allocating a range object per finding).
  private valueFrom = -1;
  private valueTo = -1;

  constructor(keys: SensitiveKeyMatcher) {
    this.keys = keys;
  }

  /**
   * Replaces every recognised secret in `s` with REDACTED. `cutAtEnd` says the text was truncated
   * right after its last character, so a token that runs up to the end is only a prefix and is
   * removed even when it can no longer be validated. Returns `s` itself when nothing was found.
   */
  redact(s: string, cutAtEnd: boolean): string {
    // Cards first, on the raw text: later passes never create digits next to digits.
    const carded = this.cardCandidate.test(s) ? this.redactCards(s) : s;
    return this.scan(carded, cutAtEnd);
  }

  private scan(s: string, cutAtEnd: boolean): string {
    const re = this.scanner;
    const n = s.length;
    let out = '';
    let last = 0; // s[0, last) is already in `out`
    let jwtCheckedUntil = -1;
    re.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = re.exec(s)) !== null) {
      const at = match.index;
      const matchEnd = re.lastIndex;
      let from = -1; // range to redact, if any
      let to = -1;
      let resume = matchEnd;
      let keptFrom = -1; // start of a kept, not yet scanned part in front of the range, if any

      switch (s.charCodeAt(at)) {
        case 0x65: {
          // 'eyJ': a JWT (header.payload[.signature...]) or a cut-off prefix of one
          if (at < jwtCheckedUntil) break;
          let end = at + 3;
          while (end < n && isJwtChar(s.charCodeAt(end))) end++;
          jwtCheckedUntil = end;
          let trimmed = end;
          while (trimmed > at && s.charCodeAt(trimmed - 1) === 0x2e) trimmed--;
          if (cutAtEnd && end === n) {
            from = at; // a token cut by truncation: too short to validate, never kept
            to = n;
            break;
          }
          // Try each 'eyJ' of the run as the header start (text may be glued in front of it).
          let p = at;
          let segmentEnd = -1;
          while (p !== -1 && p < trimmed) {
            if (segmentEnd < p) {
              segmentEnd = p;
              while (segmentEnd < trimmed && s.charCodeAt(segmentEnd) !== 0x2e) segmentEnd++;
            }
            if (segmentEnd === trimmed) break; // no second segment follows
            if (segmentEnd - p >= MIN_JWT_HEADER_LENGTH && lastDecodedByte(s, p, segmentEnd) === 0x7d) {
              from = p; // the header decodes to {"...}
              to = trimmed;
              resume = trimmed;
              if (p > at) keptFrom = at; // what is glued in front is kept, but scanned
              break;
            }
            p = s.indexOf(JWT_ANCHOR, p + 1);
          }
          break;
        }
        case 0x2d: {
          // '-----BEGIN ': a private key block, up to its END line or the end of the text
          let headerEnd = matchEnd;
          while (headerEnd < n) {
            const code = s.charCodeAt(headerEnd);
            if ((code >= 0x41 && code <= 0x5a) || isDigit(code) || code === 0x20) headerEnd++;
            else break;
          }
          const label = s.slice(matchEnd, headerEnd); // not a private key: resume after the anchor
          if (label.endsWith('PRIVATE KEY') || label.endsWith('PRIVATE KEY BLOCK')) {
            let bodyStart = headerEnd;
            while (bodyStart < n && bodyStart < headerEnd + 5 && s.charCodeAt(bodyStart) === 0x2d) bodyStart++;
            // Keep the line breaks around the body, so the armour lines stay lines of their own.
            bodyStart += lineBreakAt(s, bodyStart);
            const endLine = s.indexOf('-----END', bodyStart);
            from = bodyStart;
            to = endLine === -1 ? n : endLine - lineBreakBefore(s, bodyStart, endLine);
            resume = to;
            keptFrom = matchEnd; // the label is kept, but scanned
          }
          break;
        }
        case 0x42:
        case 0x62: {
          // 'Bearer <token>' / 'Basic <base64>'
          const schemeEnd = at + ((s.charCodeAt(at + 1) | 0x20) === 0x65 ? 6 : 5);
          const bearer = schemeEnd - at === 6;
          let tokenStart = schemeEnd;
          while (tokenStart < n && isSpaceOrTab(s.charCodeAt(tokenStart))) tokenStart++;
          // 'Bearer realm="api"' (WWW-Authenticate) is a challenge parameter, not a credential.
          let keep = s.charCodeAt(matchEnd - 1) === 0x3d && isChallengeParameter(s, tokenStart, matchEnd);
          if (!keep && !(cutAtEnd && matchEnd === n)) {
            if (bearer) {
              keep = matchEnd - tokenStart <= 16 && BEARER_STOPWORDS.has(s.slice(tokenStart, matchEnd).toLowerCase());
            } else {
              keep = !base64HasColon(s, tokenStart, matchEnd); // 'Basic information' is prose
            }
          }
          from = keep ? -1 : tokenStart;
          to = matchEnd;
          resume = tokenStart;
          break;
        }
        case 0x3a:
        case 0x3d: {
          if (matchEnd - at === 3) {
            // '://': a password in the userinfo of a URL
            let i = matchEnd;
            let colon = -1;
            while (i < n) {
              const code = s.charCodeAt(i);
              if (code === 0x40 || endsUserinfo(code)) break;
              if (code === 0x3a && colon === -1) colon = i;
              i++;
            }
            if (i < n && s.charCodeAt(i) === 0x40 && colon !== -1 && colon + 1 < i) {
              from = colon + 1; // user:password@
              to = i;
              resume = from; // like a value: scanned again for what may run past its end
              keptFrom = matchEnd; // the user name may itself be a token ('ghp_...:x-oauth-basic@')
            }
            break; // without a password, resume right after '://' and scan the rest as any text
          }
          // ':' or '=': the separator of a key/value pair when the key before it is sensitive.
          // The key may lie inside the last redaction ('password= token: x' took 'token' as
          // the value); a value starting inside it cannot reach past it, so it is skipped.
          const keyEnd = this.keyEndBefore(s, at);
          let keyStart = keyEnd;
          const lowest = Math.max(0, keyEnd - MAX_KEY_LOOKBEHIND);
          while (keyStart > lowest && isKeyChar(s.charCodeAt(keyStart - 1))) keyStart--;
          if (keyStart === keyEnd) break;
          const valueStart = valueStartAfter(s, at);
          if (valueStart < last) break;
          const key = s.slice(keyStart, keyEnd);
          if (!this.keys.isSensitive(key)) break;
          this.measureValue(s, key, valueStart);
          from = this.valueFrom;
          to = this.valueTo;
          resume = valueStart; // scan the value itself too: it may hold the start of another secret
          break;
        }
        case 0x68:
          // 'hooks.slack.com/<kind>/<secret path>'
          from = s.indexOf('/', at + 16) + 1;
          to = matchEnd;
          break;
        default:
          // A complete fixed-shape token (AWS, GitHub, Slack, Stripe, Google).
          from = at;
          to = matchEnd;
          break;
      }

      // A value, token or password may contain the start of a secret that runs past its end
      // ('Cookie: -----BEGIN PRIVATE KEY-----' then the key on the next lines), so those are
      // scanned again from their start; what is found inside them is already redacted, so a
      // finding is clamped to start where the last redaction ended. Only a PEM block can reach
      // past such a range (JWTs, tokens and values all stop at the same delimiters), so this
      // adds at most one more pass over each redacted range.
      if (from !== -1 && from < last) {
        from = last;
        // What the last redaction stopped at (a value's closing quote, a blank) is a delimiter,
        // not part of the secret running past it: it stays, so that the result reads the same
        // when redacted again ('token: "<PEM key>"-----END' must not lose its closing quote).
        while (from < to && isDelimiterAfterValue(s.charCodeAt(from))) from++;
      }
      if (from !== -1 && to > from && !isPlaceholder(s, from, to)) {
        if (keptFrom > last) {
          // A kept part skipped by the resume point is scanned on its own. It is short and holds
          // no anchor that recurses again (no '://' in a user name, no dot-separated JWT in a
          // run that had none, only [A-Z0-9 ] in a PEM label), so this nests one level at most.
          out += s.slice(last, keptFrom) + this.scan(s.slice(keptFrom, from), false) + REDACTED;
        } else {
          out += s.slice(last, from) + REDACTED;
        }
        last = to;
      }
      re.lastIndex = resume > at ? resume : at + 1;
    }
    if (last === 0) return s;
    return last < n ? out + s.slice(last) : out;
  }

  /** Where the key before the separator at `separator` ends: skips `"`, `\"`, `]` and blanks. */
  private keyEndBefore(s: string, separator: number): number {
    let p = separator;
    let blanks = 0;
    while (p > 0 && blanks < 16 && isSpaceOrTab(s.charCodeAt(p - 1))) {
      p--;
      blanks++;
    }
    if (p > 0 && isQuote(s.charCodeAt(p - 1))) {
      p--;
      if (p > 0 && s.charCodeAt(p - 1) === 0x5c) p--; // \"key\": in pre-escaped JSON
    }
    if (p > 0 && s.charCodeAt(p - 1) === 0x5d) p--; // user[password]=
    return p;
  }

  /**
   * Measures the value of a sensitive key starting at `start`: a quoted string (closing quote not
   * included), a `\"`-quoted string in pre-escaped JSON, the rest of the line for Authorization
   * and Cookie headers (keeping the auth scheme), or else up to white space or a delimiter.
   * Sets valueFrom/valueTo, or -1 when there is nothing to redact.
   */
  private measureValue(s: string, key: string, start: number): void {
    const n = s.length;
    this.valueFrom = -1;
    this.valueTo = -1;
    if (start >= n) return;
    const lower = key.toLowerCase();
    const authorization = lower.endsWith('authorization');
    const lineValue = authorization || lower.endsWith('cookie');
    const first = s.charCodeAt(start);
    let from: number;
    let to: number;
    if (isQuote(first)) {
      from = start + 1;
      to = from;
      while (to < n) {
        const code = s.charCodeAt(to);
        if (code === first) break;
        to += code === 0x5c ? 2 : 1; // skip an escaped character
      }
      if (to > n) to = n;
    } else if (first === 0x5c && start + 1 < n && isQuote(s.charCodeAt(start + 1))) {
      from = start + 2;
      const close = s.indexOf(s.slice(start, start + 2), from);
      to = close === -1 ? n : close;
    } else {
      // What an earlier pass wrote is kept; anything glued after it is still measured.
      from = start;
      while (s.startsWith(REDACTED, from)) from += REDACTED.length;
      if (isTruncationMarkerTail(s, from)) return;
      to = from;
      if (lineValue) while (to < n && !endsLineValue(s.charCodeAt(to))) to++;
      else while (to < n && !endsBareValue(s.charCodeAt(to))) to++;
    }
    if (authorization) {
      // Keep a known scheme ('Bearer', 'Digest', ...): it says what kind of credential was there.
      let p = from;
      const limit = Math.min(to, from + MAX_AUTH_SCHEME_LENGTH);
      while (p < limit && isSchemeChar(s.charCodeAt(p))) p++;
      if (p < to && isSpaceOrTab(s.charCodeAt(p)) && AUTH_SCHEMES.has(s.slice(from, p).toLowerCase())) {
        while (p < to && isSpaceOrTab(s.charCodeAt(p))) p++;
        from = p;
      }
    }
    if (to > from) {
      this.valueFrom = from;
      this.valueTo = to;
    }
  }

  /**
   * Replaces payment card numbers: 13 to 19 digits, as one group or as groups separated by a
   * single space or dash, first digit 2–9 (no card range starts with 0 or 1, which keeps epoch
   * millisecond timestamps out), passing the Luhn check, and not glued to a letter (so digit runs
   * inside hex ids are left alone). Windows are aligned to group boundaries; every passing window
   * is redacted, so a card stays covered when other numbers are written next to it.
   */
  private redactCards(s: string): string {
    const n = s.length;
    const groups = this.groups;
    let out = '';
    let last = 0;
    let i = 0;
    while (i < n) {
      if (!isDigit(s.charCodeAt(i))) {
        i++;
        continue;
      }
      // One sequence: digit groups joined by single separators.
      groups.length = 0;
      let totalDigits = 0;
      let j = i;
      for (;;) {
        const groupStart = j;
        while (j < n && isDigit(s.charCodeAt(j))) j++;
        groups.push(groupStart, j);
        totalDigits += j - groupStart;
        if (j + 1 < n && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x2d) && isDigit(s.charCodeAt(j + 1))) {
          j++;
          continue;
        }
        break;
      }
      if (totalDigits >= CARD_MIN_DIGITS) {
        const gluedLeft = i > 0 && isAsciiLetter(s.charCodeAt(i - 1));
        const gluedRight = j < n && isAsciiLetter(s.charCodeAt(j));
        const count = groups.length / 2;
        let coverFrom = -1;
        let coverTo = -1;
        for (let a = 0; a < count; a++) {
          if (a === 0 && gluedLeft) continue;
          const windowStart = groups[2 * a] as number;
          if (s.charCodeAt(windowStart) < 0x32) continue; // first digit 0 or 1
          // Luhn, extended one digit at a time to the right: `plain` is the sum when the newest
          // digit is not doubled, `doubled` the sum when it is; each new digit swaps the roles.
          let plain = 0;
          let doubled = 0;
          let digits = 0;
          for (let b = a; b < count; b++) {
            const groupStart = groups[2 * b] as number;
            const groupEnd = groups[2 * b + 1] as number;
            digits += groupEnd - groupStart;
            if (digits > 19) break;
            for (let k = groupStart; k < groupEnd; k++) {
              const d = s.charCodeAt(k) - 0x30;
              const twice = d * 2;
              const nextPlain = doubled + d;
              doubled = plain + (twice > 9 ? twice - 9 : twice);
              plain = nextPlain;
            }
            if (digits >= CARD_MIN_DIGITS && plain % 10 === 0 && !(b === count - 1 && gluedRight)) {
              if (coverFrom !== -1 && windowStart > coverTo + 1) {
                out += s.slice(last, coverFrom) + REDACTED;
                last = coverTo;
                coverFrom = -1;
              }
              if (coverFrom === -1) coverFrom = windowStart;
              if (groupEnd > coverTo) coverTo = groupEnd;
            }
          }
        }
        if (coverFrom !== -1) {
          out += s.slice(last, coverFrom) + REDACTED;
          last = coverTo;
        }
      }
      i = j;
    }
    if (last === 0) return s;
    return last < n ? out + s.slice(last) : out;
  }
}

/** Length of the line break at `i`: CR LF, LF, CR, or their escaped forms `\r\n`, `\n`, `\r`; else 0. */
function lineBreakAt(s: string, i: number): number {
  const code = s.charCodeAt(i);
  if (code === 0x0d) return s.charCodeAt(i + 1) === 0x0a ? 2 : 1;
  if (code === 0x0a) return 1;
  if (code === 0x5c) {
    if (s.startsWith('\\r\\n', i)) return 4;
    if (s.startsWith('\\n', i) || s.startsWith('\\r', i)) return 2;
  }
  return 0;
}

/** Length of the line break that ends just before `end` (not before `from`), as lineBreakAt. */
function lineBreakBefore(s: string, from: number, end: number): number {
  if (end - 4 >= from && s.startsWith('\\r\\n', end - 4)) return 4;
  if (end - 2 >= from && (s.startsWith('\\n', end - 2) || s.startsWith('\\r', end - 2) || s.startsWith('\r\n', end - 2))) return 2;
  if (end - 1 >= from && (s.charCodeAt(end - 1) === 0x0a || s.charCodeAt(end - 1) === 0x0d)) return 1;
  return 0;
}

/** Where the value after the separator at `separator` starts (`=>` and `:=` included). */
function valueStartAfter(s: string, separator: number): number {
  const n = s.length;
  let p = separator + 1;
  if (p < n) {
    const next = s.charCodeAt(p);
    if ((s.charCodeAt(separator) === 0x3d && next === 0x3e) || (s.charCodeAt(separator) === 0x3a && next === 0x3d)) p++;
  }
  while (p < n && isSpaceOrTab(s.charCodeAt(p))) p++;
  return p;
}

function isSchemeChar(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 0x2d;
}

/**
 * Whether s[from, to) holds nothing but what sanitising wrote itself: one or more REDACTED, or
 * (at the very end of the text) a truncation marker after them. Keeps a second pass from
 * changing the text, and lets nothing else through: any other character makes it false.
 */
function isPlaceholder(s: string, from: number, to: number): boolean {
  let p = from;
  while (p < to && s.startsWith(REDACTED, p)) p += REDACTED.length;
  if (p === to) return p > from;
  return to === s.length && isTruncationMarkerTail(s, p);
}
