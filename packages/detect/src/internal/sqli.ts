// SQL injection, judged by tokenising the value as SQL the way libinjection does: once as-is, once
// as if it continued a single-quoted string, once a double-quoted one. A payload has to break out
// of the string (or follow a number) and then form SQL; English text with apostrophes does not.
// Two judges read the tokens: rules for shapes that count wherever they occur (UNION SELECT,
// stacked statements, time functions, subqueries), then a small SQL grammar that checks whether
// everything after the breakout is a well-formed query tail and what it contains: a literal
// comparison, a call, a clause, a statement. Prose breaks the grammar or contains none of these.
import type { Rule } from '../types.js';
import {
  SQLI_BOOLEAN, SQLI_CLAUSE, SQLI_COMMENT, SQLI_FUNCTION_PROBE, SQLI_STACKED, SQLI_SUBQUERY, SQLI_TIME, SQLI_UNION,
} from '../rules.js';
import {
  M_AMP, M_AT, M_BACKTICK, M_COMMA, M_DASHDASH, M_DQUOTE, M_EQ, M_GT_BANG, M_HASH, M_LT, M_PAREN,
  M_PIPE, M_SEMI, M_SLASH, M_SPACE, M_SQUOTE, M_STAR, charMaskRange, isDigit, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_PATH, type ScanValue } from './ScanValue.js';
import { SQL_ANCHORS } from './patterns.js';

// Token kinds (libinjection letters in comments).
const T_STRING = 1; // s
const T_NUMBER = 2; // 1
const T_BAREWORD = 3; // n
const T_KEYWORD = 4; // k
const T_UNION = 5; // U
const T_SELECT = 6; // E
const T_LOGIC = 7; // &
const T_OPERATOR = 8; // o
const T_FUNCTION = 9; // f
const T_LPAREN = 10; // (
const T_RPAREN = 11; // )
const T_COMMA = 12; // ,
const T_SEMICOLON = 13; // ;
const T_COMMENT = 14; // c
const T_VARIABLE = 15; // v
const T_OTHER = 16; // anything else
const T_STATEMENT = 17; // DROP, INSERT, EXEC ...

// Word ids: which keyword, function class or comment style a token is.
const W_ALL = 1, W_DISTINCT = 2, W_FROM = 3, W_ORDER = 4, W_GROUP = 5, W_BY = 6, W_HAVING = 7,
  W_LIMIT = 8, W_PROCEDURE = 9, W_INTO = 10, W_OUTFILE = 11, W_TABLE = 12, W_DATABASE = 13,
  W_USER = 14, W_SET = 15, W_DELAY = 16, W_TIME = 17, W_WAITFOR = 18, W_WHERE = 19,
  W_DROP = 20, W_INSERT = 21, W_DELETE = 22, W_UPDATE = 23, W_EXEC = 24, W_SHUTDOWN = 25,
  W_DECLARE = 26, W_CREATE = 27, W_TRUNCATE = 28, W_WITH = 29, W_FN_TIME = 30, W_FN_DANGER = 31,
  W_PROC_DANGER = 32, W_SYSVAR = 33, W_C_DASH = 34, W_C_HASH = 35, W_C_BLOCK = 36, W_STAR = 37,
  W_FN_KNOWN = 39, W_CASE = 40, W_WHEN = 41, W_NOT = 42, W_BINARY = 43, W_AS = 44,
  W_ASC = 45, W_JOIN = 46, W_ON = 47, W_IF = 48, W_WHILE = 49, W_BEGIN = 50, W_END = 51, W_THEN = 52, W_ELSE = 53,
  W_CALL = 54, W_LOAD = 55, W_EXISTS = 56, W_TOP = 57, W_OFFSET = 58, W_FOR = 59, W_FN_INFO = 60, W_VALUES = 61,
  W_USING = 62, W_FN_AGG = 63;
// Operator ids (T_OPERATOR): what kind of operator joins the operands.
const O_CMP = 70, O_ARITH = 71, O_LIKE = 72, O_IS = 73, O_IN = 74, O_BETWEEN = 75, O_COLLATE = 76, O_CAST = 77,
  O_SOUNDS = 78, O_NULLTEST = 79, O_ASSIGN = 80;
/** Id of a string token that runs to the end of the value: the query's own quote would close it. */
const S_OPEN = 90;

// word -> kind | (id << 8)
const WORDS = new Map<string, number>();
function words(kind: number, id: number, list: string): void {
  for (const w of list.split(' ')) WORDS.set(w, kind | (id << 8));
}
words(T_LOGIC, 0, 'and or xor');
words(T_LOGIC, W_NOT, 'not');
words(T_OPERATOR, O_LIKE, 'like rlike ilike regexp glob similar');
words(T_OPERATOR, O_SOUNDS, 'sounds');
words(T_OPERATOR, O_IS, 'is');
words(T_OPERATOR, O_IN, 'in');
words(T_OPERATOR, O_BETWEEN, 'between');
words(T_OPERATOR, O_ARITH, 'div mod');
words(T_OPERATOR, O_COLLATE, 'collate');
words(T_OPERATOR, O_NULLTEST, 'isnull notnull');
words(T_NUMBER, 0, 'true false null');
// Niladic functions that read like words: values, not columns.
words(T_VARIABLE, 0, 'current_user current_date current_time current_timestamp localtime localtimestamp utc_date '
  + 'utc_time utc_timestamp session_user system_user');
words(T_UNION, 0, 'union intersect except');
words(T_SELECT, 0, 'select');
words(T_KEYWORD, W_ALL, 'all');
words(T_KEYWORD, W_DISTINCT, 'distinct');
words(T_KEYWORD, W_FROM, 'from');
words(T_KEYWORD, W_ORDER, 'order');
words(T_KEYWORD, W_GROUP, 'group');
words(T_KEYWORD, W_BY, 'by');
words(T_KEYWORD, W_HAVING, 'having');
words(T_KEYWORD, W_LIMIT, 'limit');
words(T_KEYWORD, W_PROCEDURE, 'procedure');
words(T_KEYWORD, W_INTO, 'into');
words(T_KEYWORD, W_OUTFILE, 'outfile dumpfile');
words(T_KEYWORD, W_TABLE, 'table schema view index trigger login function');
words(T_KEYWORD, W_DATABASE, 'database');
words(T_KEYWORD, W_SET, 'set');
words(T_KEYWORD, W_DELAY, 'delay');
words(T_KEYWORD, W_TIME, 'time');
words(T_KEYWORD, W_WAITFOR, 'waitfor');
words(T_KEYWORD, W_WHERE, 'where');
words(T_KEYWORD, W_WITH, 'with');
words(T_KEYWORD, W_BINARY, 'binary');
words(T_KEYWORD, W_AS, 'as');
words(T_KEYWORD, W_ASC, 'asc desc');
words(T_KEYWORD, W_JOIN, 'join');
words(T_KEYWORD, W_ON, 'on');
words(T_KEYWORD, W_USING, 'using');
words(T_KEYWORD, W_IF, 'if');
words(T_KEYWORD, W_WHILE, 'while');
words(T_KEYWORD, W_BEGIN, 'begin');
words(T_KEYWORD, W_END, 'end');
words(T_KEYWORD, W_THEN, 'then');
words(T_KEYWORD, W_ELSE, 'else');
words(T_KEYWORD, W_CALL, 'call');
words(T_KEYWORD, W_LOAD, 'load');
words(T_KEYWORD, W_EXISTS, 'exists');
words(T_KEYWORD, W_TOP, 'top');
words(T_KEYWORD, W_OFFSET, 'offset');
words(T_KEYWORD, W_FOR, 'for');
words(T_KEYWORD, W_VALUES, 'values');
words(T_KEYWORD, W_CASE, 'case');
words(T_KEYWORD, W_WHEN, 'when');
words(T_BAREWORD, W_USER, 'user');
words(T_STATEMENT, W_DROP, 'drop');
words(T_STATEMENT, W_INSERT, 'insert');
words(T_STATEMENT, W_DELETE, 'delete');
words(T_STATEMENT, W_UPDATE, 'update');
words(T_STATEMENT, W_EXEC, 'exec execute');
words(T_STATEMENT, W_SHUTDOWN, 'shutdown');
words(T_STATEMENT, W_DECLARE, 'declare');
words(T_STATEMENT, W_CREATE, 'create alter');
words(T_STATEMENT, W_TRUNCATE, 'truncate');
// Functions only count as functions when a '(' follows.
const FUNCTIONS = new Map<string, number>();
function functions(id: number, list: string): void {
  for (const w of list.split(' ')) FUNCTIONS.set(w, id);
}
functions(W_FN_TIME, 'sleep benchmark pg_sleep pg_sleep_for dbms_lock.sleep dbms_pipe.receive_message randomblob sys.sleep '
  + 'user_lock.sleep dbms_session.sleep');
functions(W_FN_DANGER, 'extractvalue updatexml load_file utl_inaddr.get_host_address utl_http.request '
  + 'ctxsys.drithsx.sn sys_eval sys_exec pg_read_file pg_ls_dir lo_import lo_export lo_get name_const dbms_xmlgen.getxml '
  + 'openrowset opendatasource xp_cmdshell xp_dirtree xmltype dbms_xmlquery.getxml');
functions(W_FN_KNOWN, 'char chr concat concat_ws group_concat substring substr mid ascii ord hex unhex '
  + 'length len count md5 sha1 cast convert if ifnull nullif coalesce iif exp floor rand json_extract lower upper '
  + 'left right reverse replace trim now sysdate current_timestamp db_name host_name suser_sname is_srvrolemember '
  + 'char_length make_set elt field instr locate position strcmp sin cos tan pi abs conv bin oct '
  + 'charset coercibility collation find_in_set soundex uncompress compress decode encode round ceil ln log pow '
  + 'power sqrt rtrim ltrim lpad rpad space repeat quote export_set regexp_substring crypt_key json_keys '
  + 'starts_with overlay jsonb_pretty to_char str utl_raw.cast_to_varchar2 waitfor');
// Aggregates: what SQL consoles select (SELECT count(*) FROM orders) as much as attacks do.
functions(W_FN_AGG, 'count sum min max avg');
// Functions that report on the database itself: version(), user(), database().
functions(W_FN_INFO, 'version database current_user system_user session_user user schema connection_id '
  + 'last_insert_id current_database current_schema db_name user_name');
// Stored procedures that never appear in ordinary text.
const DANGEROUS_PROCS = new Set(['xp_cmdshell', 'sp_oacreate', 'sp_oamethod', 'xp_dirtree', 'xp_regread',
  'xp_fileexist', 'sp_makewebtask', 'sp_execute_external_script', 'sp_addextendedproc', 'sp_configure']);

/**
 * Words worth a Map lookup, keyed by length, first and last letter: prose words mostly miss this
 * set, which saves slicing them out of the input.
 */
/** Longest word in any list; longer words are plain barewords. */
let MAX_KNOWN_WORD = 0;
for (const w of [...WORDS.keys(), ...FUNCTIONS.keys(), ...DANGEROUS_PROCS]) MAX_KNOWN_WORD = Math.max(MAX_KNOWN_WORD, w.length);
// A bit per (length, first, last) over ASCII letters: one load, where a Set of numbers hashes.
const WORD_SHAPES = new Int32Array(((MAX_KNOWN_WORD + 1) << 14) >> 5);
function shapeKey(len: number, first: number, last: number): number {
  return (len << 14) | (first << 7) | last;
}
for (const w of [...WORDS.keys(), ...FUNCTIONS.keys(), ...DANGEROUS_PROCS]) {
  const k = shapeKey(w.length, w.charCodeAt(0), w.charCodeAt(w.length - 1));
  WORD_SHAPES[k >> 5] = (WORD_SHAPES[k >> 5] as number) | (1 << (k & 31));
}
function knownShape(len: number, first: number, last: number): boolean {
  if (len > MAX_KNOWN_WORD || (first | last) >= 128) return false;
  const k = shapeKey(len, first, last);
  return ((WORD_SHAPES[k >> 5] as number) & (1 << (k & 31))) !== 0;
}
/**
 * The three lists in one open-addressing table hashed on the characters, so the tokenizer looks a
 * word up where it stands in the input instead of slicing it out and hashing the copy.
 */
const LOOKUP_SIZE = 1024;
const lookupText: string[] = new Array<string>(LOOKUP_SIZE).fill('');
/** WORDS code, FUNCTIONS id, and 1 for a dangerous procedure; 0 when the list lacks the word. */
const lookupWord = new Int32Array(LOOKUP_SIZE);
const lookupFunction = new Int32Array(LOOKUP_SIZE);
const lookupProcedure = new Uint8Array(LOOKUP_SIZE);
function wordHash(s: string, start: number, end: number): number {
  let h = 0;
  for (let k = start; k < end; k++) h = (Math.imul(h, 31) + s.charCodeAt(k)) | 0;
  return h & (LOOKUP_SIZE - 1);
}
/** Slot of s[start..end) in the table, or -1. */
function lookupSlot(s: string, start: number, end: number): number {
  const len = end - start;
  for (let k = wordHash(s, start, end); ; k = (k + 1) & (LOOKUP_SIZE - 1)) {
    const w = lookupText[k] as string;
    if (w === '') return -1;
    if (w.length === len && sameAt(s, start, w)) return k;
  }
}
/** s[start..] begins with `w` (in bounds: the caller checked the length). */
function sameAt(s: string, start: number, w: string): boolean {
  for (let k = 0; k < w.length; k++) if (s.charCodeAt(start + k) !== w.charCodeAt(k)) return false;
  return true;
}
function lookupAdd(w: string): number {
  let k = lookupSlot(w, 0, w.length);
  if (k >= 0) return k;
  for (k = wordHash(w, 0, w.length); lookupText[k] !== ''; k = (k + 1) & (LOOKUP_SIZE - 1));
  lookupText[k] = w;
  return k;
}
for (const [w, code] of WORDS) lookupWord[lookupAdd(w)] = code;
for (const [w, id] of FUNCTIONS) lookupFunction[lookupAdd(w)] = id;
for (const w of DANGEROUS_PROCS) lookupProcedure[lookupAdd(w)] = 1;
const MAX_TOKENS = 48;
const MAX_WORD = 40;
const kinds = new Uint8Array(MAX_TOKENS + 2);
const ids = new Uint8Array(MAX_TOKENS + 2);
const starts = new Int32Array(MAX_TOKENS + 2);
const ends = new Int32Array(MAX_TOKENS + 2);
let count = 0;

/** Comments the tokenizer dropped between tokens (a comment only counts as a token at the end). */
let innerComments = 0;
/** Of those, the block comments: prose has no inline comments between its words. */
let innerBlocks = 0;
/** The text the tokens index into. */
let tokText = '';

function push(kind: number, id: number, start: number, end: number): void {
  // Consecutive logic operators fold into one (`or not`, `and !`); a NOT that follows takes the
  // operator's place only when it stood alone.
  if (kind === T_LOGIC && count > 0 && kinds[count - 1] === T_LOGIC) {
    ends[count - 1] = end;
    if (ids[count - 1] === W_NOT) ids[count - 1] = id;
    return;
  }
  kinds[count] = kind;
  ids[count] = id;
  starts[count] = start;
  ends[count] = end;
  count++;
}

// ASCII classes as a table: one load per character in the tokenizer's hottest loops.
const WORD_CHAR = 1;
const WORD_START = 2;
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || c === 95 || c === 36 || (c >= 65 && c <= 90);
  ASCII_WORD[c] = (letter || (c >= 48 && c <= 57) || c === 46 ? WORD_CHAR : 0) | (letter ? WORD_START : 0);
}

/** Letters, digits, _ $ . and anything non-ASCII. */
function isWordChar(c: number): boolean {
  return c >= 128 || ((ASCII_WORD[c] as number) & WORD_CHAR) !== 0;
}

function isWordStart(c: number): boolean {
  return c >= 128 || ((ASCII_WORD[c] as number) & WORD_START) !== 0;
}

/** End of a quoted string opened before `i`; returns the index after the closing quote or -1. */
function stringEnd(s: string, i: number, to: number, quote: number): number {
  // Native searches for the quote and the next backslash: strings are where long values spend
  // their length, and most hold neither.
  const q = quote === 39 ? "'" : '"';
  let backslash = nextIndex(s, '\\', i, to);
  while (i < to) {
    const close = nextIndex(s, q, i, to);
    if (backslash < close) { // backslash escape (MySQL)
      i = backslash + 2;
      backslash = nextIndex(s, '\\', i, to);
      continue;
    }
    if (close >= to) return -1;
    if (close + 1 < to && s.charCodeAt(close + 1) === quote) { i = close + 2; continue; } // '' escape
    return close + 1;
  }
  return -1;
}

/** Index of `ch` in s[from..to), or `to`. */
function nextIndex(s: string, ch: string, from: number, to: number): number {
  if (from >= to) return to;
  const k = s.indexOf(ch, from);
  return k < 0 || k > to ? to : k;
}

/**
 * A `--` or `#` comment from `i`. At the end of the value it is a token (it truncates the query);
 * with more code on the following lines it is whitespace, as for the database.
 */
function lineComment(s: string, i: number, to: number, id: number): number {
  const end = lineEnd(s, i, to);
  let k = end;
  while (k < to && isSpace(s.charCodeAt(k))) k++;
  if (k >= to) push(T_COMMENT, id, i, end);
  else innerComments++;
  return end;
}

function lineEnd(s: string, i: number, to: number): number {
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return to;
}

/**
 * Tokenises `s[from..to)` (lower-cased) into the module arrays. `quote` is 0 for as-is, or the
 * quote character the input is assumed to continue (its first token is then that string).
 */
function tokenize(s: string, from: number, to: number, quote: number): void {
  count = 0;
  innerComments = 0;
  innerBlocks = 0;
  tokText = s;
  let i = from;
  if (quote !== 0) {
    const end = stringEnd(s, from, to, quote);
    if (end < 0) return; // never leaves the string: nothing to judge
    push(T_STRING, 0, from, end);
    i = end;
  }
  let inExecComment = false;
  while (i < to && count < MAX_TOKENS) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) { i++; continue; }
    // Words are the commonest token: test for them before the punctuation chain.
    if (isWordStart(c)) {
      i = scanWord(s, i, to);
      continue;
    }
    const start = i;
    if (c === 39 || c === 34) {
      const end = stringEnd(s, i + 1, to, c);
      i = end < 0 ? to : end;
      push(T_STRING, end < 0 ? S_OPEN : 0, start, i);
    } else if (c === 96) {
      const end = s.indexOf('`', i + 1);
      i = end < 0 || end >= to ? to : end + 1;
      push(T_BAREWORD, 0, start, i);
    } else if (isDigit(c) || (c === 46 && i + 1 < to && isDigit(s.charCodeAt(i + 1)))) {
      i = scanNumber(s, i, to);
    } else if (c === 45 || c === 43) { // - +
      if (c === 45 && i + 1 < to && s.charCodeAt(i + 1) === 45) {
        i = lineComment(s, i, to, W_C_DASH);
      } else if (i + 1 < to && isDigit(s.charCodeAt(i + 1)) && signAllowed()) {
        i = scanNumber(s, i + 1, to);
        starts[count - 1] = start;
      } else if (c === 45 && i + 1 < to && s.charCodeAt(i + 1) === 62) { // -> ->> (JSON)
        i += i + 2 < to && s.charCodeAt(i + 2) === 62 ? 3 : 2;
        push(T_OPERATOR, O_ARITH, start, i);
      } else {
        i++;
        push(T_OPERATOR, O_ARITH, start, i);
      }
    } else if (c === 35) { // #
      i = lineComment(s, i, to, W_C_HASH);
    } else if (c === 92) { // backslash: \N is MySQL's NULL; elsewhere (\1) engines skip it
      i++;
      if (i < to && s.charCodeAt(i) === 110 && (i + 1 >= to || !isWordChar(s.charCodeAt(i + 1)))) {
        i++;
        push(T_NUMBER, 0, start, i);
      }
    } else if (c === 47) { // /
      if (i + 1 < to && s.charCodeAt(i + 1) === 42) {
        if (i + 2 < to && s.charCodeAt(i + 2) === 33) {
          // MySQL executable comment /*!50000 ... */: its content is code.
          i += 3;
          let digits = 0;
          while (i < to && digits < 5 && isDigit(s.charCodeAt(i))) { i++; digits++; }
          inExecComment = true;
          continue;
        }
        const close = s.indexOf('*/', i + 2);
        i = close < 0 || close + 2 > to ? to : close + 2;
        // A comment between tokens is whitespace; only a trailing one truncates the query.
        let k = i;
        while (k < to && isSpace(s.charCodeAt(k))) k++;
        if (k >= to) push(T_COMMENT, W_C_BLOCK, start, i);
        else { innerComments++; innerBlocks++; }
      } else {
        i++;
        push(T_OPERATOR, O_ARITH, start, i);
      }
    } else if (c === 42) { // *
      if (inExecComment && i + 1 < to && s.charCodeAt(i + 1) === 47) {
        inExecComment = false;
        i += 2;
        continue;
      }
      i++;
      push(T_OPERATOR, W_STAR, start, i); // arithmetic, or the column wildcard
    } else if (c === 40) { i++; push(T_LPAREN, 0, start, i); }
    else if (c === 41) { i++; push(T_RPAREN, 0, start, i); }
    else if (c === 44) { i++; push(T_COMMA, 0, start, i); }
    else if (c === 59) { i++; push(T_SEMICOLON, 0, start, i); }
    else if (c === 64) { // @
      let j = i + 1;
      let id = 0;
      if (j < to && s.charCodeAt(j) === 64) { j++; id = W_SYSVAR; }
      const wordStart = j;
      while (j < to && j - wordStart < MAX_WORD && isWordChar(s.charCodeAt(j))) j++;
      i = j;
      if (j === wordStart && id === 0 && j < to && s.charCodeAt(j) === 62) { // @> (containment)
        i = j + 1;
        push(T_OPERATOR, O_CMP, start, i);
      } else {
        push(j > wordStart ? T_VARIABLE : T_OTHER, j > wordStart ? id : 0, start, i);
      }
    } else if (c === 61) { // = ==
      i++;
      if (i < to && s.charCodeAt(i) === 61) i++;
      push(T_OPERATOR, O_CMP, start, i);
    } else if (c === 60 || c === 62 || c === 33) { // < > !
      let j = i + 1;
      while (j < to && j - i < 3) {
        const d = s.charCodeAt(j);
        if (d === 60 || d === 62 || d === 61) j++;
        else break;
      }
      // <@ (contained by), but not <@name
      if (c === 60 && j === i + 1 && j < to && s.charCodeAt(j) === 64 && (j + 1 >= to || !isWordChar(s.charCodeAt(j + 1)))) j++;
      i = j;
      if (c === 33 && j === start + 1) {
        // A lone '!' is NOT only when glued to an operand (!0, !(...)); otherwise it is prose.
        const d = j < to ? s.charCodeAt(j) : 32;
        const operand = isDigit(d) || d === 40 || d === 39 || d === 34 || d === 33 || d === 126 || d === 43 || d === 45;
        push(operand ? T_LOGIC : T_OTHER, W_NOT, start, i);
      } else {
        // << and >> shift; everything else compares
        const shift = j === start + 2 && (c === 60 || c === 62) && s.charCodeAt(start + 1) === c;
        push(T_OPERATOR, shift ? O_ARITH : O_CMP, start, i);
      }
    } else if (c === 124 || c === 38) { // | || & &&
      if (i + 1 < to && s.charCodeAt(i + 1) === c) {
        i += 2;
        push(T_LOGIC, 0, start, i);
      } else {
        i++;
        push(T_OPERATOR, O_ARITH, start, i);
      }
    } else if (c === 37 || c === 94 || c === 126) { // % ^ ~
      i++;
      push(T_OPERATOR, O_ARITH, start, i);
    } else if (c === 58) { // :: :=
      if (i + 1 < to && (s.charCodeAt(i + 1) === 58 || s.charCodeAt(i + 1) === 61)) {
        i += 2;
        push(T_OPERATOR, s.charCodeAt(i - 1) === 58 ? O_CAST : O_ASSIGN, start, i);
      } else {
        i++;
        push(T_OTHER, 0, start, i);
      }
    } else {
      i++;
      push(T_OTHER, 0, start, i);
    }
  }
}

function signAllowed(): boolean {
  if (count === 0) return true;
  const k = kinds[count - 1];
  return k === T_OPERATOR || k === T_LOGIC || k === T_LPAREN || k === T_COMMA || k === T_KEYWORD
    || k === T_SELECT || k === T_UNION || k === T_SEMICOLON;
}

function scanNumber(s: string, i: number, to: number): number {
  const start = i;
  const c1 = i + 1 < to ? s.charCodeAt(i + 1) : 0;
  if (s.charCodeAt(i) === 48 && (c1 === 120 || c1 === 98)) {
    // 0x414243 / 0b0101
    i += 2;
    while (i < to && isWordChar(s.charCodeAt(i)) && s.charCodeAt(i) !== 46) i++;
  } else {
    while (i < to && isDigit(s.charCodeAt(i))) i++;
    if (i < to && s.charCodeAt(i) === 46) {
      i++;
      while (i < to && isDigit(s.charCodeAt(i))) i++;
    }
    if (i < to && s.charCodeAt(i) === 101) {
      let j = i + 1;
      if (j < to && (s.charCodeAt(j) === 43 || s.charCodeAt(j) === 45)) j++;
      if (j < to && isDigit(s.charCodeAt(j))) {
        i = j;
        while (i < to && isDigit(s.charCodeAt(i))) i++;
      }
    }
  }
  // "5pm", "3rd", "1st": a number glued to letters is a word, unless the letters are a keyword
  // (1union, 3.2UNION, 1e0or, 1dUNION with a type suffix): engines read those as two tokens.
  if (i < to && isWordStart(s.charCodeAt(i))) {
    const glued = gluedKeyword(s, i, to);
    if (glued >= 0) {
      push(T_NUMBER, 0, start, glued);
      return glued;
    }
    while (i < to && i - start < MAX_WORD * 4 && isWordChar(s.charCodeAt(i))) i++;
    push(T_BAREWORD, 0, start, i);
    return i;
  }
  push(T_NUMBER, 0, start, i);
  return i;
}

/** Keywords that engines split off a number glued to them. */
const GLUE_WORDS = new Set(['union', 'and', 'or', 'xor', 'from', 'order', 'group', 'limit', 'having', 'select', 'div',
  'like', 'into', 'not', 'between', 'procedure', 'rlike', 'regexp', 'except', 'intersect', 'waitfor']);

/** Where the number ends when the letters at `i` (after an optional d/f type suffix) are a keyword; else -1. */
function gluedKeyword(s: string, i: number, to: number): number {
  let end = i;
  while (end < to && end - i <= 10 && isWordChar(s.charCodeAt(end)) && s.charCodeAt(end) !== 46) end++;
  if (end - i > 10 || end - i < 2) return -1;
  if (GLUE_WORDS.has(s.slice(i, end))) return i;
  const c = s.charCodeAt(i);
  if ((c === 100 || c === 102) && GLUE_WORDS.has(s.slice(i + 1, end))) return i + 1;
  return -1;
}

function scanWord(s: string, i: number, to: number): number {
  const start = i;
  while (i < to && isWordChar(s.charCodeAt(i))) i++;
  // N'text', X'41', B'01': a string with a one-letter prefix.
  if (i === start + 1 && i < to && (s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34)) {
    const c = s.charCodeAt(start);
    if (c === 110 || c === 120 || c === 98) {
      const end = stringEnd(s, i + 1, to, s.charCodeAt(i));
      push(T_STRING, end < 0 ? S_OPEN : 0, start, end < 0 ? to : end);
      return end < 0 ? to : end;
    }
  }
  // Keywords split by an inline comment (UN/**/ION) are read as one word, as filters that strip
  // comments would.
  if (i + 3 < to && s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42 && s.charCodeAt(i + 2) !== 33) {
    const close = s.indexOf('*/', i + 2);
    if (close > 0 && close + 2 < to && isWordStart(s.charCodeAt(close + 2)) && i - start <= MAX_WORD) {
      let j = close + 2;
      while (j < to && isWordChar(s.charCodeAt(j))) j++;
      if (j - (close + 2) <= MAX_WORD) {
        const joined = s.slice(start, i) + s.slice(close + 2, j);
        const code = WORDS.get(joined);
        if (code !== undefined) {
          push(code & 0xff, code >> 8, start, j);
          return j;
        }
      }
    }
  }
  const len = i - start;
  // '(' right after the word: a call as code writes it.
  const glued = i < to && s.charCodeAt(i) === 40;
  if (!knownShape(len, s.charCodeAt(start), s.charCodeAt(i - 1))) {
    // Not a keyword, function or procedure; only a call right after it makes it a function.
    // A qualified procedure name (x.sp_oacreate) has at least 9 characters.
    const procedure = len >= 9 && qualifiedProcedure(s, start, i);
    push(procedure || (glued && len <= MAX_WORD) ? T_FUNCTION : T_BAREWORD, procedure ? W_PROC_DANGER : 0, start, i);
    return i;
  }
  // Look past spaces for '(' to tell a function call from a word.
  let j = i;
  while (j < to && j - i < 8 && isSpace(s.charCodeAt(j))) j++;
  const call = j < to && s.charCodeAt(j) === 40;
  const slot = lookupSlot(s, start, i);
  if (slot >= 0) {
    const fn = lookupFunction[slot] as number;
    if (call && fn !== 0) {
      push(T_FUNCTION, fn, start, i);
      return i;
    }
    const code = lookupWord[slot] as number;
    if (code !== 0) {
      push(code & 0xff, code >> 8, start, i);
      return i;
    }
    if (lookupProcedure[slot] === 1) {
      push(T_FUNCTION, W_PROC_DANGER, start, i);
      return i;
    }
  }
  // An unknown word directly followed by '(' (no space, as in code) is a function call.
  push(glued ? T_FUNCTION : T_BAREWORD, 0, start, i);
  return i;
}

/** master..xp_cmdshell, dbo.sp_oacreate: a dangerous procedure named with its database or schema. */
function qualifiedProcedure(s: string, start: number, end: number): boolean {
  let dot = end - 1;
  while (dot > start && s.charCodeAt(dot) !== 46) dot--;
  if (dot === start || end - dot < 8) return false;
  const c = s.charCodeAt(dot + 1);
  return (c === 120 || c === 115) && s.charCodeAt(dot + 2) === 112 && s.charCodeAt(dot + 3) === 95
    && DANGEROUS_PROCS.has(s.slice(dot + 1, end));
}

function kindAt(i: number): number {
  return i < count ? (kinds[i] as number) : 0;
}

function idAt(i: number): number {
  return i < count ? (ids[i] as number) : 0;
}

// ---------------------------------------------------------------------------------------------
// A small SQL grammar over the tokens: expressions, calls, SELECT and the statements payloads
// stack. It only answers "is this well-formed SQL, and what did it contain", which is what tells
// `1 AND 8=3` or `' OR 'a'='a` from `rock and roll` or `"sweater dress" and "christmas"`: prose
// breaks the grammar (two words in a row) or, when it happens to be valid, contains no literal
// comparison, call, variable or clause. Every parse is bounded by the token count and a depth cap.

const MAX_DEPTH = 24;
// What the last parse saw; reset by resetFeatures().
let fCmp = 0; // comparisons: = < LIKE IN IS NULL BETWEEN
let fLitCmp = 0; // comparisons between two literal sides: 1=1, 'a'<>'b', cos(3)=sin(4)
let fLitLogic = 0; // logic between two literal sides: 1 OR 1, 'a' AND @b
let fClauseLitLogic = 0; // fLitLogic inside the clauses after the value's first expression: id HAVING (1 OR true)
let fSymCmp = 0; // comparisons with a symbol (= < <> !=), not a word (LIKE, IN)
let fLogic = 0;
let fArith = 0;
let fCall = 0;
let fKnownCall = 0; // calls of functions SQL has and prose does not: version(), char(), sleep() ...
let fInfoCall = 0; // version(), user(), database() nested in an expression
let fVar = 0;
let fWord = 0; // bareword operands (columns, or English)
let fLit = 0;
let fCast = 0; // ::int, ::jsonb
let fCase = 0; // CASE ... END
let fNullTest = 0; // IS [NOT] NULL
let fStrongSelect = 0;
let fSelectEvidence = 0; // SELECTs that are no console query: constants only, a catalog table, a dangling WHERE, UNION
let fScalarCall = 0; // calls other than aggregates
let fStatement = 0; // statements after ';' that do something
let fDepth = 0;
let fCondCall = 0; // known calls with a literal comparison among their arguments: iif(1=1,a,b), elt(2=3,1)
let fProbeCall = 0; // calls of time and error-based functions: sleep(5), extractvalue(...), lo_import(...)
let fRanOut = 0; // parentheses the value leaves open for the query to close: ... and (('a'='a
/** The operand just parsed holds no bareword. */
let lastLit = false;

function resetFeatures(): void {
  fCmp = fLitCmp = fLitLogic = fClauseLitLogic = fSymCmp = fLogic = fArith = fCall = fKnownCall = fInfoCall = fVar = fWord = fLit = fCast = 0;
  fStrongSelect = fSelectEvidence = fScalarCall = fStatement = fDepth = fCase = fNullTest = fCondCall = fRanOut = fProbeCall = 0;
  lastLit = false;
}

function isUnary(i: number): boolean {
  const k = kindAt(i);
  if (k === T_LOGIC) return ids[i] === W_NOT;
  if (k === T_KEYWORD) return ids[i] === W_BINARY;
  if (k !== T_OPERATOR || ids[i] !== O_ARITH || (ends[i] as number) - (starts[i] as number) !== 1) return false;
  const c = tokText.charCodeAt(starts[i] as number);
  return c === 45 || c === 43 || c === 126; // - + ~
}

const OC_NONE = 0, OC_LOGIC = 1, OC_CMP = 2, OC_ARITH = 3, OC_IS = 4, OC_IN = 5, OC_BETWEEN = 6, OC_COLLATE = 7,
  OC_CAST = 8, OC_NOT = 9, OC_NULLTEST = 10, OC_SOUNDS = 11;

/** How token `i` continues an expression after an operand. */
function opClass(i: number): number {
  const k = kindAt(i);
  if (k === T_LOGIC) {
    if (ids[i] !== W_NOT) return OC_LOGIC;
    const n = idAt(i + 1);
    return kindAt(i + 1) === T_OPERATOR && (n === O_LIKE || n === O_IN || n === O_BETWEEN) ? OC_NOT : OC_NONE;
  }
  if (k !== T_OPERATOR) return OC_NONE;
  switch (ids[i]) {
    case O_CMP: case O_LIKE: return OC_CMP;
    case O_ARITH: case W_STAR: case O_ASSIGN: return OC_ARITH;
    case O_IS: return OC_IS;
    case O_IN: return OC_IN;
    case O_BETWEEN: return OC_BETWEEN;
    case O_COLLATE: return OC_COLLATE;
    case O_CAST: return OC_CAST;
    case O_NULLTEST: return OC_NULLTEST;
    case O_SOUNDS: return OC_SOUNDS;
    default: return OC_NONE;
  }
}

/** Parses an expression from `i`; returns the index after it, or -1 when no operand starts at `i`. */
function parseExpr(i: number): number {
  if (++fDepth > MAX_DEPTH) { fDepth--; return -1; }
  let j = parseOperandU(i);
  if (j >= 0) j = parseExprTail(j, lastLit);
  fDepth--;
  return j;
}

/**
 * Operators and operands after the operand ending at `j`; `seg` says whether that operand was a
 * literal. Stops before anything that does not continue the expression.
 */
function parseExprTail(j: number, seg: boolean): number {
  let left = -1; // a comparison is open: whether its left side was literal (1) or not (0)
  for (;;) {
    const c = opClass(j);
    if (c === OC_NONE) break;
    if (c === OC_NOT) { j++; continue; }
    let next: number;
    if (c === OC_LOGIC || c === OC_CMP || c === OC_IN || c === OC_BETWEEN || c === OC_SOUNDS) {
      if (left === 1 && seg) fLitCmp++;
      left = -1;
      if (c === OC_LOGIC) {
        fLogic++;
        next = parseOperandU(j + 1);
        if (next < 0) break;
        if (seg && lastLit) fLitLogic++;
      } else {
        fCmp++;
        if (ids[j] === O_CMP) fSymCmp++;
        left = seg ? 1 : 0;
        if (c === OC_IN) {
          if (kindAt(j + 1) !== T_LPAREN) break;
          next = parseOperand(j + 1);
        } else if (c === OC_BETWEEN) {
          next = parseArith(j + 1);
          const lowLit = lastLit;
          if (next < 0 || kindAt(next) !== T_LOGIC) break;
          next = parseArith(next + 1);
          lastLit = lastLit && lowLit;
        } else {
          next = parseOperandU(c === OC_SOUNDS && idAt(j + 1) === O_LIKE ? j + 2 : j + 1);
        }
        if (next < 0) break;
      }
      seg = lastLit;
    } else if (c === OC_ARITH) {
      fArith++;
      next = parseOperandU(j + 1);
      if (next < 0) break;
      seg = seg && lastLit;
    } else if (c === OC_IS) {
      let k = j + 1;
      if (kindAt(k) === T_LOGIC && ids[k] === W_NOT) k++;
      if (kindAt(k) !== T_NUMBER) break; // IS [NOT] NULL / TRUE / FALSE / \N
      fCmp++;
      fNullTest++;
      if (seg) fLitCmp++;
      next = k + 1;
    } else if (c === OC_NULLTEST) {
      fCmp++;
      next = j + 1;
    } else if (c === OC_COLLATE) {
      if (kindAt(j + 1) !== T_BAREWORD && kindAt(j + 1) !== T_STRING) break;
      next = j + 2;
    } else { // OC_CAST
      next = parseType(j + 1);
      if (next < 0) break;
      const t = starts[j + 1] as number;
      if (SQL_TYPES.has(tokText.slice(t, Math.min(ends[j + 1] as number, t + 12)))) fCast++;
    }
    j = next;
  }
  if (left === 1 && seg) fLitCmp++;
  return j;
}

/** An operand followed by arithmetic only (the bounds of BETWEEN). */
function parseArith(i: number): number {
  let j = parseOperandU(i);
  let lit = lastLit;
  while (j >= 0 && opClass(j) === OC_ARITH) {
    j = parseOperandU(j + 1);
    lit = lit && lastLit;
  }
  lastLit = lit;
  return j;
}

function parseOperandU(i: number): number {
  while (isUnary(i)) i++;
  return parseOperand(i);
}

function parseOperand(i: number): number {
  switch (kindAt(i)) {
    case T_NUMBER:
      fLit++;
      lastLit = true;
      return i + 1;
    case T_STRING: {
      fLit++;
      lastLit = true;
      let j = i + 1;
      while (kindAt(j) === T_STRING) j++; // 'a' 'b' is one string
      return j;
    }
    case T_VARIABLE:
      fVar++;
      lastLit = true;
      return i + 1;
    case T_BAREWORD:
      if (kindAt(i + 1) === T_LPAREN) return parseCall(i);
      fWord++;
      lastLit = false;
      return i + 1;
    case T_FUNCTION:
      return parseCall(i);
    case T_LPAREN:
      return parseGroup(i);
    case T_KEYWORD:
      if (ids[i] === W_TABLE || ids[i] === W_DATABASE) { // login, schema, view ... as column names
        if (kindAt(i + 1) === T_LPAREN) return parseCall(i);
        fWord++;
        lastLit = false;
        return i + 1;
      }
      if (ids[i] === W_CASE) return parseCase(i);
      if (ids[i] === W_EXISTS && kindAt(i + 1) === T_LPAREN) return parseGroup(i + 1);
      return -1;
    default:
      return -1;
  }
}

/** `(` at `i`: a subquery, or one or more comma-separated expressions. */
function parseGroup(i: number): number {
  const words = fWord;
  let j = i + 1;
  if (kindAt(j) === T_SELECT) {
    j = parseSelect(j);
  } else {
    j = parseExpr(j);
    while (j >= 0 && kindAt(j) === T_COMMA) j = parseExpr(j + 1);
  }
  if (j === count) { // the value ends inside the parentheses
    fRanOut++;
    lastLit = fWord === words;
    return j;
  }
  if (j < 0 || kindAt(j) !== T_RPAREN) return -1;
  lastLit = fWord === words;
  return j + 1;
}

/** A call: name at `i`, `(` after it. The arguments allow the special forms of CAST, SUBSTRING, CONVERT. */
function parseCall(i: number): number {
  if (kindAt(i + 1) !== T_LPAREN) { // xp_cmdshell without parentheses
    fWord++;
    lastLit = false;
    return i + 1;
  }
  const id = ids[i] as number;
  const words = fWord;
  const cmp = fLitCmp;
  let j = i + 2;
  if (kindAt(j) !== T_RPAREN) {
    for (;;) {
      if (kindAt(j) === T_OPERATOR && ids[j] === W_STAR) j++;
      else {
        if (idAt(j) === W_DISTINCT || idAt(j) === W_ALL) j++;
        // MySQL's IF((1=2),SELECT 1,DROP FUNCTION x) takes statements as arguments
        const a0 = kindAt(j);
        j = a0 === T_SELECT ? parseSelect(j, true) : a0 === T_STATEMENT ? parseStatement(tokText, j) : parseExpr(j);
        if (j < 0) return -1;
        const a = idAt(j);
        const k = kindAt(j);
        if (k === T_KEYWORD && a === W_AS) j = parseType(j + 1);
        else if (k === T_KEYWORD && (a === W_FROM || a === W_FOR || a === W_USING)) {
          j = a === W_USING ? j + 2 : parseExpr(j + 1);
          if (j >= 0 && idAt(j) === W_FOR) j = parseExpr(j + 1);
        } else if (k === T_OPERATOR && a === O_IN) j = parseExpr(j + 1);
        if (j < 0) return -1;
      }
      if (kindAt(j) === T_COMMA) { j++; continue; }
      break;
    }
    if (j === count) fRanOut++; // cut off inside the arguments: benchmark(5000000,md5(1)
    else if (kindAt(j) !== T_RPAREN) return -1;
  } else if (id === W_FN_INFO && kindAt(i) === T_FUNCTION) {
    fInfoCall++;
  }
  fCall++;
  if (id !== W_FN_AGG) fScalarCall++;
  const known = kindAt(i) === T_FUNCTION && id !== 0;
  if (known) fKnownCall++;
  if (known && fLitCmp > cmp) fCondCall++;
  if (id === W_FN_TIME || id === W_FN_DANGER) fProbeCall++;
  lastLit = fWord === words;
  return j < count ? j + 1 : j;
}

/** A type after AS or `::`: int, varchar(8000), double precision, unsigned integer. */
function parseType(i: number): number {
  const k = kindAt(i);
  if (k !== T_BAREWORD && k !== T_FUNCTION && k !== T_KEYWORD) return -1;
  let j = i + 1;
  if (kindAt(j) === T_BAREWORD && kindAt(j + 1) !== T_LPAREN) j++;
  if (kindAt(j) === T_LPAREN) {
    let depth = 0;
    for (; j < count; j++) {
      if (kinds[j] === T_LPAREN) depth++;
      else if (kinds[j] === T_RPAREN && --depth === 0) return j + 1;
    }
    return -1;
  }
  return j;
}

/** CASE [x] WHEN a THEN b ... [ELSE c] END */
function parseCase(i: number): number {
  let j = i + 1;
  if (idAt(j) !== W_WHEN) j = parseExpr(j);
  let whens = 0;
  while (j >= 0 && idAt(j) === W_WHEN) {
    j = parseExpr(j + 1);
    if (j < 0 || idAt(j) !== W_THEN) return -1;
    j = parseExpr(j + 1);
    whens++;
  }
  if (j >= 0 && idAt(j) === W_ELSE) j = parseExpr(j + 1);
  if (j < 0 || whens === 0 || idAt(j) !== W_END) return -1;
  fCase++;
  lastLit = true;
  return j + 1;
}

/** A bareword or string naming a column or table alias. */
function aliasAt(i: number): boolean {
  const k = kindAt(i);
  return k === T_BAREWORD || k === T_STRING;
}

/** Expressions separated by commas, each optionally ASC/DESC (ORDER BY, GROUP BY). */
function parseList(i: number): number {
  let j = i;
  for (;;) {
    j = parseExpr(j);
    if (j < 0) return -1;
    if (idAt(j) === W_ASC) j++;
    if (kindAt(j) !== T_COMMA) return j;
    j++;
  }
}

/**
 * SELECT at `i`, with its clauses and UNIONs. It counts as strong (fStrongSelect) when it selects
 * something prose cannot: a call, a variable or a string, several literals, a literal comparison
 * in WHERE, or a UNION.
 */
function parseSelect(i: number, oneItem = false): number {
  let j = i + 1;
  let strong = false;
  let evidence = false;
  let literals = 0;
  const words = fWord;
  const calls = fScalarCall;
  while (idAt(j) === W_ALL || idAt(j) === W_DISTINCT) j++;
  if (idAt(j) === W_TOP && kindAt(j + 1) === T_NUMBER) j += 2;
  for (;;) {
    if (kindAt(j) === T_OPERATOR && ids[j] === W_STAR) j++;
    else {
      const lit = fLit;
      const other = fVar + fCall;
      j = parseExpr(j);
      if (j < 0) return -1;
      if (fVar + fCall > other) strong = true;
      if (fLit > lit) literals++;
      if (idAt(j) === W_AS) {
        if (!aliasAt(j + 1)) return -1;
        j += 2;
      } else if (aliasAt(j)) {
        j++;
      }
    }
    if (kindAt(j) !== T_COMMA || oneItem) break;
    j++;
  }
  if (literals > 1) strong = true;
  if (fWord === words && (fScalarCall > calls || literals > 1)) evidence = true; // SELECT CHAR(0x66), SELECT 1,2,3
  if (idAt(j) === W_INTO) {
    if (idAt(j + 1) === W_OUTFILE && kindAt(j + 2) === T_STRING) { j += 3; strong = evidence = true; }
    else if (kindAt(j + 1) === T_VARIABLE) j += 2;
  }
  let dangling = false;
  if (idAt(j) === W_FROM) {
    j++;
    if (systemTable(j)) strong = evidence = true;
    j = parseFrom(j);
    if (j < 0) return -1;
  }
  for (;;) {
    const id = idAt(j);
    const k = kindAt(j);
    if (k === T_KEYWORD && (id === W_WHERE || id === W_HAVING)) {
      if (j + 1 >= count) { dangling = true; j++; break; } // the application's own condition follows
      const cmp = fLitCmp;
      j = parseExpr(j + 1);
      if (fLitCmp > cmp) strong = evidence = true;
    } else if (k === T_KEYWORD && (id === W_GROUP || id === W_ORDER) && idAt(j + 1) === W_BY) {
      j = parseList(j + 2);
    } else if (k === T_KEYWORD && id === W_LIMIT && kindAt(j + 1) === T_NUMBER) {
      j += 2;
      if ((kindAt(j) === T_COMMA || idAt(j) === W_OFFSET) && kindAt(j + 1) === T_NUMBER) {
        if (kindAt(j) === T_COMMA) strong = true; // LIMIT 1,1 walks a table row by row (in a subquery)
        j += 2;
      }
    } else if (k === T_KEYWORD && id === W_PROCEDURE) {
      j = parseOperand(j + 1);
      strong = evidence = true;
    } else if (k === T_KEYWORD && id === W_INTO && idAt(j + 1) === W_OUTFILE && kindAt(j + 2) === T_STRING) {
      j += 3;
      strong = evidence = true;
    } else if (k === T_UNION) {
      j++;
      while (idAt(j) === W_ALL || idAt(j) === W_DISTINCT) j++;
      j = kindAt(j) === T_SELECT ? parseSelect(j) : kindAt(j) === T_LPAREN ? parseGroup(j) : -1;
      strong = evidence = true;
    } else {
      break;
    }
    if (j < 0) return -1;
  }
  if (dangling && literals > 0) strong = evidence = true;
  if (strong) fStrongSelect++;
  if (evidence) fSelectEvidence++;
  return j;
}

/** Tokens from `i` that end a statement: the end, a trailing comment, `;`, ELSE or END. */
function statementEnds(i: number): boolean {
  const k = kindAt(i);
  return k === 0 || k === T_COMMENT || k === T_SEMICOLON || idAt(i) === W_ELSE || idAt(i) === W_END;
}

/**
 * One statement of the kinds payloads stack after `;`. Returns its end or -1; fStatement counts
 * the ones that do something prose cannot (a strong SELECT, IF with a literal condition, a call).
 */
function parseStatement(s: string, i: number): number {
  if (++fDepth > MAX_DEPTH) { fDepth--; return -1; }
  const j = statementAt(s, i);
  fDepth--;
  return j;
}

function statementAt(s: string, i: number): number {
  const k = kindAt(i);
  const id = idAt(i);
  if (k === T_SELECT) {
    const strong = fStrongSelect;
    const j = parseSelect(i);
    if (j >= 0 && fStrongSelect > strong) fStatement++;
    return j;
  }
  if (k === T_LPAREN && kindAt(i + 1) === T_SELECT) {
    const strong = fStrongSelect;
    const j = parseGroup(i);
    if (j >= 0 && fStrongSelect > strong) fStatement++;
    return j;
  }
  if ((k === T_FUNCTION && s.charCodeAt(starts[i] as number) === 105 && (ends[i] as number) - (starts[i] as number) === 2)
    || (k === T_KEYWORD && (id === W_IF || id === W_WHILE))) {
    // IF (cond) stmt [ELSE stmt], WHILE cond stmt; T-SQL's IF(...) SELECT ... ELSE DROP ...
    const cmp = fLitCmp;
    let j = k === T_FUNCTION ? parseCall(i) : parseExpr(i + 1);
    if (j < 0) return -1;
    if (idAt(j) === W_THEN) j++;
    if (!statementEnds(j)) {
      j = parseStatement(s, j);
      if (j < 0) return -1;
    }
    if (idAt(j) === W_ELSE) {
      j = parseStatement(s, j + 1);
      if (j < 0) return -1;
    }
    if (fLitCmp > cmp) fStatement++;
    return j;
  }
  if (k === T_FUNCTION) { // ;iif(1=1,1,1/0)  ;sleep(5)
    const cmp = fLitCmp;
    const known = fKnownCall;
    const j = parseCall(i);
    if (j >= 0 && (fLitCmp > cmp || fKnownCall > known)) fStatement++;
    return j;
  }
  if (k === T_KEYWORD) {
    switch (id) {
      case W_CALL: {
        const j = parseOperand(i + 1);
        if (j >= 0) fStatement++;
        return j;
      }
      case W_BEGIN: { // BEGIN stmt; ... END
        let j = i + 1;
        while (j >= 0 && j < count && idAt(j) !== W_END) {
          j = parseStatement(s, j);
          if (j >= 0 && kindAt(j) === T_SEMICOLON) j++;
        }
        if (j === count) { // BEGIN DECLARE @x ... cut off
          fRanOut++;
          return j;
        }
        return j >= 0 && idAt(j) === W_END ? j + 1 : -1;
      }
      case W_SET: { // SET @v = expr, SET name = expr
        const v = kindAt(i + 1);
        if ((v !== T_VARIABLE && v !== T_BAREWORD) || opClass(i + 2) !== OC_CMP) return -1;
        const j = parseExpr(i + 3);
        if (j >= 0 && v === T_VARIABLE) fStatement++;
        return j;
      }
      case W_LOAD: { // LOAD DATA|XML [LOCAL|LOW_PRIORITY|CONCURRENT] INFILE 'file'
        for (let j = i + 1; j <= i + 4 && j < count; j++) {
          if (wordIs(s, j, 'infile')) {
            fStatement++;
            return kindAt(j + 1) === T_STRING ? j + 2 : -1;
          }
        }
        return -1;
      }
      case W_WAITFOR:
        if ((idAt(i + 1) === W_DELAY || idAt(i + 1) === W_TIME) && kindAt(i + 2) === T_STRING) {
          fStatement++;
          return i + 3;
        }
        return -1;
      default:
        return -1;
    }
  }
  if (stackedStatement(s, i)) {
    fStatement++;
    // The rest of the statement, up to its end or the ')' or ',' of a call it is an argument of.
    let j = i + 1;
    for (let depth = 0; j < count && !statementEnds(j); j++) {
      if (kinds[j] === T_LPAREN) depth++;
      else if (kinds[j] === T_RPAREN && --depth < 0) break;
      else if (kinds[j] === T_COMMA && depth === 0) break;
    }
    return j;
  }
  return -1;
}

/** Types an expression is cast to with `::` (PostgreSQL); C++ and Rust paths (std::string) are not SQL. */
const SQL_TYPES = new Set(['int', 'int2', 'int4', 'int8', 'integer', 'bigint', 'smallint', 'text', 'varchar', 'char',
  'json', 'jsonb', 'numeric', 'decimal', 'float', 'float4', 'float8', 'real', 'double', 'bool', 'boolean', 'date',
  'timestamp', 'timestamptz', 'bytea', 'regclass', 'oid', 'uuid', 'inet', 'xml', 'money', 'interval', 'bit']);

/** Catalog tables no application lets users name: information_schema.*, sysobjects, dual, pg_*, all_tables. */
function systemTable(i: number): boolean {
  if (kindAt(i) !== T_BAREWORD) return false;
  const at = (starts[i] as number) + (tokText.charCodeAt(starts[i] as number) === 96 ? 1 : 0); // `information_schema`
  const s = tokText;
  return s.startsWith('information_schema', at) || s.startsWith('sys', at) || s.startsWith('pg_', at)
    || s.startsWith('all_', at) || s.startsWith('mysql.', at) || s.startsWith('master.', at)
    || s.startsWith('msys', at) || ((ends[i] as number) - at === 4 && s.startsWith('dual', at));
}

function wordIs(s: string, i: number, word: string): boolean {
  const start = starts[i] as number;
  return (ends[i] as number) - start === word.length && s.startsWith(word, start);
}

/** FROM tables at `i` (after FROM): names, subqueries, aliases, joins. */
function parseFrom(i: number): number {
  let j = i;
  for (;;) {
    const k = kindAt(j);
    if (k === T_BAREWORD || k === T_VARIABLE) j++;
    else if (k === T_LPAREN) { j = parseGroup(j); if (j < 0) return -1; }
    else return -1;
    if (idAt(j) === W_AS) j++;
    if (aliasAt(j)) j++;
    if (idAt(j) === W_JOIN) { j++; continue; }
    if (idAt(j) === W_ON) { j = parseExpr(j + 1); if (j < 0) return -1; }
    if (kindAt(j) !== T_COMMA) return j;
    j++;
  }
}

/**
 * A clause that can follow the value's expression once its parentheses are closed: sqlmap's
 * boundaries (`) AS x WHERE 1=1`, `' IN BOOLEAN MODE)`), ORDER/GROUP BY, HAVING, LIMIT,
 * PROCEDURE ANALYSE, INTO OUTFILE, FROM, UNION. Returns its end, or -1.
 */
function clauseAt(s: string, j: number): number {
  const k = kindAt(j);
  const id = idAt(j);
  if (k === T_UNION) {
    let m = j + 1;
    while (idAt(m) === W_ALL || idAt(m) === W_DISTINCT) m++;
    if (kindAt(m) === T_SELECT) return parseSelect(m);
    if (m === count) return m; // cut off after UNION: the SELECT arrives in another parameter
    return kindAt(m) === T_LPAREN ? parseGroup(m) : -1;
  }
  if (k === T_OPERATOR && id === O_IN) {
    return wordIs(s, j + 1, 'boolean') && wordIs(s, j + 2, 'mode') ? j + 3 : -1;
  }
  if (k !== T_KEYWORD) return -1;
  switch (id) {
    case W_AS:
      return aliasAt(j + 1) ? j + 2 : -1;
    case W_WHERE:
    case W_HAVING:
      return parseExpr(j + 1);
    case W_GROUP:
    case W_ORDER:
      return idAt(j + 1) === W_BY ? parseList(j + 2) : -1;
    case W_LIMIT:
      if (kindAt(j + 1) !== T_NUMBER) return -1;
      return kindAt(j + 2) === T_COMMA && kindAt(j + 3) === T_NUMBER ? j + 4 : j + 2;
    case W_PROCEDURE:
      return kindAt(j + 1) === T_FUNCTION || kindAt(j + 1) === T_BAREWORD ? parseCall(j + 1) : -1;
    case W_INTO:
      return idAt(j + 1) === W_OUTFILE && kindAt(j + 2) === T_STRING ? j + 3 : -1;
    case W_FROM:
      return parseFrom(j + 1);
    default:
      return -1;
  }
}

/** What the grammar saw that prose cannot produce: a literal comparison, a known call, a variable ... */
function strongFeatures(): boolean {
  return fLitCmp > 0 || fKnownCall > 0 || fInfoCall > 0 || fVar > 0 || fStrongSelect > 0 || fStatement > 0 || fCast > 0;
}

/**
 * Enough SQL after a closed quote. `open` is the index of a trailing string the query's own quote
 * closes (-1 for none); `comment` says a trailing comment truncates the query.
 */
function quotedTailCounts(s: string, quote: number, open: number, comment: boolean, clauses: number): boolean {
  if (open >= 0) {
    // A symbol comparison (' OR 'a'='a) is enough; a word comparison or logic ("LIKE" STAMP) needs
    // a short string to compare with. Arithmetic on single-quoted strings (' MOD ', A' & 'B) is
    // MySQL's implicit conversion; double quotes are identifiers in ANSI SQL and quotation marks in prose.
    return fSymCmp > 0 || clauses > 0 || fKnownCall + fInfoCall + fVar + fStrongSelect + fStatement + fCast > 0
      || ((fCmp > 0 || fLogic > 0 || (fArith > 0 && quote === 39)) && openShortString(s, open));
  }
  if (comment) return strongFeatures() || fCmp > 0 || fLogic > 0 || clauses > 0;
  // Nothing absorbs the query's own closing quote: only a clear condition, call or statement.
  return fLitCmp > 0 || fKnownCall > 0 || fStrongSelect > 0 || fStatement > 0;
}

/**
 * Enough SQL in a value read as-is, as after a number. `numeric` when it starts like a number
 * (1, (, @v, -); `bare` when a block comment or a parenthesis alone makes a number plus comment SQL.
 */
function plainTailCounts(numeric: boolean, bare: boolean, comment: boolean, leading: boolean, clauses: number,
  closes: number): boolean {
  if (comment) {
    return strongFeatures() || (numeric && fWord === 0 && (fArith + fLogic + fCmp + fCall + fVar > 0 || bare));
  }
  return (fLitCmp > 0 && (fLogic > 0 || leading || clauses > 0)) // 1 AND 8=3, or 1=1, 1 HAVING 1=1
    || fStrongSelect > 0 || fStatement > 0 || fCast > 0 || fInfoCall > 0 || fCase > 0 || fCondCall > 0
    || (fProbeCall > 0 && fWord === 0) // sleep(3), lo_import('/etc/passwd')
    || (numeric && fLogic > 0 && (fNullTest > 0 || innerBlocks > 0)) // 1 || x IS NOT NULL, 9 or /*+hint*/ true
    || (numeric && closes > 0 && clauses > 0) // 1) FROM users WHERE ...
    || (numeric && fRanOut > 0 && fArith > 0) // 123+((0/ascii(substring(...
    // 1 ORDER BY if(...), id HAVING (1 OR true); not "20 or 30 from here", where the logic precedes the clause
    || (clauses > 0 && (fKnownCall > 0 || fClauseLitLogic > 0) && (numeric || fLitCmp + fLitLogic > 0));
}

/**
 * The value as the tail of a query: after its first token (the assumed string when `quoted`, the
 * value's own first operand otherwise) come operators, closing parentheses, clauses and stacked
 * statements, up to the end, a trailing comment or an open string that the query's own closing
 * quote completes. Only well-formed tails count, and only with enough SQL in them.
 */
function judgeStructure(s: string, quote: number): Rule | null {
  const n = count;
  if (n < 2) return null;
  resetFeatures();
  const quoted = quote !== 0;
  const k0 = kinds[0] as number;
  // "or 1=1": the value continues the application's condition.
  const leading = !quoted && k0 === T_LOGIC && ids[0] !== W_NOT;
  // A whole statement as the value: SELECT 1,sin(id) FROM t WHERE
  let i = leading ? parseExprTail(0, true) : k0 === T_SELECT && !quoted ? parseSelect(0) : parseExpr(0);
  if (i <= 0) return null;
  const headLitLogic = fLitLogic;
  let clauses = 0;
  let closes = 0; // parentheses of the query the value closes: 1')) AS x WHERE
  for (;;) {
    let j = i;
    while (kindAt(j) === T_RPAREN) j++;
    if (j > i && opClass(j) !== OC_NONE) {
      closes += j - i;
      i = parseExprTail(j, true);
      continue;
    }
    if (kindAt(j) === T_COMMA && j + 1 < n) { // ORDER BY 1,IIF(...): more expressions of a list
      const e = parseExpr(j + 1);
      if (e > j + 1) {
        closes += j - i;
        i = e;
        continue;
      }
    }
    const c = clauseAt(s, j);
    if (c <= j) {
      i = j;
      break;
    }
    closes += j - i;
    i = c;
    clauses++;
  }
  fClauseLitLogic = fLitLogic - headLitLogic;
  let stacked = 0;
  // T-SQL runs a statement that follows without ';' too: 21 UPDATE t SET a=... ; 1 DECLARE @x
  while ((kindAt(i) === T_SEMICOLON && i + 1 < n && kinds[i + 1] !== T_COMMENT && kinds[i + 1] !== T_SEMICOLON)
    || (kindAt(i) === T_STATEMENT && (ids[i] === W_UPDATE || ids[i] === W_DECLARE || ids[i] === W_EXEC) && stackedStatement(s, i))) {
    const j = parseStatement(s, kinds[i] === T_SEMICOLON ? i + 1 : i);
    if (j < 0) return null;
    i = j;
    stacked++;
  }
  // sqlmap's suffix after a stacked statement re-opens the query's condition: ...; END AND (('a'='a
  while (stacked > 0 && opClass(i) === OC_LOGIC) {
    const j = parseExprTail(i, true);
    if (j === i) break; // a dangling AND: no suffix
    i = j;
  }
  if (kindAt(i) === T_SEMICOLON) i++;
  let last = n - 1;
  let comment = false;
  if (i === n - 1 && kinds[i] === T_COMMENT) {
    comment = true;
    last = n - 2;
    // After prose a dash comment is a dash; after a stacked statement anything may follow it.
    if (ids[i] !== W_C_BLOCK && !shortComment(s, starts[i] as number, ends[i] as number) && fStatement === 0) return null;
  } else if (i !== n) {
    return null;
  }
  if (kindAt(last) === T_SEMICOLON) last--;
  let open = false;
  if (kindAt(last) === T_STRING && ids[last] === S_OPEN) {
    // An open string is the query's own quote closing it: only in that quote's context.
    const at = starts[last] as number;
    const q = s.charCodeAt(at) === 39 || s.charCodeAt(at) === 34 ? s.charCodeAt(at) : s.charCodeAt(at + 1);
    if (!quoted || q !== quote || last === 0) return null;
    open = true;
  }
  if (fRanOut > 0 && !quoted && !(fStatement > 0 || fCondCall > 0 || fKnownCall > 1 || fProbeCall > 0)) return null;
  let ok = quoted ? quotedTailCounts(s, quote, open ? last : -1, comment, clauses)
    : plainTailCounts(k0 === T_NUMBER || k0 === T_LPAREN || k0 === T_VARIABLE || (k0 === T_OPERATOR && isUnary(0)),
      k0 === T_LPAREN || ids[n - 1] === W_C_BLOCK, comment, leading, clauses, closes);
  // A whole SELECT as the value is what SQL consoles send (SELECT count(*) FROM orders); only one
  // no console writes counts: constants only, a catalog table, a dangling WHERE, UNION, a probe.
  if (ok && k0 === T_SELECT && !quoted) {
    ok = fSelectEvidence + fProbeCall + fInfoCall + fVar + fCast + fCondCall + fStatement + innerBlocks > 0;
  }
  if (!ok) return null;
  const rule = stacked > 0 ? SQLI_STACKED
    : fProbeCall > 0 && !quoted && fLogic === 0 ? SQLI_TIME
    : fStrongSelect > 0 || fCast > 0 || fInfoCall > 0 ? SQLI_SUBQUERY
    : clauses > 0 ? SQLI_CLAUSE
    : fCmp + fLogic === 0 && comment ? SQLI_COMMENT : SQLI_BOOLEAN;
  return found(s, rule, 0, n - 1);
}

/** Evaluates the heuristics over the current tokens; `quoted` when token 0 is the assumed string. */
function judge(s: string, quote: number): Rule | null {
  return judgeTokens(s, quote !== 0) ?? judgeStructure(s, quote);
}

function judgeTokens(s: string, quoted: boolean): Rule | null {
  const n = count;
  for (let i = 0; i < n; i++) {
    const k = kinds[i] as number;
    if (k === T_UNION) {
      let j = i + 1;
      while (j < n && (ids[j] === W_ALL || ids[j] === W_DISTINCT || kinds[j] === T_LPAREN || kinds[j] === T_UNION)) j++;
      // UNION SELECT with columns, or cut off right after SELECT (the rest arrives in another parameter)
      if (kindAt(j) === T_SELECT && (columnsFollow(j + 1) || j + 1 === n)) return found(s, SQLI_UNION, i, j);
      if (kindAt(j) === T_SELECT) { // UNION SELECT table_name alias FROM ...
        resetFeatures();
        if (parseSelect(j) > j + 1) return found(s, SQLI_UNION, i, j);
      }
      // 1#\nUNION: a number, comments hiding the gap, UNION last
      if (innerComments > 0 && i > 0 && (j === n || kindAt(j) === T_COMMENT) && kindAt(i - 1) !== T_BAREWORD
        && kindAt(i - 1) !== 0) return found(s, SQLI_UNION, i - 1, i);
    } else if (k === T_SEMICOLON) {
      if (stackedStatement(s, i + 1)) return found(s, SQLI_STACKED, i, Math.min(i + 2, n - 1));
    } else if (k === T_FUNCTION) {
      const id = ids[i] as number;
      if (id === W_PROC_DANGER) return found(s, SQLI_STACKED, i, i);
      // sleep(5), not "eat, sleep (8 hours)": payloads glue the parenthesis on.
      const glued = s.charCodeAt(ends[i] as number) === 40;
      // ... or right after the quote the value closed: x" sleep(10) "
      const after = i > 0 && (afterExpressionStart(i - 1) || (quoted && i === 1 && kinds[0] === T_STRING));
      if (id === W_FN_TIME && glued && after) return found(s, SQLI_TIME, i - 1, Math.min(i + 3, n - 1));
      if (id === W_FN_DANGER && glued && after) return found(s, SQLI_SUBQUERY, i - 1, Math.min(i + 3, n - 1));
    } else if (k === T_KEYWORD && ids[i] === W_WAITFOR) {
      const next = idAt(i + 1);
      if ((next === W_DELAY || next === W_TIME) && kindAt(i + 2) === T_STRING) return found(s, SQLI_TIME, i, i + 2);
    } else if (k === T_LPAREN && kindAt(i + 1) === T_SELECT) {
      if (i > 0 ? afterExpressionStart(i - 1) || kinds[i - 1] === T_FUNCTION : selectsSomething(i + 2)) {
        return found(s, SQLI_SUBQUERY, i, Math.min(i + 3, n - 1));
      }
      // A complete subquery that reads like one anywhere: (select id from users limit 1,1)
      resetFeatures();
      const end = parseGroup(i);
      if (end > 0 && fStrongSelect > 0) return found(s, SQLI_SUBQUERY, i, end - 1);
    } else if (k === T_VARIABLE && ids[i] === W_SYSVAR) {
      if (i === 0 || afterExpressionStart(i - 1)) return found(s, SQLI_SUBQUERY, i > 0 ? i - 1 : i, i);
    } else if (k === T_KEYWORD && ids[i] === W_CASE && idAt(i + 1) === W_WHEN && conditionAt(s, i + 2)) {
      // (CASE WHEN (1=1) THEN name ELSE price END): boolean probing through ORDER BY and friends.
      return found(s, SQLI_BOOLEAN, i, Math.min(i + 5, n - 1));
    } else if (k === T_KEYWORD && ids[i] === W_INTO && idAt(i + 1) === W_OUTFILE) {
      return found(s, SQLI_CLAUSE, i, i + 1);
    }
  }
  if (n === 0) return null;
  const k0 = kinds[0] as number;
  // concat(   SELECT char(   PROCEDURE analyse(: a database function opened and left for the next
  // parameter, as scanners probe which functions exist
  if (!quoted && kinds[n - 1] === T_LPAREN && n <= 3 && (n === 2 || k0 === T_SELECT || ids[0] === W_PROCEDURE)) {
    const f = n - 2;
    if ((kinds[f] === T_FUNCTION && ids[f] !== 0 && ids[f] !== W_PROC_DANGER) || (f > 0 && kinds[f] === T_BAREWORD)) {
      return found(s, SQLI_FUNCTION_PROBE, 0, n - 1);
    }
  }
  // FROM information_schema.tables: a query's tail naming the catalog
  if (!quoted && k0 === T_KEYWORD && ids[0] === W_FROM && systemTable(1)) return found(s, SQLI_SUBQUERY, 0, 1);
  // EXEC sp_addjob @name = 'x'; DECLARE @s varchar(8000): a T-SQL statement as the value
  if (k0 === T_STATEMENT && !quoted && (ids[0] === W_EXEC || ids[0] === W_DECLARE) && stackedStatement(s, 0)) {
    return found(s, SQLI_STACKED, 0, Math.min(1, n - 1));
  }
  // A raw statement as the value (SELECT name FROM t) is what SQL consoles send, so only a
  // system variable makes it an attack: SELECT @@version.
  if (k0 === T_SELECT && !quoted && kindAt(1) === T_VARIABLE && idAt(1) === W_SYSVAR) return found(s, SQLI_SUBQUERY, 0, 1);
  // "or 1=1--": the value continues a WHERE clause that ended in a number.
  if (k0 === T_LOGIC && !quoted && n >= 4) {
    const k1 = kinds[1] as number;
    if ((k1 === T_NUMBER || k1 === T_STRING) && kinds[2] === T_OPERATOR && (k1 === T_STRING || comparison(s, 2))) {
      const k3 = kindAt(3);
      const k4 = kindAt(4);
      if ((k3 === T_NUMBER || k3 === T_STRING) && (k4 === 0 || k4 === T_COMMENT || k4 === T_LOGIC || k4 === T_SEMICOLON)) {
        return found(s, SQLI_BOOLEAN, 0, 3);
      }
    }
  }
  if (k0 !== T_STRING && k0 !== T_NUMBER) return null;
  let i = 1;
  while (i < n && kinds[i] === T_RPAREN) i++;
  if (i >= n) return null;
  const ki = kinds[i] as number;
  if (ki === T_LOGIC) {
    // ' OR '1'='1    1 AND 1=1    ') or ('a'='a    ' OR sleep(5)    ' or true--
    let j = i + 1;
    while (j < n && kinds[j] === T_LPAREN) j++;
    const kj = kindAt(j);
    if (kj === T_FUNCTION) return found(s, SQLI_BOOLEAN, 0, j);
    if (kj === T_STRING || kj === T_NUMBER || kj === T_BAREWORD || kj === T_VARIABLE) {
      const kn = kindAt(j + 1);
      // After a number, word operators and arithmetic (2 or 3 in stock, 2 and rock & roll) are
      // English; comparisons are not.
      if (kn === T_OPERATOR && (k0 === T_STRING || kj === T_STRING || comparisonAhead(s, j + 1))) {
        return found(s, SQLI_BOOLEAN, 0, Math.min(j + 2, n - 1));
      }
      if ((kn === T_COMMENT || kn === T_SEMICOLON) && kj !== T_BAREWORD) return found(s, SQLI_BOOLEAN, 0, j + 1);
      // The probe "' OR '1": a short string left open for the query's own closing quote.
      if (quoted && kn === 0 && kj === T_STRING && j === i + 1 && j === n - 1 && openShortString(s, j)) {
        return found(s, SQLI_BOOLEAN, 0, j);
      }
    }
    return null;
  }
  if (quoted && ki === T_OPERATOR && ids[i] === O_CMP) {
    // '='    'x'='x    admin' = 0#
    let j = i + 1;
    while (j < n && kinds[j] === T_LPAREN) j++;
    const kj = kindAt(j);
    if (kj === T_STRING || kj === T_NUMBER) {
      const kn = kindAt(j + 1);
      if (kn === 0 || kn === T_COMMENT || kn === T_LOGIC || kn === T_SEMICOLON) return found(s, SQLI_BOOLEAN, 0, j);
    }
    return null;
  }
  if (quoted && (ki === T_COMMENT || (ki === T_SEMICOLON && kindAt(i + 1) === T_COMMENT))) {
    // admin'--   admin')#   admin'/*
    const c = ki === T_COMMENT ? i : i + 1;
    if (ids[c] === W_C_BLOCK || shortComment(s, starts[c] as number, ends[c] as number)) {
      return found(s, SQLI_COMMENT, 0, c);
    }
    return null;
  }
  if (ki === T_KEYWORD) return clause(s, quoted, i);
  return null;
}

/** Token `i` is a string without its closing quote and at most two characters long. */
function openShortString(s: string, i: number): boolean {
  const start = starts[i] as number;
  const end = ends[i] as number;
  if (end - start > 3) return false;
  return end - start === 1 || s.charCodeAt(end - 1) !== s.charCodeAt(start);
}

/** ORDER BY 3--, GROUP BY 1,2, HAVING 1=1, LIMIT 1-- after a quote or number. */
function clause(s: string, quoted: boolean, i: number): Rule | null {
  const id = ids[i] as number;
  let j: number;
  if (id === W_ORDER || id === W_GROUP) {
    if (idAt(i + 1) !== W_BY) return null;
    j = i + 2;
  } else if (id === W_HAVING || id === W_LIMIT || id === W_PROCEDURE) {
    j = i + 1;
  } else {
    return null;
  }
  const kj = kindAt(j);
  if (kj !== T_NUMBER && kj !== T_BAREWORD && kj !== T_STRING && kj !== T_FUNCTION) return null;
  const kn = kindAt(j + 1);
  const closes = kn === T_COMMENT || kn === T_COMMA || kn === T_SEMICOLON || (kn === T_OPERATOR && comparison(s, j + 1));
  if (closes || (quoted && kn === 0)) return found(s, SQLI_CLAUSE, 0, Math.min(j + 1, count - 1));
  return null;
}

/** Operator token `i` is a comparison symbol (=, <, >, <>, !=, <=>), not a word (like, is, in) or arithmetic. */
function comparison(s: string, i: number): boolean {
  const c = s.charCodeAt(starts[i] as number);
  return c === 61 || c === 60 || c === 62 || c === 33;
}

/** A comparison between literals at `i`: 1=1, (4346=4346), 'a'<>'b'. */
function conditionAt(s: string, i: number): boolean {
  while (i < count && kinds[i] === T_LPAREN) i++;
  const k = kindAt(i);
  return (k === T_NUMBER || k === T_STRING) && kindAt(i + 1) === T_OPERATOR && comparison(s, i + 1)
    && (kindAt(i + 2) === T_NUMBER || kindAt(i + 2) === T_STRING);
}

/** A comparison at `i` or after an arithmetic chain from it (2+811-811-1=0), before the next logic. */
function comparisonAhead(s: string, i: number): boolean {
  for (let m = i; m < count && m < i + 12; m++) {
    const k = kinds[m];
    if (k === T_OPERATOR) {
      if (comparison(s, m)) return true;
      const c = s.charCodeAt(starts[m] as number);
      if (c >= 97 && c <= 122) return false; // like, is, in: English after a number
    } else if (k !== T_NUMBER && k !== T_STRING && k !== T_LPAREN && k !== T_RPAREN) {
      return false;
    }
  }
  return false;
}

/** What follows UNION SELECT looks like a column list: 1, NULL, 'x', f(), @@v, *, (, or name, / name FROM. */
function columnsFollow(i: number): boolean {
  while (i < count && (ids[i] === W_ALL || ids[i] === W_DISTINCT)) i++;
  const k = kindAt(i);
  if (k === T_NUMBER || k === T_STRING || k === T_FUNCTION || k === T_VARIABLE || k === T_LPAREN || idAt(i) === W_STAR) return true;
  if (k !== T_BAREWORD) return false;
  const next = kindAt(i + 1);
  const nextId = idAt(i + 1);
  return next === T_COMMA || next === T_COMMENT || next === T_SEMICOLON || next === T_RPAREN || nextId === W_FROM || nextId === W_INTO;
}

/** `-- -`, `--+`, `#`: a comment that only truncates; prose after a dash does not count. */
function shortComment(s: string, start: number, end: number): boolean {
  let i = start + (s.charCodeAt(start) === 35 ? 1 : 2);
  // --sp_password: MSSQL leaves statements that mention it out of its trace log.
  if (s.startsWith('sp_password', i)) return true;
  let significant = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c >= 97 && c <= 122) {
      if (++significant > 2) return false;
    }
  }
  return true;
}

/** Token at `i` can precede an expression: AND, =, (, ',', ;, SELECT, UNION, FROM, WHERE, THEN ... */
function afterExpressionStart(i: number): boolean {
  const k = kinds[i];
  if (k === T_KEYWORD) {
    const id = ids[i];
    return id === W_FROM || id === W_WHERE || id === W_HAVING || id === W_LIMIT || id === W_BY || id === W_CASE
      || id === W_WHEN || id === W_THEN || id === W_ELSE || id === W_END || id === W_AS || id === W_ON || id === W_JOIN
      || id === W_OFFSET || id === W_VALUES || id === W_TOP || id === W_EXISTS;
  }
  return k === T_LOGIC || k === T_OPERATOR || k === T_LPAREN || k === T_COMMA || k === T_SEMICOLON
    || k === T_SELECT || k === T_UNION;
}

function selectsSomething(i: number): boolean {
  const k = kindAt(i);
  return k === T_NUMBER || k === T_FUNCTION || k === T_VARIABLE || k === T_STRING || idAt(i) === W_STAR;
}

function stackedStatement(s: string, i: number): boolean {
  const k = kindAt(i);
  const id = idAt(i);
  const nextKind = kindAt(i + 1);
  const nextId = idAt(i + 1);
  if (k === T_SELECT) {
    const k1 = kindAt(i + 1);
    if (k1 === T_FUNCTION || k1 === T_VARIABLE || idAt(i + 1) === W_STAR) return true;
    if (k1 === T_NUMBER || k1 === T_STRING) {
      // "; select 1,2--" but not "; select 100 items"
      const k2 = kindAt(i + 2);
      return k2 === 0 || k2 === T_COMMA || k2 === T_COMMENT || k2 === T_SEMICOLON || idAt(i + 2) === W_FROM;
    }
    // "; select name from users--" but not "; select one from the list"
    for (let j = i + 1; j < count && j <= i + 4; j++) {
      if (ids[j] === W_FROM) {
        const after = kindAt(j + 2);
        return kindAt(j + 1) === T_BAREWORD && (after === 0 || after === T_COMMENT || after === T_SEMICOLON
          || after === T_RPAREN || idAt(j + 2) === W_WHERE || idAt(j + 2) === W_LIMIT || idAt(j + 2) === W_ORDER || idAt(j + 2) === W_GROUP);
      }
    }
    return false;
  }
  if (k === T_KEYWORD) return id === W_WAITFOR && (nextId === W_DELAY || nextId === W_TIME);
  if (k !== T_STATEMENT) return false;
  switch (id) {
    case W_DROP:
      // 10;DROP members --: a lone name to drop right after a number or a quote
      if (nextKind === T_BAREWORD && i >= 2 && (kindAt(i - 2) === T_NUMBER || kindAt(i - 2) === T_STRING)
        && (kindAt(i + 2) === 0 || kindAt(i + 2) === T_COMMENT || kindAt(i + 2) === T_SEMICOLON)) return true;
      return nextId === W_TABLE || nextId === W_DATABASE || nextId === W_USER || nextId === W_PROCEDURE;
    case W_CREATE:
      return nextId === W_TABLE || nextId === W_DATABASE || nextId === W_USER || nextId === W_PROCEDURE;
    case W_INSERT:
      return nextId === W_INTO;
    case W_DELETE: // DELETE [LOW_PRIORITY] [QUICK] [IGNORE] FROM
      for (let j = i + 1; j <= i + 3; j++) {
        if (idAt(j) === W_FROM) return true;
        if (kindAt(j) !== T_BAREWORD) return false;
      }
      return false;
    case W_UPDATE:
      return nextKind === T_BAREWORD && idAt(i + 2) === W_SET;
    case W_EXEC: {
      if (nextKind === T_FUNCTION || nextKind === T_VARIABLE || nextKind === T_LPAREN) return true;
      if (nextKind !== T_BAREWORD) return false;
      const w = s.slice(starts[i + 1], Math.min(ends[i + 1] as number, (starts[i + 1] as number) + 8));
      return w.startsWith('xp_') || w.startsWith('sp_') || w.startsWith('master.');
    }
    case W_SHUTDOWN:
      return nextKind === 0 || nextKind === T_COMMENT || nextKind === T_SEMICOLON || nextId === W_WITH || nextId === W_END;
    case W_DECLARE: // DECLARE @v ..., DECLARE name CURSOR FOR
      return nextKind === T_VARIABLE || (nextKind === T_BAREWORD && wordIs(s, i + 2, 'cursor'));
    case W_TRUNCATE:
      return nextId === W_TABLE || (nextKind === T_BAREWORD && (i + 2 >= count || kinds[i + 2] === T_COMMENT || kinds[i + 2] === T_SEMICOLON));
    default:
      return false;
  }
}

function found(s: string, rule: Rule, first: number, last: number): Rule {
  setHit(s, starts[first] as number, ends[last < count ? last : count - 1] as number);
  return rule;
}

/** Characters without which no SQL can be formed beyond plain words. */
const M_SQL = M_SQUOTE | M_DQUOTE | M_BACKTICK | M_PAREN | M_SEMI | M_PIPE | M_AMP | M_EQ | M_HASH
  | M_DASHDASH | M_STAR | M_AT | M_COMMA | M_LT | M_GT_BANG | M_SLASH;

/**
 * Rules that can fire anywhere in the tokens need one of these: '(' (functions, subqueries), ';'
 * (stacked queries), '*' (comments, SELECT *), or a word from SQL_ANCHORS. Without them only
 * the rules that look at how the value starts remain, and those are checked by peeking.
 */
function anywhereRulesPossible(s: string, mask: number): boolean {
  if ((mask & (M_PAREN | M_SEMI | M_STAR)) !== 0) return true;
  SQL_ANCHORS.lastIndex = 0;
  return SQL_ANCHORS.test(s);
}

/** Words a value can start with for a start-based rule: or 1=1, select @@version, true--. */
const START_WORDS = new Set(['or', 'and', 'xor', 'not', 'select', 'true', 'false', 'null', 'case', 'declare', 'exec',
  'execute', 'from']);
/** Words that can follow a closing quote in a start-based rule: ' OR, ' ORDER BY, ' LIKE ... */
const AFTER_QUOTE_WORDS = new Set(['or', 'and', 'xor', 'not', 'order', 'group', 'having', 'limit', 'procedure', 'into',
  'union', 'intersect', 'except', 'like', 'rlike', 'ilike', 'regexp', 'is', 'in', 'between', 'div', 'mod', 'sounds', 'glob',
  'similar', 'collate', 'where', 'as', 'binary', 'from']);

function wordAt(s: string, i: number, to: number): string {
  let j = i;
  while (j < to && j - i < 10 && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
  return s.slice(i, j);
}

/** As-is, the value could start a start-based rule (a string, number, '(', logic, SELECT). */
function startsLikeSql(s: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isSpace(s.charCodeAt(i))) i++;
  if (i >= to) return false;
  const c = s.charCodeAt(i);
  if (c >= 97 && c <= 122) return START_WORDS.has(wordAt(s, i, to));
  return !(c === 44 || c === 58 || c === 63 || c === 91 || c === 93 || c === 123 || c === 125 || c >= 128);
}

/**
 * In the context of a string opened by `quote`, what follows the first such quote in the value
 * could continue a start-based rule (a logic word, an operator, a comment, ORDER BY ...).
 */
function continuesLikeSql(s: string, from: number, to: number, quote: number): boolean {
  const q = s.indexOf(quote === 39 ? "'" : '"', from);
  if (q < 0 || q >= to) return false;
  if (q + 1 < to && s.charCodeAt(q + 1) === quote) return true; // '' escape: let the tokenizer decide
  if (q > from && s.charCodeAt(q - 1) === 92) return true; // \' escape
  let i = q + 1;
  while (i < to && (isSpace(s.charCodeAt(i)) || s.charCodeAt(i) === 41)) i++;
  if (i >= to) return false;
  const c = s.charCodeAt(i);
  if (c >= 97 && c <= 122) return AFTER_QUOTE_WORDS.has(wordAt(s, i, to));
  // operators, comments, ';' continue SQL; digits, quotes, ',' '.' and the like do not.
  return c === 61 || c === 60 || c === 62 || c === 33 || c === 124 || c === 38 || c === 43 || c === 45 || c === 42
    || c === 47 || c === 37 || c === 94 || c === 126 || c === 58 || c === 35 || c === 59;
}

function judgeRange(s: string, from: number, to: number, mask: number, anywhere: boolean): Rule | null {
  if ((mask & M_SQL) === 0) {
    // Only letters, digits and spaces: "1 union select 1", or a condition after a number
    // (1 AND 1 NOT LIKE 0) remain possible.
    if ((mask & M_SPACE) === 0 || !(anywhere || startsLikeSql(s, from, to))) return null;
  }
  let r: Rule | null;
  // A comparison lets a condition start anywhere (HOPE AND 8=3).
  if (anywhere || (mask & (M_EQ | M_LT | M_GT_BANG)) !== 0 || startsLikeSql(s, from, to)) {
    tokenize(s, from, to, 0);
    r = judge(s, 0);
    if (r !== null) return r;
  }
  if ((mask & M_SQUOTE) !== 0 && (anywhere || continuesLikeSql(s, from, to, 39))) {
    const q = s.indexOf("'", from);
    if (q >= 0 && q < to) {
      tokenize(s, from, to, 39);
      r = judge(s, 39);
      if (r !== null) return r;
    }
  }
  if ((mask & M_DQUOTE) !== 0 && (anywhere || continuesLikeSql(s, from, to, 34))) {
    const q = s.indexOf('"', from);
    if (q >= 0 && q < to) {
      tokenize(s, from, to, 34);
      r = judge(s, 34);
      if (r !== null) return r;
    }
  }
  return null;
}

/** Characters without which this detector has nothing to find. */
export const SQLI_TRIGGER = M_SQL | M_SPACE;

/** In a path segment: anything but letters, digits and -._~ may be SQL. */
const SEGMENT_SQL = M_SQL | M_SPACE;

/** SQL injection detector. Paths are judged segment by segment. */
export function detectSqli(v: ScanValue): Rule | null {
  const s = v.lower;
  // A path whose only SQL-capable character is '/' has no segment worth judging.
  if (v.source === SOURCE_PATH && (v.mask & SEGMENT_SQL & ~M_SLASH) === 0) return null;
  const anywhere = anywhereRulesPossible(s, v.mask);
  if (v.source !== SOURCE_PATH) return judgeRange(s, 0, s.length, v.mask, anywhere);
  let from = 0;
  while (from <= s.length) {
    let to = s.indexOf('/', from);
    if (to < 0) to = s.length;
    // Most segments are letters, digits and -._~ and hold no SQL.
    if (to - from > 2) {
      const mask = charMaskRange(s, from, to);
      if ((mask & SEGMENT_SQL) !== 0) {
        const r = judgeRange(s, from, to, mask, anywhere);
        if (r !== null) return r;
      }
    }
    from = to + 1;
  }
  return null;
}

