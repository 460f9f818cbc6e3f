/**
 * Escaping of characters that let a value forge log lines or hide text: C0 and C1 controls, DEL,
 * the Unicode line and paragraph separators, bidirectional controls (Trojan Source,
 * CVE-2021-42574) and unpaired surrogates (which OTLP/protobuf encoders turn into U+FFFD).
 * Backslashes are left alone so that escaping is idempotent and Windows paths stay readable.
 */

function hex4(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** Escape text for U+0000–U+009F, or '' when the character needs no escaping. */
const LOW_ESCAPES: readonly string[] = (() => {
  const table: string[] = [];
  for (let code = 0; code <= 0x9f; code++) {
    if (code < 0x20 || code >= 0x7f) table.push(hex4(code));
    else table.push('');
  }
  table[0x08] = '\\b';
  table[0x09] = '\\t';
  table[0x0a] = '\\n';
  table[0x0c] = '\\f';
  table[0x0d] = '\\r';
  return table;
})();

/**
 * Escape text for the character at `index`, or '' when it is safe. Only called for code units
 * below 0x20 or at or above 0x7f; the caller has already excluded printable ASCII.
 */
export function escapeFor(value: string, index: number, code: number): string {
  if (code <= 0x9f) return LOW_ESCAPES[code] as string;
  if (
    (code >= 0x2028 && code <= 0x202e) || // line/paragraph separators, LRE RLE PDF LRO RLO
    (code >= 0x2066 && code <= 0x2069) || // LRI RLI FSI PDI
    code === 0x200e || // LRM
    code === 0x200f || // RLM
    code === 0x061c // ALM
  ) {
    return hex4(code);
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    if (code <= 0xdbff) {
      const next = value.charCodeAt(index + 1); // NaN past the end
      if (next >= 0xdc00 && next <= 0xdfff) return '';
      return hex4(code);
    }
    const previous = index > 0 ? value.charCodeAt(index - 1) : 0;
    if (previous >= 0xd800 && previous <= 0xdbff) return '';
    return hex4(code);
  }
  return '';
}

/**
 * Characters that may need escaping: C0, DEL and C1 controls, ALM, LRM, RLM, U+2028–U+202E,
 * U+2066–U+2069, and surrogates (only unpaired ones are escaped). A RegExp source, because
 * Irregexp scans a character class faster than a JavaScript loop does.
 */
export const CONTROL_CHARACTER = '[\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ud800-\\udfff]';

const CONTROL_CHARACTER_PATTERN = new RegExp(CONTROL_CHARACTER, 'g');

/** Index of the first character that needs escaping, or -1. */
export function firstUnsafeCharacter(value: string): number {
  const re = CONTROL_CHARACTER_PATTERN;
  re.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(value)) !== null) {
    const at = match.index;
    const code = value.charCodeAt(at);
    if (escapeFor(value, at, code) !== '') return at;
    if (code <= 0xdbff && code >= 0xd800) re.lastIndex = at + 2; // a valid pair: skip its low half
  }
  return -1;
}

/** Escapes `value`, whose first unsafe character is at `first`. */
export function escapeFrom(value: string, first: number): string {
  let out = value.slice(0, first);
  let last = first;
  const n = value.length;
  for (let i = first; i < n; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    const escaped = escapeFor(value, i, code);
    if (escaped === '') continue;
    if (i > last) out += value.slice(last, i);
    out += escaped;
    last = i + 1;
  }
  if (last < n) out += value.slice(last);
  return out;
}
