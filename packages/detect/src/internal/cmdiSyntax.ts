// Shell, cmd.exe and PowerShell constructs that are command injection whatever the command
// word: fork bombs, alias definitions, redirections to system files, $[ ] arithmetic, SQLite
// dot commands, FOR/IF batch syntax, globs that spell system paths. Small charCode scanners,
// each bounded to a short window.
import { isDigit, isLower, isSpace } from './charClass.js';
import { COMMANDS, GLOB_TARGETS } from './cmdiWords.js';

function isWordChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 95;
}

/** `f(){ f|f& };f`, `:(){ :|:& };:`: a function whose body pipes into or backgrounds itself. */
export function forkBombAt(s: string, paren: number): boolean {
  let b = paren;
  while (b > 0 && paren - b < 24 && (isWordChar(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 58)) b--;
  if (b === paren) return false;
  const name = s.slice(b, paren);
  let k = paren + 2;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  if (s.charCodeAt(k) !== 123) return false;
  let close = k;
  while (close < s.length && close - k < 96 && s.charCodeAt(close) !== 125) close++;
  if (close >= s.length || s.charCodeAt(close) !== 125) return false;
  for (let at = s.indexOf(name, k); at >= 0 && at < close; at = s.indexOf(name, at + name.length)) {
    let j = at + name.length;
    if (s.startsWith('()', j)) j += 2;
    while (j < close && isSpace(s.charCodeAt(j))) j++;
    const c = s.charCodeAt(j);
    if (c === 124 || c === 38) return true;
  }
  return false;
}

/** After `alias`: `alias ls='rm -rf'`, `alias -p`, `alias +g a=b`. */
export function aliasDefinitionAt(s: string, k: number): boolean {
  const n = s.length;
  if (k >= n || !isSpace(s.charCodeAt(k))) return false;
  for (let tokens = 0; tokens < 4; tokens++) {
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    if (k >= n) return false;
    const c = s.charCodeAt(k);
    if (c === 45 || c === 43) { // -p  +g  (flags, also -p alone lists aliases)
      const d = k + 1 < n ? s.charCodeAt(k + 1) : 32;
      if (!isLower(d)) return false;
      k++;
      while (k < n && isLower(s.charCodeAt(k))) k++;
      if (c === 45 && (k >= n || isSpace(s.charCodeAt(k)) || s.charCodeAt(k) === 10)) return true;
      if (c === 43) { if (k < n && s.charCodeAt(k) === 43) k++; continue; }
      continue;
    }
    // name=value, 'name'=value
    const start = k;
    while (k < n && k - start < 32) {
      const d = s.charCodeAt(k);
      if (isWordChar(d) || d === 45 || d === 39 || d === 34 || d === 46) k++;
      else break;
    }
    return k > start && k < n && s.charCodeAt(k) === 61;
  }
  return false;
}

const SENSITIVE_ROOTS = ['/etc/', '/dev/', '/tmp/', '/var/', '/proc/', '/root/', '/home/', '/bin/', '/usr/', '~/.', '/sys/'];

/** 1 at the code of each second character of {@link SENSITIVE_ROOTS} (all ASCII). */
const ROOT_SECOND_CHARS = new Uint8Array(128);
for (const root of SENSITIVE_ROOTS) ROOT_SECOND_CHARS[root.charCodeAt(1)] = 1;

function sensitivePathAt(s: string, k: number): boolean {
  // Every root starts with '/' or '~', and its second character is one of a few: two comparisons
  // reject most positions (a value can hold thousands of them, each after a '>').
  const first = k < s.length ? s.charCodeAt(k) : 0;
  if (first !== 47 && first !== 126) return false;
  const second = k + 1 < s.length ? s.charCodeAt(k + 1) : 0;
  if (second >= 128 || ROOT_SECOND_CHARS[second] === 0) return false;
  for (let rootIndex = 0; rootIndex < SENSITIVE_ROOTS.length; rootIndex++) {
    const root = SENSITIVE_ROOTS[rootIndex] as string;
    if (s.startsWith(root, k)) {
      const c = k + root.length < s.length ? s.charCodeAt(k + root.length) : 0;
      return isWordChar(c) || c === 46;
    }
  }
  return false;
}

/** `2>&1`, `> /etc/passwd`, `>> ~/.ssh/authorized_keys`, `< /etc/shadow`. */
export function redirectionToSystemFile(s: string): number {
  const n = s.length;
  // The first '<' at or after the start of the current '>''s look-back window (see below).
  let lt = s.indexOf('<');
  for (let i = s.indexOf('>'), before = -1; i >= 0; before = i, i = s.indexOf('>', i + 1)) {
    const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    const prev = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (next === 38 && i + 2 < n && isDigit(s.charCodeAt(i + 2)) && (isDigit(prev) || isSpace(prev))) return i; // 2>&1
    // Inside an HTML tag (<td>) the '>' closes it rather than redirecting: a '<' within the 79
    // characters before it, with no '>' in between (`before` is the '>' before this one). The
    // window only moves forward, so the cursor does too: linear in the value, not in '>' x 80.
    const windowStart = Math.max(before + 1, i - 79);
    while (lt !== -1 && lt < windowStart) lt = s.indexOf('<', lt + 1);
    if (lt !== -1 && lt < i) continue;
    let k = i + 1;
    if (k < n && (s.charCodeAt(k) === 62 || s.charCodeAt(k) === 38)) k++; // >> >&
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    if (sensitivePathAt(s, k)) return i;
  }
  for (let i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1)) {
    let k = i + 1;
    while (k < n && isSpace(s.charCodeAt(k))) k++;
    if (s.startsWith('/etc/', k) && sensitivePathAt(s, k)) return i; // cat</etc/passwd
  }
  return -1;
}

/** `$[2+2]`: old-style shell arithmetic. */
export function bracketArithmetic(s: string): number {
  for (let i = s.indexOf('$['); i >= 0; i = s.indexOf('$[', i + 2)) {
    let operator = false;
    let digits = false;
    for (let k = i + 2; k < s.length && k - i < 40; k++) {
      const c = s.charCodeAt(k);
      if (c === 93) {
        if (operator && digits) return i;
        break;
      }
      if (c === 43 || c === 45 || c === 42 || c === 47 || c === 37) operator = true;
      else if (isDigit(c)) digits = true;
      else if (!(isSpace(c) || isLower(c) || c === 95 || c === 36 || c === 40 || c === 41)) break;
    }
  }
  return -1;
}

const SQLITE_DOT_COMMANDS = new Set(['shell', 'system', 'databases', 'tables', 'dump', 'import', 'output', 'once',
  'load', 'schema', 'read']);

/** `;.shell id`, `;\n.databases`: SQLite CLI dot commands stacked after a statement. */
export function sqliteDotCommandAt(s: string, k: number): boolean {
  const n = s.length;
  for (let guard = 0; guard < 4 && k + 1 < n && s.charCodeAt(k) === 92 && s.charCodeAt(k + 1) === 110; guard++) {
    k += 2; // a literal \n
    while (k < n && isSpace(s.charCodeAt(k))) k++;
  }
  if (k >= n || s.charCodeAt(k) !== 46) return false;
  k++;
  while (k < n && (s.charCodeAt(k) === 92 || s.charCodeAt(k) === 34 || s.charCodeAt(k) === 39 || isSpace(s.charCodeAt(k)))) k++;
  const start = k;
  while (k < n && isLower(s.charCodeAt(k)) && k - start < 12) k++;
  if (k === start || !SQLITE_DOT_COMMANDS.has(s.slice(start, k))) return false;
  return k >= n || !isWordChar(s.charCodeAt(k));
}

function tokenEnd(s: string, k: number): number {
  const n = s.length;
  const end = Math.min(n, k + 64);
  if (k < n && s.charCodeAt(k) === 34) { // "quoted token"
    for (let j = k + 1; j < end; j++) if (s.charCodeAt(j) === 34) return j + 1;
    return end;
  }
  while (k < end && !isSpace(s.charCodeAt(k))) k++;
  return k;
}

function skipSpaces(s: string, k: number): number {
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  return k;
}

/** After `for`: `FOR /F "opts" %a IN (...) DO cmd`, `for %%f in (*.txt) do type %%f`. */
export function batchForAt(s: string, k: number): boolean {
  const n = s.length;
  for (let tokens = 0; tokens < 4; tokens++) {
    k = skipSpaces(s, k);
    if (k >= n) return false;
    if (s.charCodeAt(k) === 37) { // %a  %%g  %_
      k = tokenEnd(s, k);
      k = skipSpaces(s, k);
      if (!s.startsWith('in', k)) return false;
      k = skipSpaces(s, k + 2);
      if (s.charCodeAt(k) !== 40) return false;
      let close = k;
      while (close < n && close - k < 200 && s.charCodeAt(close) !== 41) close++;
      if (close >= n || s.charCodeAt(close) !== 41) return false;
      const d = skipSpaces(s, close + 1);
      return s.startsWith('do', d) && (d + 2 >= n || !isWordChar(s.charCodeAt(d + 2)));
    }
    k = tokenEnd(s, k);
  }
  return false;
}

const BATCH_COMPARISONS = new Set(['equ', 'neq', 'lss', 'leq', 'gtr', 'geq', '==']);
const BATCH_CONDITIONS = new Set(['exist', 'errorlevel', 'defined', 'cmdextversion']);

/** After `if`: `IF EXIST x ECHO`, `if %a% gtr %b% echo`, `IF /I NOT a==b CMD`. */
export function batchIfAt(s: string, k: number): boolean {
  const n = s.length;
  k = skipSpaces(s, k);
  if (s.startsWith('/i', k) && isSpace(s.charCodeAt(k + 2))) k = skipSpaces(s, k + 2);
  if (s.startsWith('not', k) && isSpace(s.charCodeAt(k + 3))) k = skipSpaces(s, k + 3);
  if (k >= n) return false;
  let e = tokenEnd(s, k);
  let word = s.slice(k, Math.min(e, k + 16));
  if (BATCH_CONDITIONS.has(word)) return e < n;
  // A comparison: a==b, a == b, a EQU b, then the command it guards
  if (word.indexOf('==') < 0) {
    k = skipSpaces(s, e);
    e = tokenEnd(s, k);
    word = s.slice(k, Math.min(e, k + 4));
    // (cmd.exe has no ===: "if (a === b) {" is JavaScript)
    if (!BATCH_COMPARISONS.has(word) && !(s.startsWith('==', k) && s.charCodeAt(k + 2) !== 61)) return false;
    if (word === '==' || s.startsWith('==', k)) { // a == b: skip b
      k = skipSpaces(s, e);
      e = tokenEnd(s, k);
    } else {
      k = skipSpaces(s, e);
      e = tokenEnd(s, k);
    }
  }
  k = skipSpaces(s, e);
  if (k >= n) return false;
  const c = s.charCodeAt(k);
  if (!isLower(c)) return true; // ( ...  @echo
  e = k;
  while (e < n && isLower(s.charCodeAt(e))) e++;
  return COMMANDS.has(s.slice(k, e)) || s.startsWith('goto', k) || s.startsWith('exit', k);
}

/**
 * `/e?c/p*sswd`, `/etc/pas[s]wd`, `/???/??t`: a path with wildcards that matches a system file
 * or binary. The word holds `?`, `*` and `[...]` as read.
 */
export function globSpellsSystemPath(word: string): boolean {
  if (word.length === 0 || word.charCodeAt(0) !== 47) return false;
  let literal = 0;
  let bracket = false;
  let question = false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 91) bracket = true;
    else if (c === 63) question = true;
    else if (isLower(c)) literal++;
  }
  // Every text the glob matches has exactly `units` characters, or at least that many with a '*'
  // in it: most targets are rejected by their length, before globMatches.
  const units = globUnits(word);
  const star = word.indexOf('*') >= 0;
  for (let targetIndex = 0; targetIndex < GLOB_TARGETS.length; targetIndex++) {
    const target = GLOB_TARGETS[targetIndex] as string;
    if (star ? target.length < units : target.length !== units) continue;
    // Single-directory targets (/etc) only for [ ] and ? globs: "/*" alone is too common.
    if (target.lastIndexOf('/') === 0 && !bracket && !question) continue;
    if (literal === 0 && target.length < 8) continue;
    if (globMatches(word, target)) return true;
  }
  return false;
}

/**
 * How many characters of text each step of {@link globMatches} consumes in total, '*' aside: one
 * per character, `?` and `[...]` group (closed as globMatches closes it).
 */
function globUnits(pattern: string): number {
  let units = 0;
  for (let p = 0; p < pattern.length; p++) {
    const c = pattern.charCodeAt(p);
    if (c === 42) continue;
    units++;
    if (c === 91) {
      const close = pattern.indexOf(']', p + 2);
      if (close > p) p = close;
    }
  }
  return units;
}

/** Shell glob match of `pattern` (`?`, `*`, `[...]`, `[!...]`) against `text`; both short. */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  const pn = pattern.length;
  const tn = text.length;
  while (t < tn) {
    if (p < pn) {
      const c = pattern.charCodeAt(p);
      if (c === 42) { starP = p++; starT = t; continue; }
      if (c === 91) {
        const close = pattern.indexOf(']', p + 2);
        if (close > p) {
          let negate = false;
          let q = p + 1;
          if (pattern.charCodeAt(q) === 33 || pattern.charCodeAt(q) === 94) { negate = true; q++; }
          let found = false;
          for (; q < close; q++) if (pattern.charCodeAt(q) === text.charCodeAt(t)) found = true;
          if (found !== negate && text.charCodeAt(t) !== 47) { p = close + 1; t++; continue; }
        }
      } else if ((c === 63 && text.charCodeAt(t) !== 47) || c === text.charCodeAt(t)) { p++; t++; continue; }
    }
    // A * never spans a /.
    if (starP < 0 || text.charCodeAt(starT) === 47) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pn && pattern.charCodeAt(p) === 42) p++;
  return p === pn;
}
