// application/x-www-form-urlencoded text split into names and values exactly as Node's
// URLSearchParams does it, without its cost on the inputs forms really send: Node decodes every
// component with an escape through decodeURIComponent and, when that throws (Latin-1 escapes such
// as %E9, a stray %), through a byte-wise fallback; the throw alone costs microseconds. Here the
// strict decode is validated first, so nothing throws, and the fallback is reproduced byte for byte.
import { hexValue, isHex } from './charClass.js';

/** UTF-8 with U+FFFD for invalid sequences, a leading BOM kept (as Buffer#toString does). */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
let bytes = new Uint8Array(256);

/**
 * The name/value pairs of `text` as `[name0, value0, name1, value1, ...]`, identical to
 * iterating `new URLSearchParams(text)` in Node (24: a component is percent-decoded when it
 * holds a complete %XX escape, `+` is a space).
 */
export function parseFormUrlencoded(text: string): string[] {
  const out = splitFormUrlencoded(text);
  for (let i = 0; i < out.length; i++) out[i] = decodeFormComponent(out[i] as string);
  return out;
}

/**
 * The pairs of `text` still encoded, `[rawName0, rawValue0, ...]`: what {@link parseFormUrlencoded}
 * gives once each component goes through {@link decodeFormComponent}. Lets a caller recognise a
 * component it has seen before without decoding it.
 */
export function splitFormUrlencoded(text: string): string[] {
  const out: string[] = [];
  const qs = wellFormed(text);
  const len = qs.length;
  let i = len > 0 && qs.charCodeAt(0) === 63 ? 1 : 0; // a leading '?' is dropped
  while (i < len) {
    let amp = qs.indexOf('&', i);
    if (amp < 0) amp = len;
    if (amp !== i) {
      const eq = qs.indexOf('=', i);
      if (eq < 0 || eq > amp) out.push(qs.slice(i, amp), '');
      else out.push(qs.slice(i, eq), qs.slice(eq + 1, amp));
    }
    i = amp + 1;
  }
  return out;
}

/** One component of {@link splitFormUrlencoded} decoded as URLSearchParams decodes it. */
export function decodeFormComponent(s: string): string {
  const plus = s.indexOf('+');
  const pct = s.indexOf('%');
  if (plus < 0 && pct < 0) return s;
  const replaced = plus < 0 ? s : s.replaceAll('+', ' ');
  if (pct < 0 || !hasEscape(replaced, pct)) return replaced;
  return strictDecodable(replaced) ? decodeURIComponent(replaced) : unescapeBytes(replaced);
}

/** A complete %XX escape at or after `from`. */
function hasEscape(s: string, from: number): boolean {
  const end = s.length - 2;
  for (let i = from; i < end; i++) {
    if (s.charCodeAt(i) === 37 && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) return true;
  }
  return false;
}

/** Any surrogate code unit (without the u flag a class matches single code units). */
const SURROGATE = /[\ud800-\udfff]/;

/** Lone surrogates become U+FFFD (the USVString conversion URLSearchParams applies first). */
function wellFormed(s: string): string {
  // One native search instead of a loop over every character of the body.
  const at = s.search(SURROGATE);
  return at < 0 ? s : toWellFormedFrom(s, at);
}

function toWellFormedFrom(s: string, from: number): string {
  let out = s.slice(0, from);
  let last = from;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    out += s.slice(last, i) + '\ufffd';
    last = i + 1;
  }
  return out + s.slice(last);
}

/** decodeURIComponent(s) does not throw: every % starts a %XX escape and the escapes form UTF-8. */
function strictDecodable(s: string): boolean {
  const n = s.length;
  let i = s.indexOf('%');
  while (i >= 0) {
    const b = escapedByte(s, i, n);
    if (b < 0) return false;
    i += 3;
    if (b >= 0x80) {
      let more: number;
      let min: number;
      if ((b & 0xe0) === 0xc0) { more = 1; min = 0x80; }
      else if ((b & 0xf0) === 0xe0) { more = 2; min = 0x800; }
      else if ((b & 0xf8) === 0xf0) { more = 3; min = 0x10000; }
      else return false;
      let cp = b & (0x3f >> more);
      for (let k = 0; k < more; k++) {
        if (i >= n || s.charCodeAt(i) !== 37) return false;
        const t = escapedByte(s, i, n);
        if (t < 0 || (t & 0xc0) !== 0x80) return false;
        cp = (cp << 6) | (t & 0x3f);
        i += 3;
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    }
    i = s.indexOf('%', i);
  }
  return true;
}

/** The byte of the %XX escape at `i`, or -1. */
function escapedByte(s: string, i: number, n: number): number {
  if (i + 2 >= n) return -1;
  const h = s.charCodeAt(i + 1);
  const l = s.charCodeAt(i + 2);
  if (!isHex(h) || !isHex(l)) return -1;
  return (hexValue(h) << 4) | hexValue(l);
}

/** querystring.unescapeBuffer(s).toString(): one byte per code unit (truncated), %XX decoded. */
function unescapeBytes(s: string): string {
  const n = s.length;
  if (bytes.length < n) bytes = new Uint8Array(Math.max(n, bytes.length * 2));
  const out = bytes;
  let o = 0;
  let i = 0;
  const maxLength = n - 2;
  while (i < n) {
    let c = s.charCodeAt(i);
    if (c === 37 && i < maxLength) {
      c = s.charCodeAt(++i);
      if (!isHex(c)) {
        out[o++] = 37;
        continue;
      }
      const low = s.charCodeAt(++i);
      if (!isHex(low)) {
        out[o++] = 37;
        i--;
      } else {
        c = (hexValue(c) << 4) | hexValue(low);
      }
    }
    out[o++] = c & 0xff;
    i++;
  }
  return UTF8.decode(out.subarray(0, o));
}
