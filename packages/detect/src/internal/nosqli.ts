// NoSQL (MongoDB) injection: query operators smuggled in as object keys (`{"$ne": null}`), as
// bracket parameters (`user[$ne]=x`, which qs and Express turn into objects), inside values
// (`{"$gt": ""}` as text), and server-side JavaScript for `$where`.
import type { Rule } from '../types.js';
import { NOSQLI_BODY_OPERATOR, NOSQLI_PARAM_OPERATOR, NOSQLI_VALUE } from '../rules.js';
import {
  M_AMP, M_DOLLAR, M_DOT, M_DQUOTE, M_PAREN, M_PIPE, M_SQUOTE, isLower, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';
import {
  NOSQL_BUSY_WAIT, NOSQL_DB_CALL, NOSQL_JS_RETURN, NOSQL_JS_TAUTOLOGY, NOSQL_SLEEP, NOSQL_THIS_MATCH,
} from './patterns.js';

/**
 * MongoDB query operators. Update operators ($set, $push) and analytics keys ($current_url,
 * $browser) are left out on purpose: they appear as keys in ordinary JSON.
 */
const OPERATORS = new Set(['ne', 'eq', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'regex', 'where', 'exists', 'or',
  'and', 'nor', 'not', 'expr', 'function', 'accumulator', 'elemmatch', 'all', 'size', 'mod', 'text',
  'jsonschema', 'options', 'lookup', 'match', 'group']);

function operatorAt(s: string, i: number): number {
  // s[i] === '$'; returns the end of the operator name or -1.
  let j = i + 1;
  while (j < s.length && j - i <= 12 && isLower(s.charCodeAt(j))) j++;
  if (j === i + 1) return -1;
  return OPERATORS.has(s.slice(i + 1, j)) ? j : -1;
}

/** BSON type numbers' aliases: `{"$type": "string"}` as opposed to .NET's `"$type": "Ns.Class, Asm"`. */
const BSON_TYPES = new Set(['double', 'string', 'object', 'array', 'bindata', 'objectid', 'bool', 'date', 'null', 'regex',
  'javascript', 'int', 'timestamp', 'long', 'decimal', 'number', 'minkey', 'maxkey', 'undefined', 'symbol']);

/** An object key in a parsed body; `value` is what it maps to. */
export function nosqlBodyKey(key: string, value: unknown): Rule | null {
  if (key.charCodeAt(0) !== 36) return bracketOperator(key, NOSQLI_BODY_OPERATOR);
  const lower = key.length <= 16 ? key.toLowerCase() : '';
  if (operatorAt(lower, 0) === lower.length
    || (lower === '$type' && (typeof value === 'number' || (typeof value === 'string' && BSON_TYPES.has(value))))) {
    setHit(key, 0, key.length);
    return NOSQLI_BODY_OPERATOR;
  }
  return null;
}

/**
 * After `$op:` a Mongo query has a value (a string, number, object, array, regex, literal);
 * GraphQL variable definitions (`$in: [String!]`, `$where: users_bool_exp`) have a type name.
 */
function mongoValueAt(s: string, i: number): boolean {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let c = s.charCodeAt(i);
  if (c === 91) { // [ -> look at the first element
    i++;
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    c = s.charCodeAt(i);
    if (c === 93) return true;
  }
  if (c === 34 || c === 39 || c === 123 || c === 45 || c === 47 || (c >= 48 && c <= 57)) return true;
  for (let wordIndex = 0; wordIndex < MONGO_LITERALS.length; wordIndex++) {
    const word = MONGO_LITERALS[wordIndex] as string;
    if (s.startsWith(word, i)) return true;
  }
  return false;
}
const MONGO_LITERALS = ['true', 'false', 'null', 'undefined', 'function', 'this.', 'new ', 'objectid(', 'isodate(', 'sleep('];

/** A query (or urlencoded body) parameter name: `user[$ne]`, `a[b][$regex]`, `$where`. */
export function nosqlParamKey(key: string): Rule | null {
  if (key.charCodeAt(0) === 36) {
    const lower = key.length <= 16 ? key.toLowerCase() : '';
    if (operatorAt(lower, 0) === lower.length) {
      setHit(key, 0, key.length);
      return NOSQLI_PARAM_OPERATOR;
    }
  }
  return bracketOperator(key, NOSQLI_PARAM_OPERATOR);
}

function bracketOperator(key: string, rule: Rule): Rule | null {
  let i = key.indexOf('[$');
  while (i >= 0) {
    const lower = key.slice(i + 1, Math.min(key.length, i + 16)).toLowerCase();
    const end = operatorAt(lower, 0);
    if (end > 0 && lower.charCodeAt(end) === 93) {
      setHit(key, 0, key.length);
      return rule;
    }
    i = key.indexOf('[$', i + 2);
  }
  return null;
}

/** Characters without which {@link detectNosqlValue} has nothing to find. */
export const NOSQLI_TRIGGER = M_DOLLAR | M_DOT | M_SQUOTE | M_DQUOTE | M_PAREN;

/** Operators in text: `{"$ne": null}`, `{ $gt: '' }`, `[$regex]=`, `, $where: '1 == 1'`. */
export function detectNosqlValue(v: ScanValue): Rule | null {
  const s = v.lower;
  if ((v.mask & M_DOLLAR) !== 0) {
    let i = s.indexOf('$');
    while (i >= 0) {
      const end = operatorAt(s, i);
      if (end > 0) {
        const p = i > 0 ? s.charCodeAt(i - 1) : 32;
        const opened = p === 123 || p === 91 || p === 34 || p === 39 || p === 44 || isSpace(p);
        // [$ne]  "$ne":  $ne:  -- then a value that is not a GraphQL type name.
        let k = end;
        if (k < s.length && (s.charCodeAt(k) === 34 || s.charCodeAt(k) === 39)) k++;
        while (k < s.length && k - end < 4 && isSpace(s.charCodeAt(k))) k++;
        const q = k < s.length ? s.charCodeAt(k) : 0;
        const bracket = p === 91 && s.charCodeAt(end) === 93;
        if (opened && (bracket || (q === 58 && mongoValueAt(s, k + 1)))) {
          setHit(s, Math.max(0, i - 2), Math.min(s.length, end + 24));
          return NOSQLI_VALUE;
        }
      }
      i = s.indexOf('$', i + 1);
    }
  }
  if ((v.mask & M_DOT) !== 0) {
    if (s.indexOf('this.') >= 0 && matchPattern(NOSQL_THIS_MATCH, s)) return NOSQLI_VALUE;
    if (s.indexOf('db.') >= 0 && matchPattern(NOSQL_DB_CALL, s)) return NOSQLI_VALUE;
  }
  // The JavaScript shapes below all close a string first.
  if ((v.mask & (M_SQUOTE | M_DQUOTE)) === 0) return null;
  if ((v.mask & M_PAREN) !== 0) {
    if (s.indexOf('sleep') >= 0 && matchPattern(NOSQL_SLEEP, s)) return NOSQLI_VALUE;
    if (s.indexOf('while') >= 0 && matchPattern(NOSQL_BUSY_WAIT, s)) return NOSQLI_VALUE;
  }
  if (s.indexOf('return') >= 0 && matchPattern(NOSQL_JS_RETURN, s)) return NOSQLI_VALUE;
  if ((v.mask & (M_PIPE | M_AMP)) !== 0 && s.indexOf('==') >= 0 && matchPattern(NOSQL_JS_TAUTOLOGY, s)) return NOSQLI_VALUE;
  return null;
}

function matchPattern(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const m = re.exec(s);
  if (m === null) return false;
  setHit(s, m.index, m.index + m[0].length);
  return true;
}
