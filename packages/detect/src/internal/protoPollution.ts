// Prototype pollution: keys that reach Object.prototype when merged or set by path
// (`__proto__`, `constructor.prototype`), in parsed bodies, flat query keys and raw text.
import type { Rule } from '../types.js';
import { PROTO_CONSTRUCTOR, PROTO_KEY, PROTO_VALUE } from '../rules.js';
import {
  M_BACKSLASH, M_BRACKET, M_DOT, M_DQUOTE, M_SLASH, M_SQUOTE, M_UNDERSCORE2,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

/** `constructor` followed (through `.`, `[`, quotes, `:` or `{`) by `prototype`. */
function constructorPrototype(s: string): number {
  let i = s.indexOf('constructor');
  while (i >= 0) {
    let j = i + 11;
    const limit = Math.min(s.length, j + 12);
    let blank = false;
    let quoted = false;
    while (j < limit) {
      const c = s.charCodeAt(j);
      // . [ ] " ' : { / space tab newline
      if (c === 34 || c === 39) quoted = true;
      else if (c === 32 || c === 9 || c === 10 || c === 13) blank = true;
      else if (c !== 46 && c !== 91 && c !== 93 && c !== 58 && c !== 123 && c !== 47) break;
      j++;
    }
    // Blanks only inside JSON ("constructor": {"prototype"); prose has no quotes there.
    if (j > i + 11 && (!blank || quoted) && s.startsWith('prototype', j)) return i;
    i = s.indexOf('constructor', i + 11);
  }
  return -1;
}

/** A key of a parsed body or a query parameter name. */
export function protoKey(key: string): Rule | null {
  if (key.indexOf('__proto__') >= 0) {
    setHit(key, 0, key.length);
    return PROTO_KEY;
  }
  if (key.length > 20 && key.indexOf('prototype') > 0 && constructorPrototype(key) >= 0) {
    setHit(key, 0, key.length);
    return PROTO_CONSTRUCTOR;
  }
  return null;
}

/** `{"constructor": {"prototype": ...}}` once parsed: the pair of nested keys. */
export function protoConstructorObject(key: string, value: unknown): Rule | null {
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'prototype')) {
    setHit('constructor.prototype', 0, 21);
    return PROTO_CONSTRUCTOR;
  }
  return null;
}

/** Characters without which {@link detectProtoValue} has nothing to find. */
export const PROTO_TRIGGER = M_UNDERSCORE2 | M_BACKSLASH | M_DOT | M_BRACKET | M_SQUOTE | M_DQUOTE | M_SLASH;

/** Raw text: JSON that was not parsed, lodash-style paths given as values, paths. */
export function detectProtoValue(v: ScanValue): Rule | null {
  let s = v.lower;
  if ((v.mask & M_BACKSLASH) !== 0) s = v.markupText(); // "\u005f_proto__" in JSON text
  if (((v.mask & M_UNDERSCORE2) !== 0 || s !== v.lower) && s.indexOf('__proto__') >= 0) {
    const at = s.indexOf('__proto__');
    setHit(s, Math.max(0, at - 8), Math.min(s.length, at + 32));
    return PROTO_VALUE;
  }
  if (s.length >= 20 && s.indexOf('prototype') > 0) {
    const at = constructorPrototype(s);
    if (at >= 0) {
      setHit(s, at, Math.min(s.length, at + 40));
      return PROTO_VALUE;
    }
  }
  return null;
}
