// Server-side template injection: expression probes and payloads in the syntax of server template
// engines ({{7*7}}, ${{...}}, <%= %>, #{...}, *{...}, @(...), {% %}, Freemarker, Velocity,
// Handlebars). A plain identifier between braces ({{ user.name }}, ${price}) is how templates are
// shown as text; arithmetic on numbers, object-graph walking and code-running directives are not.
import type { Rule } from '../types.js';
import { SSTI_ARITHMETIC, SSTI_DIRECTIVE, SSTI_OBJECT_WALK, SSTI_WEAK_PROBE } from '../rules.js';
import {
  M_AMP, M_AT, M_BACKSLASH, M_BRACE, M_BRACKET, M_DOLLAR, M_DOT, M_EQ, M_HASH, M_LT, M_PAREN, M_PERCENT, M_STAR, indexWithin, isDigit, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';

/** Characters without which this detector has nothing to find (`&` and `\` for escaped braces). */
export const SSTI_TRIGGER = M_BRACE | M_LT | M_AT | M_HASH | M_DOLLAR | M_BRACKET | M_AMP | M_BACKSLASH;

/** Template openings looked at per value (for braces: unclosed bodies judged per value). */
const MAX_OPENINGS = 64;
/** Longest expression body judged. */
const MAX_BODY = 512;
/** An unclosed expression (a payload cut by a length limit) is judged up to its line end, at most this far. */
const MAX_OPEN_BODY = 128;

/** Delimiter kinds: `{{ }}` is also client-side (Angular, Vue) text, the others are server syntax. */
const K_CURLY2 = 1;
const K_SERVER = 2;

/** Reaching interpreter objects or running commands from an expression, in any engine. */
const WALKS = [
  'constructor', '__class__', '__mro__', '__subclasses__', '__globals__', '__builtins__', '__init__', '__import__',
  '__base__', '__dict__', '__getattribute__', '__getitem__', '__proto__', 'process.', 'process[', 'require(',
  'require.', 'child_process', 'global.', 'globalthis', 'getruntime', 'processbuilder', 'java.lang', 't(java',
  't (java', 'getclass(', 'forname(', 'classloader', '.exec(', 'system(', 'popen(', 'subprocess', 'os.system',
  'eval(', 'spawn(', 'execsync', 'config.items', 'config.from', 'config[', 'self._', '_self.', 'lipsum.',
  'cycler.', 'joiner.', 'url_for.', 'get_flashed_messages', 'request.application', 'request.environ',
  '|attr(', 'registerundefinedfiltercallback', '@java.', '#_memberaccess', '#context[', 'freemarker.',
  '?new(', 'io.popen', '%x(', 'instance_eval', 'class_eval', '.send(', 'system.diagnostics', 'file.read(',
  'file.open(', 'dir.entries(', 'dump(app)', 'app.request.server', 'settings.secret', 'config.secret', '$class.inspect',
];
/** PHP functions named by a string in a template: `{{['id']|filter('system')}}`. */
const QUOTED_PHP_CALLS = ['system', 'exec', 'passthru', 'popen', 'shell_exec', 'proc_open']
  .flatMap((f) => [`'${f}'`, `"${f}"`]);
/** Where such a name is handed over: a filter, a call, an option. */
const PHP_CALL_SITES = ['|', '(', ':'];
/** What a Velocity payload reaches after `#set($x=...)`. */
const VELOCITY_REFLECTION = ['getclass(', 'forname(', 'java.lang', '$class.', 'classloader', '.exec(', 'getruntime'];
/** Smarty tags that run PHP or reach engine internals. */
const SMARTY_TAGS = ['{php}', '{system(', '{exec(', '{passthru(', '{shell_exec(', '{$smarty.', 'smarty_internal_'];
/** Bare engine globals that template probes print: `{{config}}`, `{{self}}`. */
const GLOBAL_PROBES = ['config', 'self', 'settings', 'request', '_self', 'app'];

let foundAt = 0;
let foundEnd = 0;

function record(rule: Rule, at: number, end: number): Rule {
  foundAt = at;
  foundEnd = end;
  return rule;
}

function startsWithAny(s: string, i: number, list: readonly string[]): string | null {
  for (let wIndex = 0; wIndex < list.length; wIndex++) {
    const w = list[wIndex] as string;
    if (s.startsWith(w, i)) return w;
  }
  return null;
}

function skipBlanks(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c) || c === 95;
}

/** Some delimiter that opens a template expression can be present. */
function mayHaveTemplate(mask: number): boolean {
  return (mask & M_BRACE) !== 0 || ((mask & M_LT) !== 0 && (mask & (M_PERCENT | M_HASH)) !== 0)
    || ((mask & (M_AT | M_HASH | M_DOLLAR)) !== 0 && (mask & M_PAREN) !== 0)
    || ((mask & M_BRACKET) !== 0 && (mask & (M_STAR | M_EQ)) !== 0) || (mask & M_AT) !== 0;
}

/** Trimmed body bounds without engine whitespace controls (`{{- x -}}`, `<%= x %>`, `{{= x}}`, `${{x}}`). */
let bodyFrom = 0;
let bodyTo = 0;
function trimBody(s: string, from: number, to: number): void {
  while (from < to) {
    const c = s.charCodeAt(from);
    // blank = - ~ { #... but not '#' (Handlebars helpers are judged as they are)
    if (!(isSpace(c) || c === 61 || c === 45 || c === 126 || c === 123)) break;
    from++;
  }
  while (to > from) {
    const c = s.charCodeAt(to - 1);
    if (!(isSpace(c) || c === 45 || c === 126 || c === 125)) break;
    to--;
  }
  bodyFrom = from;
  bodyTo = to;
}

/**
 * Arithmetic on number literals only (`7*7`, `7*'7'`, `(1337*1337)`): 0 when the body is anything
 * else, 1 when it multiplies, 2 for other operators.
 */
function arithmetic(s: string, from: number, to: number): number {
  let numbers = 0;
  let ops = 0;
  let multiplies = false;
  let inNumber = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c) || (c === 46 && inNumber)) {
      if (!inNumber) numbers++;
      inNumber = true;
      continue;
    }
    inNumber = false;
    if (c === 42) {
      multiplies = true;
      ops++;
    } else if (c === 43 || c === 45 || c === 47 || c === 37) {
      ops++;
    } else if (!(isSpace(c) || c === 39 || c === 34 || c === 40 || c === 41)) {
      return 0;
    }
  }
  if (numbers < 2 || ops === 0) return 0;
  return multiplies ? 1 : 2;
}

/** Whether s[from..to) contains a word of `list`; searched in a copy so long values cost only the body. */
function containsAny(s: string, from: number, to: number, list: readonly string[]): boolean {
  const body = to - from < s.length ? s.slice(from, to) : s;
  for (let wIndex = 0; wIndex < list.length; wIndex++) {
    const w = list[wIndex] as string;
    if (body.indexOf(w) >= 0) return true;
  }
  return false;
}

/** Closing delimiters, found once per value: the next one after a position is the same for many openings. */
const CLOSERS = ['%}', '}}', '}', '%>', ')', '\n'];
const C_STATEMENT = 0;
const C_CURLY2 = 1;
const C_CURLY = 2;
const C_ERB = 3;
const C_PAREN = 4;
const C_NEWLINE = 5;
const closeCache = new Int32Array(CLOSERS.length);

/** `s.indexOf(CLOSERS[t], from)`, remembering the last answer (-1 stays -1 for later positions). */
function closeAfter(s: string, t: number, from: number): number {
  let c = closeCache[t] as number;
  if (c === -1) return -1;
  if (c < from) {
    c = s.indexOf(CLOSERS[t] as string, from);
    closeCache[t] = c;
  }
  return c;
}

/** Where an unclosed expression body starting at `from` is taken to end. */
function openBodyEnd(s: string, from: number): number {
  const limit = Math.min(s.length, from + MAX_OPEN_BODY);
  const nl = closeAfter(s, C_NEWLINE, from);
  return nl >= 0 && nl < limit ? nl : limit;
}

/** Judges one expression body s[from..to) opened by a delimiter of `kind`; `closed` when its end was found. */
function judgeBody(s: string, start: number, from: number, to: number, kind: number, closed: boolean): Rule | null {
  trimBody(s, from, to);
  const a = bodyFrom;
  const b = bodyTo;
  if (b <= a) return null;
  const end = Math.min(s.length, closed ? to + 2 : to);
  if (closed) {
    const ops = arithmetic(s, a, b);
    if (ops === 1 || (ops === 2 && kind === K_SERVER)) return record(SSTI_ARITHMETIC, start, end);
    if (ops === 2) return record(SSTI_WEAK_PROBE, start, end);
  }
  if (containsAny(s, a, b, WALKS)) return record(SSTI_OBJECT_WALK, start, end);
  // Ruby backticks run a shell command: #{`id`}, <%= `ls /` %>.
  const opener = s.charCodeAt(start);
  if (kind === K_SERVER && (opener === 35 || opener === 60) && indexWithin(s, 96, a, b) >= 0) {
    return record(SSTI_OBJECT_WALK, start, end);
  }
  // Twig handing a PHP function name to a filter or option: |filter('system'), {'options':'system'}.
  if (containsAny(s, a, b, QUOTED_PHP_CALLS) && containsAny(s, a, b, PHP_CALL_SITES)) return record(SSTI_OBJECT_WALK, start, end);
  // Mako <%! import os %>, <% import os %>: Python statements in a code block.
  if (opener === 60 && (s.startsWith('import ', a) || s.startsWith('!', a))) {
    const t = skipBlanks(s, s.startsWith('!', a) ? a + 1 : a);
    const name = s.startsWith('import ', t) ? t + 7 : s.startsWith('from ', t) ? t + 5 : -1;
    if (name > 0 && isWordChar(s.charCodeAt(skipBlanks(s, name)))) return record(SSTI_DIRECTIVE, start, end);
  }
  if (closed && kind === K_CURLY2) {
    for (let gIndex = 0; gIndex < GLOBAL_PROBES.length; gIndex++) {
      const g = GLOBAL_PROBES[gIndex] as string;
      if (b - a === g.length && s.startsWith(g, a)) return record(SSTI_WEAK_PROBE, start, end);
    }
  }
  return null;
}

const STATEMENT_KEYWORDS = ['if ', 'elif ', 'print ', 'set ', 'do '];
const CONSTANT_WORDS = ['true', 'false', 'none', 'null'];

/**
 * Only number literals, string literals, `true`/`false`/`none`, operators and comparisons; with
 * `needOperator`, at least one operator outside the strings (`7*7`, not `"Home"`).
 */
function constantExpression(s: string, from: number, to: number, needOperator: boolean): boolean {
  let i = skipBlanks(s, from);
  if (i >= to) return false;
  let operator = false;
  while (i < to) {
    const c = s.charCodeAt(i);
    if (c === 39 || c === 34) {
      const close = indexWithin(s, c, i + 1, to);
      if (close < 0) return false;
      i = close + 1;
      continue;
    }
    // digits . * + - / % ( ) = ! < > and blanks
    if (c === 42 || c === 43 || c === 45 || c === 47 || c === 37 || c === 61 || c === 33 || c === 60 || c === 62) {
      operator = true;
      i++;
      continue;
    }
    if (isDigit(c) || c === 46 || c === 40 || c === 41 || isSpace(c)) {
      i++;
      continue;
    }
    const w = startsWithAny(s, i, CONSTANT_WORDS);
    if (w === null || isWordChar(s.charCodeAt(i + w.length))) return false;
    i += w.length;
  }
  return operator || !needOperator;
}

/** Jinja/Twig/Tornado/Nunjucks statements: `{% import os %}`, `{% from x import y %}`, `{% if True %}49`. */
function judgeStatement(s: string, start: number, from: number, to: number): Rule | null {
  trimBody(s, from, to);
  const a = bodyFrom;
  const b = bodyTo;
  const end = Math.min(s.length, to + 2);
  // Tornado imports Python modules by name; Jinja and Twig import quoted template files.
  const target = s.startsWith('import ', a) ? a + 7 : s.startsWith('from ', a) ? a + 5 : -1;
  if (target > 0 && isWordChar(s.charCodeAt(skipBlanks(s, target)))) return record(SSTI_DIRECTIVE, start, end);
  // A condition or value made of constants is a probe: real templates test and print variables.
  // {% if True %}, {% if 7*7 == 49 %}, {% print 7*7 %}, {% set x = 7*7 %}
  const keyword = startsWithAny(s, a, STATEMENT_KEYWORDS);
  if (keyword !== null) {
    let c = a + keyword.length;
    if (keyword === 'set ') {
      const eq = indexWithin(s, 61, c, b);
      c = eq >= 0 ? eq + 1 : b;
    }
    if (constantExpression(s, c, b, keyword !== 'if ' && keyword !== 'elif ')) return record(SSTI_DIRECTIVE, start, end);
  }
  if (s.startsWith('debug', a) && b - a === 5) return record(SSTI_DIRECTIVE, start, end);
  if (containsAny(s, a, b, WALKS)) return record(SSTI_OBJECT_WALK, start, end);
  return null;
}

/** Engine-specific directives found by their exact spelling. */
// `mask` is the charMask of `s`: each search below is skipped when a character it needs is absent
// (same results, fewer scans of the whole value).
function directive(s: string, mask: number): Rule | null {
  // The detection polyglot ${{<%[%'"}}%\. opens several engines' syntax at once.
  const lt = (mask & M_LT) !== 0;
  let at = lt ? s.indexOf('<%[%') : -1;
  if (at < 0 && lt && (mask & M_BRACE) !== 0) at = s.indexOf('{{<%');
  if (at >= 0) return record(SSTI_ARITHMETIC, Math.max(0, at - 2), at + 12);
  at = (mask & M_DOT) !== 0 ? s.indexOf('freemarker.template.utility') : -1;
  if (at >= 0) return record(SSTI_DIRECTIVE, Math.max(0, s.lastIndexOf('<', at)), at + 48);
  const hash = (mask & M_HASH) !== 0;
  at = lt && hash ? s.indexOf('<#assign') : -1;
  if (at >= 0 && s.indexOf('?new(', at) > 0) return record(SSTI_DIRECTIVE, at, s.indexOf('?new(', at) + 7);
  // Velocity: #set($x = ...) with reflection after it; a bare #set is how Velocity templates look.
  // Every '#set' is looked at: the first one with `($name` decides, the others cost a blank skip
  // each (linear), so no run of '#setting' in front hides one.
  at = hash ? s.indexOf('#set') : -1;
  while (at >= 0) {
    let j = skipBlanks(s, at + 4);
    if (s.charCodeAt(j) === 40) {
      j = skipBlanks(s, j + 1);
      if (s.charCodeAt(j) === 36 && isWordChar(s.charCodeAt(j + 1))) {
        const to = Math.min(s.length, j + MAX_BODY);
        if (containsAny(s, j, to, VELOCITY_REFLECTION)) return record(SSTI_DIRECTIVE, at, j + 40);
        return record(SSTI_WEAK_PROBE, at, j + 40);
      }
    }
    at = s.indexOf('#set', at + 4);
  }
  // Handlebars: {{#with "s" as |string|}} builds a string to reach its constructor.
  at = hash && (mask & M_BRACE) !== 0 ? s.indexOf('{{#with') : -1;
  if (at >= 0) {
    let j = at + 7;
    while (j < s.length && isSpace(s.charCodeAt(j))) j++;
    const q = s.charCodeAt(j);
    const as = s.indexOf(' as |', j);
    if ((q === 34 || q === 39) && as > 0 && as < j + 64) return record(SSTI_DIRECTIVE, at, as + 16);
  }
  // Smarty: {php}, {system('id')}, {$smarty.version}, {Smarty_Internal_Write_File::writeFile(...)}.
  // Every tag but the last starts with '{'.
  if ((mask & M_BRACE) !== 0) {
    for (let tagIndex = 0; tagIndex < SMARTY_TAGS.length; tagIndex++) {
      const tag = SMARTY_TAGS[tagIndex] as string;
      at = s.indexOf(tag);
      if (at >= 0) return record(SSTI_DIRECTIVE, at, at + 48);
    }
  } else {
    at = s.indexOf(SMARTY_TAGS[SMARTY_TAGS.length - 1] as string);
    if (at >= 0) return record(SSTI_DIRECTIVE, at, at + 48);
  }
  // Razor code without parentheses: @System.Diagnostics.Process.Start("cmd.exe").
  // Blade: @php ... @endphp runs PHP.
  const atSign = (mask & M_AT) !== 0;
  at = atSign ? s.indexOf('@php') : -1;
  if (at >= 0 && s.indexOf('@endphp', at + 4) > 0) return record(SSTI_DIRECTIVE, at, at + 48);
  at = atSign && (mask & M_DOT) !== 0 ? s.indexOf('@system.diagnostics.process') : -1;
  if (at >= 0) return record(SSTI_OBJECT_WALK, at, at + 48);
  // Velocity's ClassTool: $class.inspect("java.lang.Runtime").
  at = (mask & (M_DOLLAR | M_DOT | M_PAREN)) === (M_DOLLAR | M_DOT | M_PAREN) ? s.indexOf('$class.inspect(') : -1;
  if (at >= 0) return record(SSTI_OBJECT_WALK, at, at + 48);
  return null;
}

/**
 * `{{...}}`, `${...}`, `#{...}`, `*{...}`, `@{...}`, `~{...}`, `%{...}`, `$!{...}`, `{%...%}` at every
 * `{`, so no run of braces in front (`{a}` of JSON-like text, CSS) hides one. Linear: a plain brace
 * costs a look at its neighbours, a closed body is skipped once judged (bodies do not overlap), and
 * only unclosed bodies, whose windows may overlap, are judged at most MAX_OPENINGS times.
 */
function braceTemplates(s: string): Rule | null {
  let i = s.indexOf('{');
  let unclosed = 0;
  while (i >= 0) {
    const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0; // in bounds: an out-of-bounds read deoptimizes
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    // $ # * @ before the brace: server syntax (Freemarker/EL/Thymeleaf, Ruby/Pug, Thymeleaf, Razor).
    // ~ Thymeleaf fragments, % Struts OGNL, $! Velocity quiet references.
    const quiet = prev === 33 && i > 1 && s.charCodeAt(i - 2) === 36;
    const server = prev === 36 || prev === 35 || prev === 42 || prev === 64 || prev === 126 || prev === 37 || quiet;
    const start = server ? (quiet ? i - 2 : i - 1) : i;
    let r: Rule | null = null;
    let resume = i + 1;
    if (next === 37) {
      const close = closeAfter(s, C_STATEMENT, i + 2);
      if (close > 0 && close - i <= MAX_BODY) {
        r = judgeStatement(s, start, i + 2, close);
        resume = close + 2;
      }
    } else if (next === 123 || server) {
      // `{{ }}` (any syntax), or one brace after a server sigil.
      const double = next === 123;
      const width = double ? 2 : 1;
      const close = closeAfter(s, double ? C_CURLY2 : C_CURLY, i + width);
      const closed = close > 0 && close - i <= MAX_BODY;
      if (closed || unclosed++ < MAX_OPENINGS) {
        const to = closed ? close : openBodyEnd(s, i + width);
        r = judgeBody(s, start, i + width, to, server ? K_SERVER : K_CURLY2, closed);
      }
      // A body with another opening inside (`{{abc {{7*7}}`): the innermost expression is judged
      // next, once (each close is reached at most twice), so an opening in front hides nothing.
      resume = closed ? innerOpeningOr(s, double ? '{{' : '{', i + width, close, close + width) : i + width;
    }
    if (r !== null) return r;
    i = s.indexOf('{', resume);
  }
  return null;
}

/** Where the last `opening` inside s[from, close) starts, or `otherwise` when there is none. */
function innerOpeningOr(s: string, opening: string, from: number, close: number, otherwise: number): number {
  const inner = s.lastIndexOf(opening, close - opening.length);
  return inner >= from ? inner : otherwise;
}

/** ERB/EJS `<%= ... %>` and Razor `@( ... )`. */
function otherTemplates(s: string, mask: number): Rule | null {
  let i = (mask & M_LT) !== 0 ? s.indexOf('<%') : -1;
  for (let k = 0; i >= 0 && k < MAX_OPENINGS; k++) {
    const close = closeAfter(s, C_ERB, i + 2);
    const to = close > 0 && close - i <= MAX_BODY ? close : openBodyEnd(s, i + 2);
    const r = judgeBody(s, i, i + 2, to, K_SERVER, to === close);
    if (r !== null) return r;
    i = s.indexOf('<%', i + 2);
  }
  // Freemarker's square-bracket syntax [=7*7]: arithmetic only.
  const bracket = (mask & M_BRACKET) !== 0;
  i = bracket ? s.indexOf('[=') : -1;
  for (let k = 0; i >= 0 && k < MAX_OPENINGS; k++) {
    const close = s.indexOf(']', i + 2);
    if (close < 0) break;
    if (close - i <= 64 && arithmetic(s, i + 2, close) === 1) return record(SSTI_ARITHMETIC, i, close + 1);
    i = s.indexOf('[=', i + 2);
  }
  // Thymeleaf inlined expressions [[5*5]]: arithmetic only, wiki links [[Page]] are text.
  i = bracket ? s.indexOf('[[') : -1;
  for (let k = 0; i >= 0 && k < MAX_OPENINGS; k++) {
    const close = s.indexOf(']]', i + 2);
    if (close < 0) break;
    if (close - i <= 64 && arithmetic(s, i + 2, close) === 1) return record(SSTI_ARITHMETIC, i, close + 2);
    i = s.indexOf('[[', i + 2);
  }
  i = (mask & M_AT) !== 0 ? s.indexOf('@(') : -1;
  for (let k = 0; i >= 0 && k < MAX_OPENINGS; k++) {
    const close = closeAfter(s, C_PAREN, i + 2);
    if (close > 0 && close - i <= MAX_BODY) {
      const r = judgeBody(s, i, i + 2, close, K_SERVER, true);
      if (r !== null) return r;
    }
    i = s.indexOf('@(', i + 2);
  }
  return null;
}

function scanTemplates(s: string, mask: number): Rule | null {
  closeCache.fill(-2);
  if ((mask & (M_LT | M_HASH | M_BRACE | M_AT | M_DOLLAR)) !== 0) {
    const r = directive(s, mask);
    if (r !== null) return r;
  }
  if ((mask & M_BRACE) !== 0) {
    const r = braceTemplates(s);
    if (r !== null) return r;
  }
  return otherTemplates(s, mask);
}

export function detectSsti(v: ScanValue): Rule | null {
  const mask = v.mask;
  if (mayHaveTemplate(mask)) {
    const r = scanTemplates(v.lower, mask);
    if (r !== null) {
      setHit(v.lower, foundAt, foundEnd);
      return r;
    }
  }
  if ((mask & (M_AMP | M_BACKSLASH)) === 0) return null;
  // &#x7B;{7*7}} in XML attributes, \u007b\u007b in JSON text: braces the parser will decode.
  const m = v.markupText();
  if (m === v.lower || !mayHaveTemplate(v.markupMask())) return null;
  const r = scanTemplates(m, v.markupMask());
  if (r !== null) setHit(m, foundAt, foundEnd);
  return r;
}
