// Base64 and Base64URL values: attackers wrap payloads in them to get past filters, and apps decode
// them (JSON in cookies, state parameters). A value that is entirely Base64 is decoded once and, if
// it turns out to be text, scanned as well.
import { isUtf8 } from 'node:buffer';
import { M_DASHDASH, M_EQ, M_SLASH, M_UNDERSCORE2 } from './charClass.js';

/** Mask bits a Base64 value may have (letters, digits and `+` set none). */
export const BASE64_MASK = M_SLASH | M_EQ | M_DASHDASH | M_UNDERSCORE2;

/** Decoded text longer than this is not scanned (the value was capped before anyway). */
const MAX_ENCODED = 16384;

/**
 * True for a value made only of the Base64 or Base64URL alphabet, with padding only at the end, of
 * a length a Base64 string can have, and with the mix of cases and digits that encoded bytes have
 * (plain words and hex ids do not qualify).
 */
export function looksLikeBase64(s: string): boolean {
  const n = s.length;
  if (n < 16 || n > MAX_ENCODED) return false;
  let end = n;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  if (n - end > 2 || end % 4 === 1) return false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let std = false;
  let url = false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digits++;
    else if (c === 43 || c === 47) std = true;
    else if (c === 45 || c === 95) url = true;
    else return false;
  }
  if (std && url) return false;
  // Encoded text has both cases; an all-lower or all-upper run of letters is a word or an id.
  return upper > 0 && lower > 0 && upper + digits >= end / 16;
}

/** The decoded value when it is printable text (UTF-8), otherwise null. */
export function decodeBase64Text(s: string): string | null {
  let t = s;
  if (t.indexOf('-') >= 0 || t.indexOf('_') >= 0) t = t.replaceAll('-', '+').replaceAll('_', '/');
  let end = t.length;
  while (end > 0 && t.charCodeAt(end - 1) === 61) end--;
  if (end !== t.length) t = t.slice(0, end);
  const rest = t.length % 4;
  if (rest === 2) t += '==';
  else if (rest === 3) t += '=';
  let binary: string;
  try {
    binary = atob(t);
  } catch {
    return null;
  }
  let high = false;
  for (let i = 0; i < binary.length; i++) {
    const c = binary.charCodeAt(i);
    if (c >= 128) high = true;
    else if (c < 32 && c !== 9 && c !== 10 && c !== 13) return null;
    else if (c === 127) return null;
  }
  if (!high) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Checked before decoding: a fatal TextDecoder would throw on binary, and a throw costs about
  // 10 µs (random tokens of 16 to 24 bytes decode to such binary one time in 7 to 20).
  return isUtf8(bytes) ? utf8.decode(bytes) : null;
}

const utf8 = new TextDecoder('utf-8');
