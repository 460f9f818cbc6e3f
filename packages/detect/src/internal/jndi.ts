// JNDI lookup injection (Log4Shell, CVE-2021-44228). Log4j resolves nested lookups before the
// outer one, so `${${lower:j}ndi:...}`, `${${::-j}${::-n}di:...}` and `${${env:X:-j}ndi...}` all
// become `${jndi:...}`. We evaluate lookups the same way, inside out, with bounded depth and size.
import type { Rule } from '../types.js';
import { JNDI_LOOKUP, JNDI_OBFUSCATED } from '../rules.js';
import {
  M_BACKSLASH, M_BRACE, M_DOLLAR,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

const MAX_DEPTH = 16;
const MAX_BUFFER = 256;

const buffers: string[] = [];
const bufferStarts: number[] = [];

/** What a non-JNDI lookup expands to, as far as forming "jndi" is concerned. */
function resolveLookup(body: string): string {
  // ${anything:-default} -> default (covers ${::-j}, ${env:NaN:-j}, ${sys:x:-d})
  const dflt = body.indexOf(':-');
  if (dflt >= 0) return body.slice(dflt + 2);
  if (body.startsWith('lower:') || body.startsWith('upper:')) return body.slice(6);
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

/** Characters without which this detector has nothing to find. */
export const JNDI_TRIGGER = M_DOLLAR | M_BACKSLASH;

export function detectJndi(v: ScanValue): Rule | null {
  if ((v.mask & (M_DOLLAR | M_BRACE)) !== (M_DOLLAR | M_BRACE) && (v.mask & M_BACKSLASH) === 0) return null;
  let s = v.lower;
  if (s.indexOf('${') < 0) {
    // JSON/JS escapes (\u0024\u007b) only count when they form a lookup.
    s = v.markupText();
    if (s.indexOf('${') < 0) return null;
  }
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
      const value = resolveLookup(body);
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
  }
  return null;
}
