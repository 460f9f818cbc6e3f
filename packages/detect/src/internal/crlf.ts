// CRLF injection aimed at header splitting: a line break followed by a response header, or a
// blank line followed by a new response or markup. In paths, header values and cookies any line
// break after decoding is abnormal; in query values (textarea input) it takes a header to count.
import type { Rule } from '../types.js';
import { CRLF_HEADER_INJECTION, CRLF_LINE_BREAK, CRLF_RESPONSE_SPLITTING } from '../rules.js';
import {
  M_NEWLINE, M_NONASCII, isDigit, isLower, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_BODY, SOURCE_KEY, SOURCE_QUERY, type ScanValue } from './ScanValue.js';

const RESPONSE_HEADERS = new Set(['set-cookie', 'location', 'content-type', 'content-length', 'content-disposition',
  'content-security-policy', 'refresh', 'cache-control', 'expires', 'pragma', 'transfer-encoding', 'connection',
  'host', 'cookie', 'server', 'link', 'vary', 'etag', 'last-modified', 'strict-transport-security',
  'referrer-policy', 'www-authenticate', 'authorization', 'upgrade', 'keep-alive', 'status', 'content-encoding',
  'content-language', 'set-cookie2', 'p3p', 'age', 'allow', 'retry-after', 'via', 'warning', 'forwarded']);

/** Headers whose injection does harm; the only ones looked for in body fields. */
const HARMFUL_HEADERS = new Set(['set-cookie', 'set-cookie2', 'location', 'content-type', 'content-length',
  'content-disposition', 'content-security-policy', 'transfer-encoding', 'refresh', 'x-xss-protection',
  'access-control-allow-origin', 'access-control-allow-credentials']);

/** Body fields get multi-line prose; one or two breaks with a harmful header is the attack shape. */
const MAX_BODY_BREAKS = 2;

/**
 * Line breaks: CR, LF, and U+560A/U+560D, whose low bytes are LF/CR and which old Node versions
 * truncated into real line breaks when writing headers (the 嘊嘍 payload).
 */
function isBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x560a || c === 0x560d;
}

/** Characters without which this detector has nothing to find. */
export const CRLF_TRIGGER = M_NEWLINE | M_NONASCII;

export function detectCrlf(v: ScanValue): Rule | null {
  if ((v.mask & (M_NEWLINE | M_NONASCII)) === 0) return null;
  const s = v.lower;
  const n = s.length;
  const body = v.source === SOURCE_BODY;
  const lenient = body || v.source === SOURCE_QUERY || v.source === SOURCE_KEY;
  if (body) {
    let lines = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) lines++;
    }
    if (lines > MAX_BODY_BREAKS) return null;
  }
  let firstBreak = -1;
  for (let i = 0; i < n; i++) {
    if (!isBreak(s.charCodeAt(i))) continue;
    if (firstBreak < 0) firstBreak = i;
    let j = i;
    let breaks = 0;
    let lfs = 0;
    while (j < n && isBreak(s.charCodeAt(j))) {
      const c = s.charCodeAt(j);
      if (c === 10 || c === 0x560a) lfs++;
      breaks++;
      j++;
    }
    let k = j;
    while (k < n && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++;
    // Header name, then ':'.
    let e = k;
    while (e < n && e - k < 40 && (isLower(s.charCodeAt(e)) || isDigit(s.charCodeAt(e)) || s.charCodeAt(e) === 45)) e++;
    let colon = e;
    while (colon < n && isSpace(s.charCodeAt(colon)) && colon - e < 4) colon++;
    if (e > k && colon < n && s.charCodeAt(colon) === 58) {
      const name = s.slice(k, e);
      if (body ? HARMFUL_HEADERS.has(name)
        : RESPONSE_HEADERS.has(name) || name.startsWith('x-') || name.startsWith('access-control-') || name.startsWith('content-')) {
        setHit(s, i, Math.min(n, colon + 48));
        return CRLF_HEADER_INJECTION;
      }
    }
    if (!body && (lfs >= 2 || breaks >= 3)) {
      // A blank line: the rest becomes a body (or a second response).
      const rest = s.charCodeAt(k);
      if (!lenient || rest === 60 || s.startsWith('http/1.', k)) {
        setHit(s, i, Math.min(n, k + 48));
        return CRLF_RESPONSE_SPLITTING;
      }
    }
    i = j - 1;
  }
  if (!lenient && firstBreak >= 0) {
    setHit(s, Math.max(0, firstBreak - 16), Math.min(n, firstBreak + 48));
    return CRLF_LINE_BREAK;
  }
  return null;
}
