// Decoding the way servers and browsers decode before a payload takes effect. Every step returns
// its input unchanged (same string, no allocation) when there is nothing to decode.
import { hexValue, isDigit, isHex } from './charClass.js';

/** Percent-decoding rounds applied to one value: enough for double and triple encoding. */
export const MAX_PERCENT_ROUNDS = 3;

const bytes = new Uint8Array(4096);

/**
 * One round of percent-decoding: `%XX` byte runs are read as UTF-8 (overlong forms such as
 * `%c0%af` decode to their ASCII character, as lenient servers did), `%uXXXX` as a UTF-16 unit.
 * Invalid bytes become the Latin-1 character of the same value; a `%` not followed by hex stays.
 */
export function percentDecodeOnce(s: string): string {
  let i = s.indexOf('%');
  if (i < 0) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  while (i >= 0 && i < n) {
    const c1 = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    if ((c1 === 117 || c1 === 85) && i + 5 < n && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))
      && isHex(s.charCodeAt(i + 4)) && isHex(s.charCodeAt(i + 5))) {
      // %uXXXX (IIS-style)
      const code = (hexValue(s.charCodeAt(i + 2)) << 12) | (hexValue(s.charCodeAt(i + 3)) << 8)
        | (hexValue(s.charCodeAt(i + 4)) << 4) | hexValue(s.charCodeAt(i + 5));
      out += s.slice(last, i) + String.fromCharCode(code);
      i += 6;
      last = i;
    } else if (i + 2 < n && isHex(c1) && isHex(s.charCodeAt(i + 2))) {
      // A run of %XX bytes, decoded together as UTF-8.
      let count = 0;
      let j = i;
      while (j + 2 < n && count < bytes.length && s.charCodeAt(j) === 37 && isHex(s.charCodeAt(j + 1)) && isHex(s.charCodeAt(j + 2))) {
        bytes[count++] = (hexValue(s.charCodeAt(j + 1)) << 4) | hexValue(s.charCodeAt(j + 2));
        j += 3;
      }
      out += s.slice(last, i) + utf8Lenient(count);
      i = j;
      last = j;
    } else {
      i++;
    }
    i = s.indexOf('%', i);
  }
  return last === 0 ? s : out + s.slice(last);
}

function utf8Lenient(count: number): string {
  let out = '';
  let i = 0;
  while (i < count) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    if (b0 >= 0xc0 && b0 < 0xe0) { need = 1; cp = b0 & 0x1f; }
    else if (b0 >= 0xe0 && b0 < 0xf0) { need = 2; cp = b0 & 0x0f; }
    else if (b0 >= 0xf0 && b0 < 0xf8) { need = 3; cp = b0 & 0x07; }
    let ok = need > 0 && i + need < count;
    if (ok) {
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k] as number;
        if ((b & 0xc0) !== 0x80) { ok = false; break; }
        cp = (cp << 6) | (b & 0x3f);
      }
    }
    if (ok && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
      // Overlong forms are accepted on purpose: %c0%ae is '.', as on old IIS and Tomcat.
      out += String.fromCodePoint(cp);
      i += need + 1;
    } else {
      out += String.fromCharCode(b0);
      i++;
    }
  }
  return out;
}

/** Result of the last {@link decodeUrl}: how many rounds changed the value. */
export let lastPercentRounds = 0;

/** Percent-decodes up to {@link MAX_PERCENT_ROUNDS} times, stopping when nothing changes. */
export function decodeUrl(s: string): string {
  let rounds = 0;
  while (rounds < MAX_PERCENT_ROUNDS) {
    const next = percentDecodeOnce(s);
    if (next === s) break;
    s = next;
    rounds++;
  }
  lastPercentRounds = rounds;
  return s;
}

// Named character references that matter for payloads (and the common ones in text).
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'],
  ['colon', ':'], ['lpar', '('], ['rpar', ')'], ['tab', '\t'], ['newline', '\n'], ['sol', '/'],
  ['bsol', '\\'], ['equals', '='], ['period', '.'], ['comma', ','], ['semi', ';'], ['excl', '!'],
  ['num', '#'], ['dollar', '$'], ['percnt', '%'], ['plus', '+'], ['lsqb', '['], ['rsqb', ']'],
  ['lbrack', '['], ['rbrack', ']'], ['lcub', '{'], ['rcub', '}'], ['lbrace', '{'], ['rbrace', '}'],
  ['grave', '`'], ['lowbar', '_'], ['hyphen', '-'], ['dash', '-'], ['ast', '*'], ['midast', '*'],
  ['quest', '?'], ['commat', '@'], ['verbar', '|'], ['vert', '|'], ['hat', '^'], ['quot', '"'],
  ['rsquo', '\u2019'], ['lsquo', '\u2018'], ['rdquo', '\u201d'], ['ldquo', '\u201c'],
  ['copy', '\u00a9'], ['reg', '\u00ae'], ['hellip', '\u2026'], ['mdash', '\u2014'], ['ndash', '\u2013'],
  ['euro', '\u20ac'], ['pound', '\u00a3'], ['yen', '\u00a5'], ['cent', '\u00a2'],
]);
// Legacy names that browsers decode even without the ';' and before other letters (&ltscript).
const LEGACY_PREFIXES = ['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg'];

/**
 * Decodes HTML character references as a browser does in attribute values and text: named,
 * decimal and hex, with or without the trailing ';', leading zeros allowed. Two rounds, so that
 * `&amp;lt;` also yields `<`.
 */
export function decodeHtmlEntities(s: string): string {
  const once = decodeHtmlEntitiesOnce(s);
  return once === s ? s : decodeHtmlEntitiesOnce(once);
}

function decodeHtmlEntitiesOnce(s: string): string {
  let i = s.indexOf('&');
  if (i < 0) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  while (i >= 0) {
    let j = i + 1;
    let decoded: string | undefined;
    if (j < n && s.charCodeAt(j) === 35) {
      // &#123 or &#x7b
      j++;
      let hex = false;
      if (j < n && (s.charCodeAt(j) | 0x20) === 120) { hex = true; j++; }
      // Leading zeros do not count towards the digit limit (`&#0000000060;` is `<`).
      while (j < n && s.charCodeAt(j) === 48 && j + 1 < n && (hex ? isHex(s.charCodeAt(j + 1)) : isDigit(s.charCodeAt(j + 1)))) j++;
      const digitsStart = j;
      let cp = 0;
      while (j < n && j - digitsStart < 10) {
        const c = s.charCodeAt(j);
        if (hex ? isHex(c) : c >= 48 && c <= 57) {
          cp = hex ? cp * 16 + hexValue(c) : cp * 10 + (c - 48);
          j++;
        } else break;
      }
      if (j > digitsStart) {
        decoded = cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
        if (j < n && s.charCodeAt(j) === 59) j++;
      }
    } else {
      let k = j;
      while (k < n && k - j < 12) {
        const c = s.charCodeAt(k) | 0x20;
        if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57 && k > j)) k++;
        else break;
      }
      if (k > j) {
        const name = s.slice(j, k).toLowerCase();
        const full = NAMED_ENTITIES.get(name);
        if (full !== undefined) {
          decoded = full;
          j = k;
          if (j < n && s.charCodeAt(j) === 59) j++;
        } else {
          for (let prefixIndex = 0; prefixIndex < LEGACY_PREFIXES.length; prefixIndex++) {
            const prefix = LEGACY_PREFIXES[prefixIndex] as string;
            if (name.startsWith(prefix)) {
              decoded = NAMED_ENTITIES.get(prefix);
              j += prefix.length;
              break;
            }
          }
        }
      }
    }
    if (decoded !== undefined) {
      out += s.slice(last, i) + decoded;
      last = j;
      i = s.indexOf('&', j);
    } else {
      i = s.indexOf('&', i + 1);
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Decodes JavaScript/JSON string escapes `\xHH`, `\uHHHH` and `\u{H...}`; other backslashes stay. */
export function decodeJsEscapes(s: string): string {
  let i = s.indexOf('\\');
  if (i < 0) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  while (i >= 0 && i + 1 < n) {
    const c = s.charCodeAt(i + 1);
    let cp = -1;
    let end = i;
    if (c === 120 && i + 3 < n && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3))) {
      cp = (hexValue(s.charCodeAt(i + 2)) << 4) | hexValue(s.charCodeAt(i + 3));
      end = i + 4;
    } else if (c === 117) {
      if (i + 5 < n && isHex(s.charCodeAt(i + 2)) && isHex(s.charCodeAt(i + 3)) && isHex(s.charCodeAt(i + 4)) && isHex(s.charCodeAt(i + 5))) {
        cp = (hexValue(s.charCodeAt(i + 2)) << 12) | (hexValue(s.charCodeAt(i + 3)) << 8)
          | (hexValue(s.charCodeAt(i + 4)) << 4) | hexValue(s.charCodeAt(i + 5));
        end = i + 6;
      } else if (i + 2 < n && s.charCodeAt(i + 2) === 123) {
        let k = i + 3;
        let v = 0;
        while (k < n && k - i < 11 && isHex(s.charCodeAt(k))) { v = v * 16 + hexValue(s.charCodeAt(k)); k++; }
        if (k < n && k > i + 3 && s.charCodeAt(k) === 125 && v <= 0x10ffff) {
          cp = v;
          end = k + 1;
        }
      }
    }
    if (cp >= 0) {
      out += s.slice(last, i) + (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp));
      last = end;
      i = s.indexOf('\\', end);
    } else {
      i = s.indexOf('\\', i + 2);
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Drops NUL and other invisible C0 controls (tab, CR and LF stay: they carry meaning). */
export function stripControls(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) {
      out += s.slice(last, i);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Unicode compatibility normalisation (NFKC folds fullwidth `＜ｓｃｒｉｐｔ＞` and circled digits to
 * ASCII), then the slash look-alikes NFKC leaves alone, and zero-width characters removed.
 */
export function foldUnicode(s: string): string {
  let t = s.normalize('NFKC');
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x2215 || c === 0x2044 || c === 0x29f8 || c === 0x2571 || c === 0x200b || c === 0x200c
      || c === 0x200d || c === 0xfeff || c === 0x2216 || c === 0x29f9 || c === 0x2572 || c === 0x00ad) {
      t = replaceLookalikes(t);
      break;
    }
  }
  return t;
}

function replaceLookalikes(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2215 || c === 0x2044 || c === 0x29f8 || c === 0x2571) out += '/';
    else if (c === 0x2216 || c === 0x29f9 || c === 0x2572) out += '\\';
    else if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff || c === 0x00ad) continue;
    else out += s[i];
  }
  return out;
}
