// One pass over a value computes which "interesting" characters it contains, so that detectors
// whose trigger characters are absent never run. Clean values cost one charCode scan. Bits stay
// below 1 << 30 so masks are small integers (Smis) for V8.

export const M_SQUOTE = 1 << 0; // '
export const M_DQUOTE = 1 << 1; // "
export const M_BACKTICK = 1 << 2; // `
export const M_LT = 1 << 3; // <
export const M_QMARK = 1 << 4; // ?
export const M_PAREN = 1 << 5; // ( )
export const M_SEMI = 1 << 6; // ;
export const M_PIPE = 1 << 7; // |
export const M_AMP = 1 << 8; // &
export const M_DOLLAR = 1 << 9; // $
export const M_BRACE = 1 << 10; // { }
export const M_SLASH = 1 << 11; // /
export const M_BACKSLASH = 1 << 12; // \
export const M_DOTDOT = 1 << 13; // ..
export const M_COLON = 1 << 14; // :
export const M_EQ = 1 << 15; // =
export const M_HASH = 1 << 16; // #
export const M_DASHDASH = 1 << 17; // --
export const M_STAR = 1 << 18; // *
export const M_AT = 1 << 19; // @
export const M_COMMA = 1 << 20; // ,
export const M_SPACE = 1 << 21; // space, tab, vertical tab, form feed
export const M_NEWLINE = 1 << 22; // \r \n
export const M_UNDERSCORE2 = 1 << 23; // __
export const M_GT_BANG = 1 << 24; // > and ! (only SQL cares, as operators)
export const M_BRACKET = 1 << 25; // [ ]
export const M_PERCENT = 1 << 26; // %
export const M_NONASCII = 1 << 27; // any code unit >= 0x80
export const M_CONTROL = 1 << 28; // NUL and other C0 controls except tab/CR/LF
export const M_DOT = 1 << 29; // .

/** Characters that make a value need decoding before it can be judged. */
export const M_NEEDS_DECODING = M_PERCENT | M_NONASCII | M_CONTROL;

const TABLE = new Uint32Array(128);
(function fillTable(): void {
  const set = (chars: string, bit: number): void => {
    for (let i = 0; i < chars.length; i++) TABLE[chars.charCodeAt(i)] = (TABLE[chars.charCodeAt(i)] ?? 0) | bit;
  };
  for (let c = 0; c < 32; c++) TABLE[c] = M_CONTROL;
  TABLE[9] = M_SPACE;
  TABLE[11] = M_SPACE;
  TABLE[12] = M_SPACE;
  TABLE[10] = M_NEWLINE;
  TABLE[13] = M_NEWLINE;
  TABLE[127] = M_CONTROL;
  set("'", M_SQUOTE);
  set('"', M_DQUOTE);
  set('`', M_BACKTICK);
  set('<', M_LT);
  set('>', M_GT_BANG);
  set('()', M_PAREN);
  set(';', M_SEMI);
  set('|', M_PIPE);
  set('&', M_AMP);
  set('$', M_DOLLAR);
  set('{}', M_BRACE);
  set('/', M_SLASH);
  set('\\', M_BACKSLASH);
  set(':', M_COLON);
  set('=', M_EQ);
  set('#', M_HASH);
  set('*', M_STAR);
  set('@', M_AT);
  set(',', M_COMMA);
  set(' ', M_SPACE);
  set('!', M_GT_BANG);
  set('[]', M_BRACKET);
  set('%', M_PERCENT);
  set('.', M_DOT);
  set('?', M_QMARK);
})();

/** Bit set of the character classes present in `s[0..end)`. */
export function charMask(s: string, end: number): number {
  return charMaskRange(s, 0, end);
}

/** Bit set of the character classes present in `s[from..to)`. */
export function charMaskRange(s: string, from: number, to: number): number {
  let mask = 0;
  let prev = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      mask |= TABLE[c] as number;
      // Pairs matter for a few classes: '..', '--', '__'.
      if (c === prev) {
        if (c === 46) mask |= M_DOTDOT;
        else if (c === 45) mask |= M_DASHDASH;
        else if (c === 95) mask |= M_UNDERSCORE2;
      }
    } else {
      mask |= M_NONASCII;
    }
    prev = c;
  }
  return mask;
}

/** ASCII whitespace as SQL, shells and browsers treat it between tokens. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}

/** a-z (input is lower-cased before matching). */
export function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function hexValue(c: number): number {
  if (c <= 57) return c - 48;
  if (c <= 70) return c - 55;
  return c - 87;
}

/**
 * Index of the first `code` in s[from..to), or -1: `s.indexOf` for a search that must not read past
 * a body or window (repeated per position, an unbounded search would make a scan quadratic).
 */
export function indexWithin(s: string, code: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === code) return i;
  return -1;
}
