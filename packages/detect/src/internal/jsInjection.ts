// Server-side JavaScript injection: values that only make sense as Node.js code reaching eval,
// Function, vm or a template engine (require('child_process'), process.mainModule,
// this.constructor.constructor(...), global.process). Level 1 wants a code shape (a call with
// an argument, a quoted module name, a property chain no prose has); prose that names these
// APIs ("the process exited", "process.env in node") and code in Markdown fences are level 2.
import type { Rule } from '../types.js';
import {
  JS_BASE64, JS_CODE_SHAPE, JS_CORE_MODULE, JS_EVAL, JS_FUNCTION_CONSTRUCTOR, JS_GADGET_MARKER,
  JS_INFINITE_LOOP, JS_PROCESS,
} from '../rules.js';
import { M_BACKSLASH, M_BRACKET, M_DOLLAR, M_DOT, M_NEWLINE, M_PAREN, indexWithin, isDigit, isSpace } from './charClass.js';
import { setHit } from './hit.js';
import { decodeJsEscapes } from './normalize.js';
import { JS_CODE_ANCHORS } from './patterns.js';
import type { ScanValue } from './ScanValue.js';

/**
 * Characters without which this detector has nothing to find: code punctuation, `$` of serialized
 * markers, `\` of escapes. (Plain Base64 values are decoded and scanned again by the engine.)
 */
export const JS_INJECTION_TRIGGER = M_DOT | M_PAREN | M_BRACKET | M_DOLLAR | M_BACKSLASH;

/**
 * Every occurrence of an anchor is looked at, so no padding of harmless ones in front hides a
 * payload: the work per occurrence is bounded (a short look around, windows of at most 256
 * characters) or shared (a member chain is measured once). Only `Function('...')` arguments,
 * searched for words across up to 256 characters each, are judged at most this often per value.
 */
const MAX_JUDGED_ARGUMENTS = 32;
/** Base64 values decoded at most this long (input characters). */
const MAX_BASE64 = 4096;

/** Core modules whose loading from request data means shell, file, network or sandbox access. */
const CORE_MODULES = [
  'child_process', 'fs/promises', 'fs', 'net', 'vm', 'os', 'dgram', 'cluster', 'worker_threads', 'process',
  'module', 'v8', 'inspector',
];
/** Members of `require` that reach the module loader's internals. */
const REQUIRE_INTERNALS = ['main', 'cache', 'extensions'];
const EXEC_CALLS = ['.execsync', '.exec', '.spawnsync', '.spawn', '.execfilesync', '.execfile', '.fork'];
const FS_CALLS = [
  'readfilesync', 'readfile', 'writefilesync', 'writefile', 'appendfilesync', 'appendfile', 'readdirsync',
  'readdir', 'unlinksync', 'unlink', 'rmsync', 'rmdirsync', 'createreadstream', 'createwritestream', 'opensync',
  'copyfilesync', 'symlinksync', 'chmodsync',
];
/** Process members that hand out native bindings, modules or globals: dangerous with or without a call. */
const PROCESS_LOADERS = ['mainmodule', 'binding', '_linkedbinding', 'dlopen', 'getbuiltinmodule'];
/**
 * Process members that leak the environment or reach further objects: code only in code context
 * (`;process.env`, alone in the value); "the process.main loop" is prose.
 */
const PROCESS_INFO = [
  'constructor', 'global', 'require', 'main', 'env', 'argv', 'execargv', 'execpath', 'cwd', 'pid', 'ppid', 'version', 'versions', 'platform', 'arch', 'config',
  'memoryusage', 'getuid', 'getgid', 'report', 'title', 'uptime',
];
/** Process members that end or alter the server when called. */
const PROCESS_CALLS = ['exit', 'kill', 'abort', 'reallyexit', 'setuid', 'setgid', 'chdir', 'umask'];
/** What eval(...) can be handed that is code or decodes to code. */
const EVAL_ARGUMENTS = [
  'atob(', 'buffer.from(', 'new buffer(', 'string.fromcharcode', 'unescape(', 'decodeuricomponent(', 'require',
  'process', 'req.', 'request.', 'function', 'this.', 'global', 'new function',
];
const VM_CALLS = ['vm.runinnewcontext', 'vm.runinthiscontext', 'vm.runincontext', 'vm.compilefunction', 'vm.script'];
const TIMER_CALLS = ['settimeout', 'setinterval', 'setimmediate'];
const CONSOLE_CALLS = ['console.log', 'console.info', 'console.warn', 'console.error', 'console.debug', 'console.dir'];
/** Loop conditions that never change: the words a constant truthy/falsy expression is made of. */
const LOOP_WORDS = ['true', 'false', 'null', 'undefined', 'nan', 'infinity', 'new date'];
/** Segments of a React Flight reference (`$1:__proto__:then`) that walk to prototypes. */
const FLIGHT_SEGMENTS = [':__proto__', ':constructor:constructor', ':prototype'];
/** Source text handed to Function(...) that is code, not a parameter list like Function('a', 'b'). */
const FUNCTION_BODY_WORDS = ['return', 'process', 'require', 'import(', 'this', 'eval', 'constructor', 'global', '(', ';'];

/** Result of the last {@link scanCode}: rule and where (in the scanned text). */
let found: Rule | null = null;
let foundAt = 0;
let foundEnd = 0;

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c) || c === 95 || c === 36;
}

function isQuote(c: number): boolean {
  return c === 39 || c === 34 || c === 96;
}

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** The anchor at `i` starts a word (not the tail of `xrequire` or `$eval`). */
function wordStart(s: string, i: number): boolean {
  return i === 0 || !isIdent(s.charCodeAt(i - 1));
}

/**
 * Code punctuation precedes position `i`, as when a payload closes a string or fills a template:
 * `;`, `{`, `}`, `=`, `+`, `%`, `||`, `&&`, and `(`/`[` right after a name (a call argument or an
 * index, not a parenthesis in prose). Commas, colons, quotes, `*`, `#`, `-`, `>` and `|` alone are how
 * prose and Markdown put code in a sentence (`Tip: process.env`, `**process.exit(1)**`, `- process.env`).
 */
function codePunctuationBefore(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isSpace(s.charCodeAt(j))) j--;
  if (j < 0) return false;
  const c = s.charCodeAt(j);
  // ; { } = + %
  if (c === 59 || c === 123 || c === 125 || c === 61 || c === 43 || c === 37) return true;
  // || &&
  if ((c === 124 || c === 38) && j > 0 && s.charCodeAt(j - 1) === c) return true;
  // f(process.env), x[process.argv]: the bracket follows a name or a closing bracket.
  if (c === 40 || c === 91) {
    const p = j > 0 ? s.charCodeAt(j - 1) : 0;
    return isIdent(p) || p === 41 || p === 93;
  }
  return false;
}

/** Nothing but blanks before `i`. */
function atValueStart(s: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isSpace(s.charCodeAt(j))) j--;
  return j < 0;
}

/** Code punctuation or the value starts before `i`. */
function codeBefore(s: string, i: number): boolean {
  return codePunctuationBefore(s, i) || atValueStart(s, i);
}

/**
 * After an expression ending at `i` comes nothing, or code punctuation (`;`, `)`, `,`, `+` ...),
 * not prose: `process.env.NODE_ENV` alone is code, `process.env.NODE_ENV not working` is a question.
 */
function codeAfter(s: string, i: number): boolean {
  const j = skipSpaces(s, i);
  if (j >= s.length) return true;
  const c = s.charCodeAt(j);
  // ; ) , + } | & ] . ' " `
  return c === 59 || c === 41 || c === 44 || c === 43 || c === 125 || c === 124 || c === 38 || c === 93
    || c === 46 || isQuote(c);
}

// The last chain measured: chainEnd() from anywhere inside [chainFrom, chainTo] of chainOf is
// chainTo, so the occurrences of one long chain (`process.env.process.env...`) measure it once.
let chainOf: string | undefined;
let chainFrom = 0;
let chainTo = 0;

/** End of a member chain (`.a.b`, `["x"]`) starting at `i`. */
function chainEnd(s: string, i: number): number {
  if (s === chainOf && i >= chainFrom && i <= chainTo) return chainTo;
  const from = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (!(isIdent(c) || c === 46 || c === 91 || c === 93 || c === 39 || c === 34)) break;
    i++;
  }
  chainOf = s;
  chainFrom = from;
  chainTo = i;
  return i;
}

/** The first `)` in `s[from, from + max]`, or -1: `s.indexOf(')', from)` for callers that only take a near one. */
function closeWithin(s: string, from: number, max: number): number {
  return indexWithin(s, 41, from, Math.min(s.length, from + max + 1));
}

/** A process member in code: after code punctuation, or alone in the value (`process.env`, `process.exit()`). */
function processInCode(s: string, base: number, after: number): boolean {
  return codePunctuationBefore(s, base) || (atValueStart(s, base) && codeAfter(s, after));
}

/**
 * Position after `(` (and blanks) when a call opens at `i` (blanks allowed before it), else -1.
 * `(node:internal/...)` and `(file:///...)` are stack-frame locations in crash reports, not calls.
 */
function callOpen(s: string, i: number): number {
  const j = skipSpaces(s, i);
  if (j >= s.length || s.charCodeAt(j) !== 40) return -1;
  let a = skipSpaces(s, j + 1);
  if (s.startsWith('node:', a) || s.startsWith('file:', a)) return -1;
  // require(\"fs\") in JSON text that was not parsed: the escaped quote is the quote.
  if (s.charCodeAt(a) === 92 && isQuote(s.charCodeAt(a + 1))) a++;
  return a;
}

/** A call opens at `i` and has an argument (`exec('id')`, not `exec()` in prose). */
function callWithArgument(s: string, i: number): boolean {
  const a = callOpen(s, i);
  return a >= 0 && a < s.length && s.charCodeAt(a) !== 41;
}

/** A call opens at `i` whose first argument is a string literal, or the value ends inside it. */
function callWithLiteral(s: string, i: number): boolean {
  const a = callOpen(s, i);
  return a >= 0 && (a >= s.length || isQuote(s.charCodeAt(a)));
}

function startsWithAny(s: string, i: number, list: readonly string[]): string | null {
  for (let wIndex = 0; wIndex < list.length; wIndex++) {
    const w = list[wIndex] as string;
    if (s.startsWith(w, i)) return w;
  }
  return null;
}

/** The identifier at `i` is one of `list` (whole word: `main`, not `maintenance`). */
function memberIn(s: string, i: number, list: readonly string[]): string | null {
  for (let wIndex = 0; wIndex < list.length; wIndex++) {
    const w = list[wIndex] as string;
    if (s.startsWith(w, i) && (i + w.length >= s.length || !isIdent(s.charCodeAt(i + w.length)))) return w;
  }
  return null;
}

/** `'child_process'`, `"node:fs"`, `` `vm` ``: a quoted dangerous core module name at `i`. */
function quotedModule(s: string, i: number): boolean {
  const q = s.charCodeAt(i);
  if (!isQuote(q)) return false;
  let j = i + 1;
  if (s.startsWith('node:', j)) j += 5;
  const name = startsWithAny(s, j, CORE_MODULES);
  if (name === null) return false;
  const e = j + name.length;
  return s.charCodeAt(e) === q || (s.charCodeAt(e) === 92 && s.charCodeAt(e + 1) === q);
}

function record(rule: Rule, at: number, end: number): boolean {
  found = rule;
  foundAt = at;
  foundEnd = end;
  return true;
}

/** A level-2 shape, reported only when no level-1 shape turns up in the value. */
let weakAt = -1;
let weakEnd = 0;
function noteWeak(at: number, end: number): void {
  if (weakAt >= 0) return;
  weakAt = at;
  weakEnd = end;
}

/** `require('child_process')`, `import("fs")`, `require.main.require(`, `require[req.query.a]`. */
const MODULE_LOADERS = ['require', 'import', '_load'];

function moduleLoad(s: string): boolean {
  for (let w = 0; w < MODULE_LOADERS.length; w++) {
    const word = MODULE_LOADERS[w] as string;
    let i = s.indexOf(word);
    while (i >= 0) {
      const end = i + word.length;
      if (wordStart(s, i) || word === '_load') {
        const a = callOpen(s, end);
        if (a >= 0 && (quotedModule(s, a) || s.startsWith('child_process', a))) return record(JS_CORE_MODULE, i, a + 24);
        if (word === 'require') {
          // require.main.constructor._load, require.cache[...], require.extensions: the module loader itself.
          const internal = s.charCodeAt(end) === 46 ? memberIn(s, end + 1, REQUIRE_INTERNALS) : null;
          if (internal !== null) {
            const after = end + 1 + internal.length;
            const c = s.charCodeAt(after);
            // require.main.require(, require.cache[...], or the expression alone / after code.
            if (c === 46 || c === 91 || c === 61 || codePunctuationBefore(s, i) || (atValueStart(s, i) && codeAfter(s, after))) {
              return record(JS_CORE_MODULE, i, end + 32);
            }
            noteWeak(i, after);
          }
          if (s.charCodeAt(end) === 91) {
            const c = s.charCodeAt(end + 1);
            if (isQuote(c) || s.startsWith('req.', end + 1)) return record(JS_CORE_MODULE, i, end + 24);
          }
        }
      }
      i = s.indexOf(word, end);
    }
  }
  return false;
}

/** `child_process` named and one of its exec functions called with a command string. */
function childProcessCall(s: string): boolean {
  const at = s.indexOf('child_process');
  if (at < 0) return false;
  // x('child_process'): the quoted name as the only argument of any call (an aliased require).
  const q = s.charCodeAt(at - 1);
  if (isQuote(q) && s.charCodeAt(at + 13) === q) {
    let b = at - 2;
    while (b >= 0 && isSpace(s.charCodeAt(b))) b--;
    const close = skipSpaces(s, at + 14);
    if (b >= 0 && s.charCodeAt(b) === 40 && s.charCodeAt(close) === 41) return record(JS_CORE_MODULE, b, close + 1);
  }
  for (let callIndex = 0; callIndex < EXEC_CALLS.length; callIndex++) {
    const call = EXEC_CALLS[callIndex] as string;
    let i = s.indexOf(call);
    while (i >= 0) {
      if (callWithLiteral(s, i + call.length) && callOpen(s, i + call.length) < s.length) return record(JS_CORE_MODULE, Math.min(at, i), Math.max(at + 13, i + 32));
      i = s.indexOf(call, i + call.length);
    }
  }
  return false;
}

/** `fs.readFileSync('/etc/passwd')`, `fs.promises.writeFile("x", ...)`: file access with a literal path. */
function fsCall(s: string): boolean {
  let i = s.indexOf('fs.');
  while (i >= 0) {
    if (wordStart(s, i)) {
      let j = i + 3;
      if (s.startsWith('promises.', j)) j += 9;
      const name = startsWithAny(s, j, FS_CALLS);
      if (name !== null && callWithLiteral(s, j + name.length)) return record(JS_CORE_MODULE, i, j + name.length + 40);
    }
    i = s.indexOf('fs.', i + 3);
  }
  return false;
}

/** A member name after `.` or `[` (optionally quoted) at `i`; returns its start or -1. */
function memberStart(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 46) return i + 1;
  if (c !== 91) return -1;
  const q = s.charCodeAt(i + 1);
  return isQuote(q) ? i + 2 : i + 1;
}

/** Objects that hold `process` as a property: `global.process`, `globalThis["process"]`, `this.process`. */
const PROCESS_HOLDERS = ['globalthis', 'global', 'this', 'root'];

/** Start of a holder object before `process` at `i` (`global.` or `global["`), or -1. */
function holderBefore(s: string, i: number): number {
  let j = i;
  if (j >= 2 && isQuote(s.charCodeAt(j - 1)) && s.charCodeAt(j - 2) === 91) j -= 2;
  else if (j >= 1 && s.charCodeAt(j - 1) === 46) j -= 1;
  else return -1;
  for (let hIndex = 0; hIndex < PROCESS_HOLDERS.length; hIndex++) {
    const h = PROCESS_HOLDERS[hIndex] as string;
    const at = j - h.length;
    if (at >= 0 && s.startsWith(h, at) && wordStart(s, at)) return at;
  }
  return -1;
}

/** End of a member (and of its call, if it is called) starting at `m`. */
function memberEnd(s: string, m: number): number {
  const e = chainEnd(s, m);
  if (s.charCodeAt(e) !== 40) return e;
  const close = closeWithin(s, e, 64);
  return close >= 0 ? close + 1 : s.length;
}

/**
 * `process.mainModule`, `process.binding(`, `global.process.env`, `process["env"]`,
 * `globalThis["process"]`, `';process.exit()//`. Prose mentions are noted as level 2.
 */
function processAccess(s: string): boolean {
  let i = s.indexOf('process');
  while (i >= 0) {
    let end = i + 7;
    if (wordStart(s, i) && !isIdent(s.charCodeAt(end))) {
      const holder = holderBefore(s, i);
      const prefixed = holder >= 0;
      const base = prefixed ? holder : i;
      // globalThis["process"]: past the closing quote and bracket.
      if (isQuote(s.charCodeAt(end)) && s.charCodeAt(end + 1) === 93) end += 2;
      const m = memberStart(s, end);
      const bracket = s.charCodeAt(end) === 91;
      if (m > 0) {
        const code = prefixed || bracket;
        if (memberIn(s, m, PROCESS_LOADERS) !== null) return record(JS_PROCESS, base, m + 40);
        if (bracket && s.startsWith('req', m)) return record(JS_PROCESS, base, m + 24);
        if (memberIn(s, m, PROCESS_INFO) !== null) {
          if (code || processInCode(s, base, memberEnd(s, m))) return record(JS_PROCESS, base, m + 24);
          noteWeak(base, m + 24);
        }
        const call = memberIn(s, m, PROCESS_CALLS);
        const a = call !== null ? callOpen(s, m + call.length) : -1;
        if (a >= 0) {
          if (code || processInCode(s, base, memberEnd(s, m))) return record(JS_PROCESS, base, m + 24);
          noteWeak(base, m + 24);
        }
      } else if (prefixed && codeBefore(s, base)) {
        return record(JS_PROCESS, base, end);
      }
    }
    i = s.indexOf('process', i + 7);
  }
  return false;
}

/** `module.exports = ...` after code: replacing what a module exports (level 2 otherwise). */
function moduleExports(s: string): boolean {
  const at = s.indexOf('module.exports');
  if (at < 0 || !wordStart(s, at)) return false;
  const e = skipSpaces(s, at + 14);
  if (s.charCodeAt(e) !== 61 || s.charCodeAt(e + 1) === 61) return false;
  // After `;` or `}` it is injected into running code; a value that starts with it is a snippet.
  if (codePunctuationBefore(s, at)) return record(JS_CORE_MODULE, at, e + 32);
  noteWeak(at, e + 32);
  return false;
}

/**
 * The Function constructor: `this.constructor.constructor`, `[]["constructor"]["constructor"]`,
 * `range.constructor("return ...")`, `Function("return this")()`, `new Function('...')`.
 */
function functionConstructor(s: string): boolean {
  let i = s.indexOf('constructor');
  while (i >= 0) {
    let j = i + 11;
    // .constructor / ["constructor"] / ['constructor']
    const c = s.charCodeAt(j);
    if (c === 46) j++;
    else if (c === 39 || c === 34 || c === 93) {
      while (j < s.length && j < i + 16 && (s.charCodeAt(j) === 39 || s.charCodeAt(j) === 34 || s.charCodeAt(j) === 93 || s.charCodeAt(j) === 91)) j++;
    }
    if (j > i + 11 && s.startsWith('constructor', j)) return record(JS_FUNCTION_CONSTRUCTOR, Math.max(0, i - 8), j + 40);
    if (i >= 5 && s.startsWith('this.', i - 5) && wordStart(s, i - 5)) noteWeak(i - 5, i + 11);
    // x.constructor("return process")(): a function's constructor is Function.
    if (i > 0 && s.charCodeAt(i - 1) === 46 && callWithLiteral(s, i + 11) && callOpen(s, i + 11) < s.length) {
      return record(JS_FUNCTION_CONSTRUCTOR, Math.max(0, i - 8), i + 48);
    }
    i = s.indexOf('constructor', i + 11);
  }
  i = s.indexOf('function');
  let judged = 0;
  while (i >= 0 && judged < MAX_JUDGED_ARGUMENTS) {
    const end = i + 8;
    if (wordStart(s, i)) {
      let b = i - 1;
      while (b >= 0 && isSpace(s.charCodeAt(b))) b--;
      const isNew = b >= 2 && s.startsWith('new', b - 2) && wordStart(s, b - 2);
      // Function("...") and new Function("...") take source text; a function literal takes names.
      const a = callOpen(s, end);
      const from = isNew ? b - 2 : i;
      if (a >= 0 && isNew && a >= s.length) return record(JS_FUNCTION_CONSTRUCTOR, from, end + 40); // cut payload
      if (a >= 0 && a < s.length && isQuote(s.charCodeAt(a))) {
        judged++;
        if (containsWord(s.slice(a, argumentsEnd(s, a)), FUNCTION_BODY_WORDS)) {
          return record(JS_FUNCTION_CONSTRUCTOR, from, end + 40);
        }
        noteWeak(from, end + 40);
      }
    }
    i = s.indexOf('function', end);
  }
  return false;
}

/** End of a call's arguments starting at `a`: the first `)` outside string literals (bounded). */
function argumentsEnd(s: string, a: number): number {
  const limit = Math.min(s.length, a + 256);
  let quote = 0;
  for (let i = a; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (isQuote(c)) {
      quote = c;
    } else if (c === 41) {
      return i;
    }
  }
  return limit;
}

function containsWord(s: string, words: readonly string[]): boolean {
  for (let wIndex = 0; wIndex < words.length; wIndex++) {
    const w = words[wIndex] as string;
    if (s.indexOf(w) >= 0) return true;
  }
  return false;
}

/** `eval("...")`, `eval(atob(...))`, `setTimeout("code")`, `vm.runInNewContext(...)`. */
function stringEvaluation(s: string): boolean {
  let i = s.indexOf('eval');
  while (i >= 0) {
    const end = i + 4;
    if (wordStart(s, i)) {
      // (0, eval)('...'): the indirect call evaluates in the global scope.
      const j = skipSpaces(s, end);
      const a = callOpen(s, s.charCodeAt(j) === 41 ? j + 1 : end);
      if (a >= 0 && (a >= s.length || isQuote(s.charCodeAt(a)) || startsWithAny(s, a, EVAL_ARGUMENTS) !== null)) {
        return record(JS_EVAL, i, a + 40);
      }
    }
    i = s.indexOf('eval', end);
  }
  for (let timerIndex = 0; timerIndex < TIMER_CALLS.length; timerIndex++) {
    const timer = TIMER_CALLS[timerIndex] as string;
    const at = s.indexOf(timer);
    if (at < 0 || !wordStart(s, at)) continue;
    const a = callOpen(s, at + timer.length);
    if (a >= 0 && (a >= s.length || isQuote(s.charCodeAt(a)) || startsWithAny(s, a, EVAL_ARGUMENTS) !== null)) {
      return record(JS_EVAL, at, at + 48);
    }
  }
  for (let callIndex = 0; callIndex < VM_CALLS.length; callIndex++) {
    const call = VM_CALLS[callIndex] as string;
    const at = s.indexOf(call);
    if (at >= 0 && wordStart(s, at) && callWithArgument(s, at + call.length)
      && (callWithLiteral(s, at + call.length) || codeBefore(s, at))) return record(JS_EVAL, at, at + 48);
  }
  return false;
}

/** node-serialize's `_$$ND_FUNC$$_` and React Flight references walking prototypes (`$1:__proto__:then`). */
function gadgetMarker(s: string): boolean {
  const nd = s.indexOf('_$$nd_func$$_');
  if (nd >= 0) return record(JS_GADGET_MARKER, nd, nd + 48);
  // funcster's serialized functions: {"__js_function": "function(){...}"} (as text or a parsed key).
  const fn = s.indexOf('__js_function');
  if (fn >= 0 && wordStart(s, fn) && !isIdent(s.charCodeAt(fn + 13))) return record(JS_GADGET_MARKER, fn, fn + 48);
  for (let segIndex = 0; segIndex < FLIGHT_SEGMENTS.length; segIndex++) {
    const seg = FLIGHT_SEGMENTS[segIndex] as string;
    let i = s.indexOf(seg);
    while (i >= 0) {
      // Back to the `$<id>` the reference starts with, over [a-z0-9_:] only.
      let j = i - 1;
      while (j >= 0 && j > i - 24) {
        const c = s.charCodeAt(j);
        if (!((c >= 97 && c <= 122) || isDigit(c) || c === 95 || c === 58)) break;
        j--;
      }
      // The reference goes on (`:then`) or its string ends: `$5:constructor grade` is prose.
      const after = s.charCodeAt(i + seg.length);
      const ends = after === 58 || after === 34 || after === 39 || after === 92 || i + seg.length >= s.length;
      if (ends && j >= 0 && j < i - 1 && s.charCodeAt(j) === 36) return record(JS_GADGET_MARKER, j, i + seg.length + 24);
      i = s.indexOf(seg, i + seg.length);
    }
  }
  return false;
}

/** A constant loop condition: only `!`, `+`, `-`, digits, string literals, `[]`, `{}` and the words of {@link LOOP_WORDS}. */
function constantCondition(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  let i = from;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (isQuote(c)) {
      const close = indexWithin(s, c, i + 1, to);
      if (close < 0) return false;
      i = close + 1;
      continue;
    }
    if (c === 33 || c === 43 || c === 45 || isDigit(c) || c === 91 || c === 93 || c === 123
      || c === 125 || isSpace(c)) {
      i++;
      continue;
    }
    const w = startsWithAny(s, i, LOOP_WORDS);
    if (w === null) return false;
    i += w.length;
  }
  return true;
}

/** `while(!0);`, `while(true){}`, `for(;;);`: a loop that hangs the event loop. */
function infiniteLoop(s: string): boolean {
  let i = s.indexOf('while');
  while (i >= 0) {
    const end = i + 5;
    const a = wordStart(s, i) ? callOpen(s, end) : -1;
    if (a >= 0) {
      const close = closeWithin(s, a, 24);
      if (close > 0 && constantCondition(s, a, close)) {
        const after = skipSpaces(s, close + 1);
        const whole = after >= s.length && skipSpaces(s, 0) === i;
        const cond = s.slice(a, close).trim();
        // The bare `while(true)` is how people write about loops; an empty body, an odd constant or
        // code before it (`do{}while(1)`, `x=1;while(true)`) is code.
        const ends = after >= s.length;
        if (s.charCodeAt(after) === 59 || s.startsWith('{}', after) || (whole && cond !== 'true' && cond !== '1')
          || (ends && codePunctuationBefore(s, i))) {
          return record(JS_INFINITE_LOOP, i, after + 1);
        }
        if (whole) noteWeak(i, after);
      }
    }
    i = s.indexOf('while', end);
  }
  let f = s.indexOf('for');
  while (f >= 0) {
    const a = wordStart(s, f) ? callOpen(s, f + 3) : -1;
    if (a >= 0 && s.startsWith(';;)', a)) {
      const after = skipSpaces(s, a + 3);
      if (s.charCodeAt(after) === 59 || s.startsWith('{}', after)) return record(JS_INFINITE_LOOP, f, after + 1);
    }
    f = s.indexOf('for', f + 3);
  }
  return false;
}

/** Level 2: `console.log(1)`, `function() {`, `new Function (`: JavaScript, but also how people write about it. */
function weakCodeShape(s: string): boolean {
  for (let callIndex = 0; callIndex < CONSOLE_CALLS.length; callIndex++) {
    const call = CONSOLE_CALLS[callIndex] as string;
    const at = s.indexOf(call);
    if (at >= 0 && wordStart(s, at) && callWithArgument(s, at + call.length)) return record(JS_CODE_SHAPE, at, at + 40);
  }
  let i = s.indexOf('function');
  while (i >= 0) {
    const a = wordStart(s, i) ? callOpen(s, i + 8) : -1;
    if (a >= 0) {
      const close = closeWithin(s, a, 32);
      if (a >= s.length || (close >= 0 && s.charCodeAt(skipSpaces(s, close + 1)) === 123)) {
        return record(JS_CODE_SHAPE, i, i + 40);
      }
    }
    i = s.indexOf('function', i + 8);
  }
  return false;
}

/** Every shape, level 1 first; leaves the match in {@link found}. */
function scanCode(s: string): boolean {
  found = null;
  weakAt = -1;
  if (!JS_CODE_ANCHORS.test(s)) return false;
  try {
    if (moduleLoad(s) || childProcessCall(s) || gadgetMarker(s) || functionConstructor(s) || stringEvaluation(s)
      || fsCall(s) || processAccess(s) || moduleExports(s) || infiniteLoop(s)) return true;
    if (weakAt >= 0) return record(JS_CODE_SHAPE, weakAt, weakEnd);
    return weakCodeShape(s);
  } finally {
    chainOf = undefined; // the memo must not keep the value (request data) alive
  }
}

/** Markdown with fenced code: a post about Node, so what it shows is reported on level 2 only. */
function fencedDocument(v: ScanValue): boolean {
  return (v.mask & M_NEWLINE) !== 0 && (v.lower.indexOf('```') >= 0 || v.lower.indexOf('~~~') >= 0);
}

function isBase64Char(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 43 || c === 47 || c === 45 || c === 95;
}

/** The whole value is base64 (standard or URL-safe, optional padding) of at least 16 characters. */
function looksBase64(s: string): boolean {
  let n = s.length;
  while (n > 0 && s.charCodeAt(n - 1) === 61) n--;
  if (n < 16 || s.length - n > 2 || n > MAX_BASE64) return false;
  let letters = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!isBase64Char(c)) return false;
    if (c >= 65 && c <= 90) letters++;
  }
  return letters > 0; // all-lowercase words and numbers are not base64 worth decoding
}

const B64 = new Int8Array(128).fill(-1);
(function fillBase64(): void {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) B64[a.charCodeAt(i)] = i;
  B64[45] = 62; // URL-safe '-'
  B64[95] = 63; // URL-safe '_'
})();

/** Base64 to a Latin-1 string (enough for ASCII code); stops at padding. */
function decodeBase64(s: string): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) break;
    acc = (acc << 6) | (B64[c] as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
      acc &= (1 << bits) - 1;
    }
  }
  return out;
}

/**
 * Base64 of a payload spelled in JavaScript escapes (`\u0058\u0079Qk...`): what a JSON or JS
 * string decodes to before the app base64-decodes it. Plain Base64 the engine decodes itself.
 */
function base64Payload(unescaped: string): boolean {
  if (!looksBase64(unescaped)) return false;
  let text = decodeBase64(unescaped);
  if (text.indexOf('\\') >= 0) text = decodeJsEscapes(text);
  return scanCode(text.toLowerCase());
}

/** `\u0072equire(...)`, `\x65val(`: JavaScript escapes undone, then judged again. */
function escapedCode(v: ScanValue): Rule | null {
  const s = v.lower;
  if (s.indexOf('\\u') < 0 && s.indexOf('\\x') < 0) return null;
  const decoded = decodeJsEscapes(v.norm);
  if (decoded === v.norm) return null;
  const t = decoded.toLowerCase();
  // Identifiers spelled in escapes are never prose: even a level-2 shape counts here.
  if (scanCode(t)) {
    setHit(t, foundAt, foundEnd);
    return JS_BASE64;
  }
  if (base64Payload(decoded)) {
    setHit(v.norm, 0, v.norm.length);
    return JS_BASE64;
  }
  return null;
}

export function detectJsInjection(v: ScanValue): Rule | null {
  const s = v.lower;
  if ((v.mask & (M_PAREN | M_BRACKET | M_DOT | M_DOLLAR)) !== 0 && scanCode(s)) {
    const rule = found as Rule;
    setHit(s, foundAt, foundEnd);
    return rule !== JS_CODE_SHAPE && fencedDocument(v) ? JS_CODE_SHAPE : rule;
  }
  return (v.mask & M_BACKSLASH) !== 0 ? escapedCode(v) : null;
}
