// JNDI lookup injection (Log4Shell, CVE-2021-44228). Log4j resolves nested lookups before the
// outer one, so `${${lower:j}ndi:...}`, `${${::-j}${::-n}di:...}` and `${${env:X:-j}ndi...}` all
// become `${jndi:...}`. We evaluate lookups the same way, inside out, with bounded depth and size.
import type { Rule } from '../types.js';
import { JNDI_LOG4J_LOOKUP, JNDI_LOOKUP, JNDI_OBFUSCATED, JNDI_PROVIDER_URL, JNDI_TEMPLATE_LOOKUP } from '../rules.js';
import {
  M_AMP, M_BACKSLASH, M_BRACE, M_DOLLAR, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

const MAX_DEPTH = 16;
const MAX_BUFFER = 256;

const buffers: string[] = [];
const bufferStarts: number[] = [];

/** JNDI service providers a Log4Shell payload names after `jndi:`. */
const JNDI_PROVIDERS = ['ldap', 'ldaps', 'rmi', 'dns', 'iiop', 'iiopname', 'corba', 'corbaname', 'nis', 'nds', 'http', 'https'];

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Int8Array(128).fill(-1);
for (let k = 0; k < 64; k++) BASE64_VALUES[BASE64_DIGITS.charCodeAt(k)] = k;
BASE64_VALUES[45] = 62; // '-' and '_' (URL-safe alphabet)
BASE64_VALUES[95] = 63;

/** Base64 text to Latin-1, lower-cased; '' when it is not Base64. Input is at most MAX_BUFFER long. */
function decodeBase64(s: string, start: number, end: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 61) break; // '=' padding
    const d = c < 128 ? (BASE64_VALUES[c] as number) : -1;
    if (d < 0) return '';
    acc = ((acc << 6) | d) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out.toLowerCase();
}

/**
 * Original-case text of the value being evaluated, when positions in the lower-cased text map
 * onto it (Base64 is case-sensitive); '' otherwise.
 */
let originalText = '';

/** What a non-JNDI lookup expands to, as far as forming "jndi" is concerned. */
function resolveLookup(body: string, start: number, end: number): string {
  // ${anything:-default} -> default (covers ${::-j}, ${env:NaN:-j}, ${sys:x:-d})
  const dflt = body.indexOf(':-');
  if (dflt >= 0) return body.slice(dflt + 2);
  if (body.startsWith('lower:') || body.startsWith('upper:')) {
    // Java upper-cases the dotless ı to I: ${upper:ı} spells the i of jndi.
    const text = body.slice(6);
    return text.indexOf('\u0131') >= 0 ? text.replaceAll('\u0131', 'i') : text;
  }
  // Log4j's ${base64:...} and commons-text's ${base64Decoder:...} (Text4Shell): only decodable
  // when the lookup holds no nested lookup, so that its text is s[start+2..end) as written.
  const b64 = body.startsWith('base64:') ? 7 : body.startsWith('base64decoder:') ? 14 : 0;
  if (b64 > 0) {
    if (originalText.length > end && end - start - 2 === body.length) return decodeBase64(originalText, start + 2 + b64, end);
    return '';
  }
  if (body.startsWith('date:')) {
    // ${date:'j'} -> j
    let v = body.slice(5);
    if (v.startsWith("'")) v = v.slice(1);
    if (v.endsWith("'")) v = v.slice(0, -1);
    return v;
  }
  return '';
}

function isJndi(body: string): boolean {
  return body.startsWith('jndi:') || body.startsWith('jndi :');
}

/**
 * `jndi:` followed by a provider URL (`jndi:ldap://`, `jndi:rmi:`, `jndi:dns:`) anywhere in `s`;
 * the position of `jndi:`, or -1. Catches lookups whose `${` no evaluator rebuilds: `$}{jndi:`
 * assembled from a default value (`${::-$}{jndi:...}`), `&#x24;` followed by an entity we cannot
 * decode, a `$` lost to an escape.
 */
function providerUrlAt(s: string): number {
  for (let i = s.indexOf('jndi'); i >= 0; i = s.indexOf('jndi', i + 4)) {
    let k = i + 4;
    while (k < s.length && k - i < 8 && isSpace(s.charCodeAt(k))) k++;
    if (s.charCodeAt(k) !== 58) continue;
    k++;
    while (k < s.length && k - i < 12 && isSpace(s.charCodeAt(k))) k++;
    for (let pIndex = 0; pIndex < JNDI_PROVIDERS.length; pIndex++) {
      const p = JNDI_PROVIDERS[pIndex] as string;
      if (s.startsWith(p, k) && s.charCodeAt(k + p.length) === 58) return i;
    }
  }
  return -1;
}

/** Characters without which this detector has nothing to find. */
export const JNDI_TRIGGER = M_DOLLAR | M_BACKSLASH | M_AMP;

export function detectJndi(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & (M_DOLLAR | M_BRACE)) !== (M_DOLLAR | M_BRACE) && (mask & (M_BACKSLASH | M_AMP)) === 0) return null;
  let s = v.lower;
  if (s.indexOf('${') < 0) {
    // Entities (&#36;{) and JSON/JS escapes (\u0024\u007b) only count when they form a lookup;
    // most values with '&' or '\' hold neither, and are not decoded for this.
    if ((mask & (M_BACKSLASH | M_AMP)) !== 0 && mayEncodeLookup(s)) s = v.markupText();
    if (s.indexOf('${') < 0) return providerUrl(s);
  }
  originalText = s === v.lower && v.norm.length === s.length ? v.norm : '';
  let r = evaluate(s);
  originalText = '';
  if (r === null && s === v.lower && (mask & (M_BACKSLASH | M_AMP)) !== 0) {
    // `${&#106;ndi:` or `${\u006a${::-n}di:`: the lookup is plain, its name encoded.
    const m = v.markupText();
    if (m !== s) {
      s = m;
      r = evaluate(s);
    }
  }
  if (r === JNDI_LOOKUP || r === JNDI_OBFUSCATED) return r;
  return providerUrl(s) ?? r;
}

/** Whether `s` holds a character reference or escape that could spell `$`, `{` or `}`. */
function mayEncodeLookup(s: string): boolean {
  return s.indexOf('&#') >= 0 || s.indexOf('&dollar') >= 0 || s.indexOf('&lcub') >= 0 || s.indexOf('&lbrace') >= 0
    || s.indexOf('&amp;') >= 0 || s.indexOf('\\u') >= 0 || s.indexOf('\\x') >= 0;
}

/** The provider-URL fallback, for text that holds some trace of lookup syntax. */
function providerUrl(s: string): Rule | null {
  if (s.indexOf('{') < 0 && s.indexOf('}') < 0 && s.indexOf('$') < 0) return null;
  const at = providerUrlAt(s);
  if (at < 0) return null;
  setHit(s, Math.max(0, at - 16), Math.min(s.length, at + 80));
  return JNDI_PROVIDER_URL;
}

/**
 * Lookups only Log4j (or commons-text) resolves: probing for them is an attack even without
 * `jndi:` (`${ctx:loginId}` of CVE-2021-45046, `${java:version}`, `${::-x}`, `${base64:...}`).
 */
const LOG4J_PREFIXES = ['ctx:', 'java:', 'jvmrunargs:', 'main:', 'k8s:', 'docker:', 'spring:', 'log4j:', 'base64:',
  'base64decoder:', 'script:', 'bundle:', 'sd:', 'marker:', 'event:', 'web:', '::-'];
/** Lookups that templating and shell syntax share with Log4j (`${env:HOME}`, `${date:yyyy}`). */
const WEAK_PREFIXES = ['env:', 'sys:', 'date:', 'lower:', 'upper:', 'dns:', 'url:', 'file:', 'const:', 'urldecoder:',
  'properties:', 'xml:', 'localhost:'];

/** Set by {@link evaluate} when no lookup formed `jndi:`: what the lookups looked like instead. */
let sawLog4jLookup = -1;
let sawWeakLookup = -1;

function lookupKind(body: string, start: number, nested: boolean): void {
  if (sawLog4jLookup >= 0) return;
  // prefix:name:-default is Log4j's syntax; shells have no ':' in names (`${HOME:-/root}`).
  const dflt = body.indexOf(':-');
  const colon = body.indexOf(':');
  if (dflt > 0 && colon < dflt) {
    sawLog4jLookup = start;
    return;
  }
  for (let pIndex = 0; pIndex < LOG4J_PREFIXES.length; pIndex++) {
    const p = LOG4J_PREFIXES[pIndex] as string;
    if (body.startsWith(p)) {
      sawLog4jLookup = start;
      return;
    }
  }
  if (sawWeakLookup >= 0) return;
  if (nested) {
    sawWeakLookup = start;
    return;
  }
  for (let pIndex = 0; pIndex < WEAK_PREFIXES.length; pIndex++) {
    const p = WEAK_PREFIXES[pIndex] as string;
    if (body.startsWith(p)) {
      sawWeakLookup = start;
      return;
    }
  }
}

/**
 * Evaluates the lookups in `s` inside out, as Log4j does; a rule when one becomes `jndi:`
 * (jndi-001/002), else when a Log4j-only lookup was there (jndi-004) or a nested or
 * templating-style one (jndi-005, level 2).
 */
function evaluate(s: string): Rule | null {
  sawLog4jLookup = -1;
  sawWeakLookup = -1;
  const r = resolveAll(s);
  if (r !== null) return r;
  const at = sawLog4jLookup >= 0 ? sawLog4jLookup : sawWeakLookup;
  if (at < 0) return null;
  setHit(s, at, Math.min(s.length, at + 96));
  return sawLog4jLookup >= 0 ? JNDI_LOG4J_LOOKUP : JNDI_TEMPLATE_LOOKUP;
}

function resolveAll(s: string): Rule | null {
  const first = s.indexOf('${');
  const literal = s.indexOf('${jndi:');
  if (literal >= 0) {
    setHit(s, literal, Math.min(s.length, literal + 96));
    return JNDI_LOOKUP;
  }
  buffers.length = 0;
  bufferStarts.length = 0;
  const n = s.length;
  let i = first;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 36 && i + 1 < n && s.charCodeAt(i + 1) === 123) {
      if (buffers.length >= MAX_DEPTH) break;
      buffers.push('');
      bufferStarts.push(i);
      i += 2;
      continue;
    }
    if (c === 125 && buffers.length > 0) {
      const body = buffers.pop() as string;
      const start = bufferStarts.pop() as number;
      if (isJndi(body)) {
        setHit(s, start, Math.min(n, i + 1));
        return JNDI_OBFUSCATED;
      }
      lookupKind(body, start, buffers.length > 0);
      const value = resolveLookup(body, start, i);
      if (value.indexOf('${jndi:') >= 0) { // a whole lookup in Base64
        setHit(s, start, Math.min(n, i + 1));
        return JNDI_OBFUSCATED;
      }
      const top = buffers.length - 1;
      if (top >= 0 && (buffers[top] as string).length < MAX_BUFFER) buffers[top] = (buffers[top] as string) + value;
      i++;
      continue;
    }
    const top = buffers.length - 1;
    if (top >= 0 && (buffers[top] as string).length < MAX_BUFFER) buffers[top] = (buffers[top] as string) + s.charAt(i);
    i++;
  }
  // An unterminated lookup is still an attempt: "${jndi:ldap://x" cut by a length limit.
  for (let k = 0; k < buffers.length; k++) {
    if (isJndi(buffers[k] as string)) {
      setHit(s, bufferStarts[k] as number, Math.min(n, (bufferStarts[k] as number) + 96));
      return JNDI_OBFUSCATED;
    }
    lookupKind(buffers[k] as string, bufferStarts[k] as number, k > 0);
  }
  return null;
}
