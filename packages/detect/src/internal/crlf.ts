// CRLF injection aimed at header splitting and request smuggling: a line break followed by a
// header, a request line (`POST / HTTP/1.1`) or a status line, or a blank line followed by a new
// response or markup. In paths, header values and parameter names any line break after decoding
// is abnormal; in values that may come from a textarea (query, body, cookie) the line after the
// break must read as a header, a request line or a status line.
import type { Rule } from '../types.js';
import { CRLF_HEADER_INJECTION, CRLF_LINE_BREAK, CRLF_REQUEST_LINE, CRLF_RESPONSE_SPLITTING, CRLF_WEAK_LINE } from '../rules.js';
import {
  M_NEWLINE, M_NONASCII, M_SLASH, M_SPACE, isDigit, isLower, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_BODY, SOURCE_COOKIE, SOURCE_PATH, SOURCE_QUERY, type ScanValue } from './ScanValue.js';

/** Header names, response and request, that make a line after a break a header line. */
const HEADERS = new Set(['set-cookie', 'location', 'content-type', 'content-length', 'content-disposition',
  'content-security-policy', 'refresh', 'cache-control', 'expires', 'pragma', 'transfer-encoding', 'connection',
  'host', 'cookie', 'server', 'link', 'vary', 'etag', 'last-modified', 'strict-transport-security',
  'referrer-policy', 'www-authenticate', 'authorization', 'upgrade', 'keep-alive', 'status', 'content-encoding',
  'content-language', 'set-cookie2', 'p3p', 'age', 'allow', 'retry-after', 'via', 'warning', 'forwarded',
  'user-agent', 'referer', 'origin', 'accept', 'accept-encoding', 'accept-language', 'proxy-authorization',
  'proxy-connection', 'remote-addr', 'remote-ip', 'remote-host', 'client-ip', 'true-client-ip', 'originating-ip',
  'forwarded-for', 'forwarded-host', 'if-none-match', 'if-modified-since', 'mime-version', 'trailer', 'expect',
  'content-transfer-encoding', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy']);

/**
 * Headers that are also English words; where textarea text may arrive ("Location: Berlin"),
 * they count only with a value of their grammar (see {@link plausibleValue}).
 */
const WORD_HEADERS = new Set(['location', 'host', 'cookie', 'refresh', 'link', 'origin', 'referer', 'via', 'forwarded']);

/** Headers whose injection does harm; with them a body field needs no more evidence. */
const HARMFUL_HEADERS = new Set(['set-cookie', 'set-cookie2', 'location', 'content-type', 'content-length',
  'content-disposition', 'content-security-policy', 'transfer-encoding', 'refresh', 'x-xss-protection',
  'access-control-allow-origin', 'access-control-allow-credentials', 'x-frame-options']);

/** English words that look like X- headers. */
const X_WORDS = new Set(['x-ray', 'x-rays', 'x-mas', 'x-men', 'x-box', 'x-axis', 'x-factor', 'x-files', 'x-wing', 'x-rated',
  'x-large', 'x-small', 'x-games']);

/** Request methods that start a smuggled request line. */
const METHODS = ['get', 'post', 'head', 'put', 'delete', 'options', 'patch', 'connect', 'trace', 'propfind'];

/** Body fields get multi-line prose; one or two breaks with a harmful header is the attack shape. */
const MAX_BODY_BREAKS = 2;

/**
 * Line breaks: CR, LF, and U+560A/U+560D, whose low bytes are LF/CR and which old Node versions
 * truncated into real line breaks when writing headers (the 嘊嘍 payload).
 */
function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x560a || c === 0x560d;
}

function isTokenChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 45 || c === 95;
}

/** `HTTP/1.1 200`, `http/2 302`: a status line at s[k..]. */
function statusLineAt(s: string, k: number): boolean {
  if (!s.startsWith('http/', k)) return false;
  let j = k + 5;
  while (j < s.length && j - k < 9 && (isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 46)) j++;
  if (j === k + 5 || s.charCodeAt(j) !== 32) return false;
  return isDigit(s.charCodeAt(j + 1)) && isDigit(s.charCodeAt(j + 2)) && isDigit(s.charCodeAt(j + 3));
}

/** `GET /x HTTP/1.1`, `HEAD http://a/ HTTP/1.0`: a request line at s[k..], target without spaces. */
function requestLineAt(s: string, k: number): boolean {
  for (let mIndex = 0; mIndex < METHODS.length; mIndex++) {
    const m = METHODS[mIndex] as string;
    if (!s.startsWith(m, k) || s.charCodeAt(k + m.length) !== 32) continue;
    let j = k + m.length + 1;
    const target = j;
    while (j < s.length && j - target < 2048 && !isSpace(s.charCodeAt(j))) j++;
    return j > target && s.charCodeAt(j) === 32 && s.startsWith('http/', j + 1) && isDigit(s.charCodeAt(j + 6));
  }
  return false;
}

/** The value after `name:` (at `v`) has that header's grammar, not prose. */
function plausibleValue(s: string, name: string, v: number): boolean {
  while (v < s.length && (s.charCodeAt(v) === 32 || s.charCodeAt(v) === 9)) v++;
  let end = v;
  while (end < s.length && !isSpace(s.charCodeAt(end))) end++;
  if (end === v) return false;
  const c = s.charCodeAt(v);
  switch (name) {
    case 'location': case 'origin': case 'referer':
      return c === 47 || c === 92 || s.startsWith('http', v) || s.startsWith('javascript:', v) || s.startsWith('data:', v);
    case 'host': {
      const token = s.slice(v, end);
      return (token.indexOf('.') > 0 || token.indexOf(':') > 0) && (end === s.length || isBreak(s.charCodeAt(end)));
    }
    case 'cookie': return s.indexOf('=', v) > v && s.indexOf('=', v) < end;
    case 'refresh': return isDigit(c);
    case 'link': return c === 60;
    default: return false;
  }
}

/** The rest of the line after `v` is one token: `Host: evil` rather than `Host: John Smith`. */
function singleToken(s: string, v: number): boolean {
  while (v < s.length && (s.charCodeAt(v) === 32 || s.charCodeAt(v) === 9)) v++;
  let end = v;
  while (end < s.length && !isSpace(s.charCodeAt(end))) end++;
  return end > v && (end === s.length || isBreak(s.charCodeAt(end)));
}

/** Characters that may stand between a line break and the injected header (`\r\n\tSet-Cookie`, `\n>Location`). */
function isFiller(c: number): boolean {
  return !(isLower(c) || isDigit(c) || isBreak(c) || c >= 128);
}

/**
 * Whether the header `name` (in `s` at `k..e`, its value after `colon`) counts in a value that
 * may hold textarea text: a known header or an X- header, English words only with a header value.
 */
function headerCounts(s: string, name: string, colon: number, tokenFirst: boolean): boolean {
  // "Location: Berlin" is an address line; other words rarely start a line with a one-token value.
  if (WORD_HEADERS.has(name)) {
    return plausibleValue(s, name, colon + 1) || (tokenFirst && name !== 'location' && singleToken(s, colon + 1));
  }
  if (HEADERS.has(name)) return name.indexOf('-') > 0 || HARMFUL_HEADERS.has(name);
  // X-Forwarded-For, X-Foo; not "X-ray:" or "X-mas:"
  if (name.startsWith('x-')) return name.length > 2 && !X_WORDS.has(name);
  return name.startsWith('access-control-') || name.startsWith('content-');
}

/** A request line at the start of `s` (after blanks): smuggling without a line break. */
function requestLineValue(s: string): Rule | null {
  let k = 0;
  while (k < s.length && k < 16 && isSpace(s.charCodeAt(k))) k++;
  if (!requestLineAt(s, k)) return null;
  setHit(s, k, Math.min(s.length, k + 64));
  return CRLF_REQUEST_LINE;
}

/** Characters without which this detector has nothing to find ('/' for a request line's HTTP/1.1). */
export const CRLF_TRIGGER = M_NEWLINE | M_NONASCII | M_SLASH;

export function detectCrlf(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & (M_NEWLINE | M_NONASCII)) === 0) {
    // A parameter that is a request line (`GET /admin HTTP/1.1`) is smuggling without a break.
    if ((mask & M_SLASH) !== 0 && (mask & M_SPACE) !== 0 && v.source !== SOURCE_PATH) return requestLineValue(v.lower);
    return null;
  }
  const s = v.lower;
  const n = s.length;
  const source = v.source;
  const body = source === SOURCE_BODY;
  // Query values, body fields and cookies may carry textarea text (cookies: decoded values the
  // application stored); paths, headers and parameter names never do.
  const lenient = body || source === SOURCE_QUERY || source === SOURCE_COOKIE;
  let lines = 0;
  if (body) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) lines++;
    }
  }
  // Multi-line body text is prose or code (a post about HTTP may quote headers); there only a
  // first line that is a single token, then the injected lines, counts.
  const prose = body && lines > MAX_BODY_BREAKS;
  // Breaks encoded beyond what the server decodes (%250d%250a) are no textarea's.
  const encoded = v.percentRounds > 0;
  let firstBreak = -1;
  // The text before the first break is a single token (`foo\r\nHost: x`), not a sentence.
  let tokenFirst = false;
  for (let i = 0; i < n; i++) {
    if (!isBreak(s.charCodeAt(i))) continue;
    if (firstBreak < 0) {
      firstBreak = i;
      tokenFirst = true;
      for (let k = 0; k < i; k++) {
        if (isSpace(s.charCodeAt(k))) { tokenFirst = false; break; }
      }
      if (prose && (!tokenFirst || i > 256)) return null;
    } else if (prose) {
      break;
    }
    let j = i;
    let breaks = 0;
    let lfs = 0;
    while (j < n && isBreak(s.charCodeAt(j))) {
      const c = s.charCodeAt(j);
      if (c === 10 || c === 0x560a) lfs++;
      breaks++;
      j++;
    }
    let blank = j;
    while (blank < n && (s.charCodeAt(blank) === 32 || s.charCodeAt(blank) === 9)) blank++;
    let k = blank;
    while (k < n && k - j < 8 && isFiller(s.charCodeAt(k))) k++;
    if (requestLineAt(s, k) || statusLineAt(s, k)) {
      setHit(s, i, Math.min(n, k + 48));
      return CRLF_REQUEST_LINE;
    }
    // Header name, then ':'.
    let e = k;
    while (e < n && e - k < 40 && isTokenChar(s.charCodeAt(e))) e++;
    let colon = e;
    while (colon < n && isSpace(s.charCodeAt(colon)) && colon - e < 4) colon++;
    if (e > k && colon < n && s.charCodeAt(colon) === 58) {
      const name = s.slice(k, e);
      let counts: boolean;
      if (body) counts = HARMFUL_HEADERS.has(name) || (encoded && headerCounts(s, name, colon, false));
      else if (lenient) counts = encoded || headerCounts(s, name, colon, tokenFirst);
      else counts = true;
      if (counts) {
        setHit(s, i, Math.min(n, colon + 48));
        return CRLF_HEADER_INJECTION;
      }
    }
    if (!body && (lfs >= 2 || breaks >= 3)) {
      // A blank line: the rest becomes a body (or a second response).
      const rest = s.charCodeAt(blank);
      if (!lenient || rest === 60 || s.startsWith('http/', blank)) {
        setHit(s, i, Math.min(n, blank + 48));
        return CRLF_RESPONSE_SPLITTING;
      }
    }
    i = j - 1;
  }
  if (!lenient && firstBreak >= 0) {
    setHit(s, Math.max(0, firstBreak - 16), Math.min(n, firstBreak + 48));
    return CRLF_LINE_BREAK;
  }
  // Level 2: a query value or cookie whose next line is `name=` or `name:` (a smuggled
  // parameter or an unknown header); textarea text rarely starts a line that way.
  if (firstBreak >= 0 && !body && weakLineAt(s, firstBreak)) {
    setHit(s, Math.max(0, firstBreak - 16), Math.min(n, firstBreak + 48));
    return CRLF_WEAK_LINE;
  }
  return null;
}

function weakLineAt(s: string, i: number): boolean {
  let k = i;
  while (k < s.length && isBreak(s.charCodeAt(k))) k++;
  const start = k;
  while (k < s.length && k - start < 40 && isTokenChar(s.charCodeAt(k))) k++;
  return k > start && k < s.length && (s.charCodeAt(k) === 61 || s.charCodeAt(k) === 58);
}
