// OS command injection. A command position (the start of the value, after a shell separator,
// inside a substitution, after a prefix such as `time` or `nohup`) holding a known command word
// that is used like a command: with flags, paths or redirections, or alone after a separator.
// Quote, backslash, variable and brace tricks inside the word are undone first (c'a't, wh\oami,
// cu$@rl, $u/bin$u/cat, {cat,/etc/passwd}); having needed them is evidence in itself. Commands
// that are English words (cat, find, sleep) need command-like arguments.
import type { Rule } from '../types.js';
import {
  CMDI_CHAINING, CMDI_COMMAND_LINE, CMDI_OBFUSCATED, CMDI_SHELLSHOCK, CMDI_SHELL_SYNTAX, CMDI_SHELL_TRICK, CMDI_SSI,
  CMDI_SUBSTITUTION, CMDI_WEAK_COMMAND, CMDI_WINDOWS,
} from '../rules.js';
import {
  M_AMP, M_BACKTICK, M_BRACE, M_BRACKET, M_COMMA, M_DOLLAR, M_DOT, M_DQUOTE, M_GT_BANG, M_LT, M_NEWLINE, M_PAREN,
  M_PERCENT, M_PIPE, M_BACKSLASH, M_QMARK, M_SEMI, M_SLASH, M_SPACE, M_SQUOTE, M_STAR, isDigit, isLower, isSpace,
} from './charClass.js';
import {
  COMMANDS, F_NUMERIC, F_PREFIX, F_WINDOWS, SUBCOMMANDS, TIER_ALWAYS, TIER_MASK, TIER_SHORT, TIER_WORD,
} from './cmdiWords.js';
import {
  aliasDefinitionAt, batchForAt, batchIfAt, bracketArithmetic, forkBombAt, globSpellsSystemPath,
  redirectionToSystemFile, sqliteDotCommandAt,
} from './cmdiSyntax.js';
import { setHit } from './hit.js';
import { SOURCE_BODY, SOURCE_PATH, SOURCE_URL_HEADER, type ScanValue } from './ScanValue.js';

const MAX_WORD = 64;

/** Spaces, and `+` where a form encoding was decoded once too few times. */
function isBlank(c: number): boolean {
  return isSpace(c) || c === 43;
}

function isWordChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 95 || c === 46 || c === 47 || c === 45;
}

/** `s.indexOf(ch, from)` within `max` characters, so that repeated probes stay linear. */
function indexWithin(s: string, ch: number, from: number, max: number): number {
  const end = Math.min(s.length, from + max);
  for (let k = from; k < end; k++) if (s.charCodeAt(k) === ch) return k;
  return -1;
}

function isSeparator(c: number): boolean {
  return c === 59 || c === 124 || c === 38 || c === 10 || c === 13 || c === 96;
}

// ---------------------------------------------------------------------------------------------
// The command word

/** Where the last {@link readCommandWord} stopped. */
let wordEnd = 0;
/** It needed quote, backslash or variable splitting inside the word (c''at, wh\oami, cu$@rl). */
let wordEvaded = false;
/** It holds glob characters (`?`, `*`, `[...]`). */
let wordGlob = false;

/** The command word starting at `i` with quoting tricks removed. */
function readCommandWord(s: string, i: number): string {
  const n = s.length;
  wordEvaded = false;
  wordGlob = false;
  // Fast path: a plain word is sliced, not rebuilt.
  let e = i;
  while (e < n && e - i < MAX_WORD && isWordChar(s.charCodeAt(e))) e++;
  const stop = e < n ? s.charCodeAt(e) : 32;
  if (e > i && (isBlank(stop) || stop === 59 || stop === 124 || stop === 38 || stop === 61 || stop === 41
    || stop === 44 || stop === 10 || stop === 13 || stop === 40 || stop === 35
    || ((stop === 62 || stop === 60) && !s.startsWith('()', e + 1)))) {
    wordEnd = e;
    return s.slice(i, e);
  }
  return readEvadedWord(s, i);
}

function readEvadedWord(s: string, i: number): string {
  const n = s.length;
  let out = '';
  let j = i;
  let quotes = 0; // open quote count parity
  let windowsPath = false;
  while (j < n && j - i < MAX_WORD) {
    const c = s.charCodeAt(j);
    const d = j + 1 < n ? s.charCodeAt(j + 1) : 0;
    if (isWordChar(c)) {
      out += s[j];
      j++;
      continue;
    }
    if (c === 39 || c === 34) {
      // A quote inside or opening the word is removed; one after it closes or ends it.
      if (isWordChar(d) || d === 39 || d === 34 || d === 36 || d === 92) {
        if (out.length > 0) wordEvaded = true;
        quotes++;
        j++;
        continue;
      }
      if ((quotes & 1) === 1) { quotes++; j++; }
      break;
    }
    if (c === 92) {
      if (windowsPath || (out.length === 2 && out.charCodeAt(1) === 58)) { // c:\windows\...
        windowsPath = true;
        out += '/';
        j++;
        continue;
      }
      if (isWordChar(d) || d === 39 || d === 34) { wordEvaded = true; j++; continue; } // wh\oami, \ls
      break;
    }
    if (c === 36) { // $
      if (d === 64 || d === 42 || d === 36 || d === 33) { wordEvaded = true; j += 2; continue; } // $@ $* $$ $!
      if (d === 123) { // ${x}
        const close = indexWithin(s, 125, j + 2, 24);
        if (close < 0 || s.startsWith('ifs', j + 2)) break;
        wordEvaded = true;
        // ${PATH:0:1}, ${HOME:0:1}: a substring of a path variable stands for /
        if (indexWithin(s, 58, j + 2, close - j - 2) > 0) out += '/';
        j = close + 1;
        continue;
      }
      if (d === 40 && j + 2 < n && s.charCodeAt(j + 2) === 41) { wordEvaded = true; j += 3; continue; } // $()
      if (d === 34 || d === 39) { wordEvaded = out.length > 0 || wordEvaded; j++; continue; } // $"..." $'...'
      if ((isLower(d) || d === 95) && (out.length > 0 || j === i)) {
        if (s.startsWith('ifs', j + 1) && !isLower(s.charCodeAt(j + 4))) break;
        let k = j + 1;
        while (k < n && (isLower(s.charCodeAt(k)) || isDigit(s.charCodeAt(k)) || s.charCodeAt(k) === 95)) k++;
        if (out.length === 0 && (k >= n || !(isWordChar(s.charCodeAt(k)) || s.charCodeAt(k) === 36))) break; // $VAR alone
        wordEvaded = true; // $u/bin$u/cat  sh$XX
        j = k;
        continue;
      }
      break;
    }
    if (c === 96 && d === 96) { wordEvaded = true; j += 2; continue; } // ``
    if ((c === 60 || c === 62) && d === 40 && j + 2 < n && s.charCodeAt(j + 2) === 41) { wordEvaded = true; j += 3; continue; } // <() >()
    if (c === 63 || c === 42) { wordGlob = true; out += s[j]; j++; continue; }
    if (c === 91) { // [abc]
      const close = indexWithin(s, 93, j + 1, 12);
      if (close < 0) break;
      wordGlob = true;
      out += s.slice(j, close + 1);
      j = close + 1;
      continue;
    }
    if (c === 58 && out.length === 1 && (d === 92 || d === 47)) { out += ':'; j++; continue; } // c:\ c:/
    if (c === 37 && out.length === 0) { // %windir%\system32\...
      const close = indexWithin(s, 37, j + 1, 24);
      if (close < 0 || (close + 1 < n && s.charCodeAt(close + 1) !== 92)) break;
      windowsPath = true;
      j = close + 1;
      continue;
    }
    break;
  }
  wordEnd = j;
  // An odd number of quotes is an apostrophe (I'd, who's): not a shell word. A quote opening
  // the whole value may close after several words: "cscli alerts list".
  if (quotes === 1 && !(i === 0 && (s.charCodeAt(0) === 34 || s.charCodeAt(0) === 39))) return '';
  return out;
}

function isBinaryPath(word: string): boolean {
  const c = word.charCodeAt(0);
  return c === 47 || c === 126 || (c === 46 && word.charCodeAt(1) === 47) || (word.charCodeAt(1) === 58 && isLower(c));
}

/** /bin/, /usr/bin/, /sbin/, bin/ ...: where executables live. */
function inBinaryDirectory(word: string): boolean {
  const slash = word.lastIndexOf('/');
  if (slash < 3) return false;
  return word.startsWith('bin/', slash - 3) || word.startsWith('/system32/', slash - 9);
}

function baseName(word: string): string {
  let b = word;
  const slash = b.lastIndexOf('/');
  if (slash >= 0) b = b.slice(slash + 1);
  if (b.endsWith('.exe') || b.endsWith('.com')) b = b.slice(0, -4);
  return b;
}

/** The word's flags, also for versioned interpreters (python3.10, php7.4, perl5.36). */
function commandFlags(base: string): number | undefined {
  const flags = COMMANDS.get(base);
  if (flags !== undefined || base.length < 4) return flags;
  const dot = base.indexOf('.');
  if (dot > 1 && isDigit(base.charCodeAt(dot - 1)) && isDigit(base.charCodeAt(dot + 1))) return COMMANDS.get(base.slice(0, dot));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Arguments

const ARG_NONE = 0; // a plain word
const ARG_END = 1; // nothing, or another separator
const ARG_FLAG = 2; // -la  --version
const ARG_PATH = 3; // /etc/passwd  ~/x  ./x  c:\  \\host
const ARG_SWITCH = 4; // /c  /s (Windows)
const ARG_VAR = 5; // $HOME  %TEMP%
const ARG_REDIRECT = 6; // > /tmp/x  <<< x  2>&1
const ARG_URL = 7;
const ARG_IP = 8;
const ARG_QUOTE = 9; // 'x'  "x"
const ARG_NUMBER = 10; // 5
const ARG_FILE = 11; // notes.txt  evil.example/x.sh
const ARG_NUMFLAG = 12; // -10
const ARG_PAREN = 13; // (

/** Arguments that make even an English word a command at the start of a value. */
function isStrongArgument(arg: number): boolean {
  return arg === ARG_FLAG || arg === ARG_PATH || arg === ARG_SWITCH || arg === ARG_VAR || arg === ARG_REDIRECT || arg === ARG_IP;
}

/** Arguments that make a command word after a separator a command. */
function isCommandArgument(arg: number): boolean {
  return isStrongArgument(arg) || arg === ARG_URL || arg === ARG_QUOTE || arg === ARG_NUMFLAG;
}

function redirectTarget(s: string, k: number): number {
  const n = s.length;
  let j = k + 1;
  if (j < n && (s.charCodeAt(j) === 62 || s.charCodeAt(j) === 38 || s.charCodeAt(j) === 60)) j++;
  if (j < n && s.charCodeAt(j) === 60) return ARG_REDIRECT; // <<<
  if (j < n && s.charCodeAt(j) === 40) return ARG_REDIRECT; // <( >(
  while (j < n && isBlank(s.charCodeAt(j))) j++;
  if (j >= n) return ARG_NONE;
  const c = s.charCodeAt(j);
  if (c === 47 || c === 46 || c === 126 || c === 38 || c === 36 || isDigit(c) || c === 39 || c === 34) return ARG_REDIRECT;
  for (let e = j; e < n && e - j < 32; e++) { // > out.txt
    const d = s.charCodeAt(e);
    if (isBlank(d) || isSeparator(d)) break;
    if (d === 46 && e > j) return ARG_REDIRECT;
  }
  return ARG_NONE;
}

function argumentAfter(s: string, k: number): number {
  const n = s.length;
  if (k >= n) return ARG_END;
  let c = s.charCodeAt(k);
  if (isSeparator(c) || c === 41 || c === 35 || c === 125) return ARG_END;
  if (c === 62 || c === 60) return redirectTarget(s, k);
  if (c === 39 || c === 34) { // the closing quote of the word: look past it
    k++;
    if (k >= n) return ARG_END;
    c = s.charCodeAt(k);
    if (isSeparator(c) || c === 41) return ARG_END;
  }
  if (!isBlank(c)) return ARG_NONE;
  while (k < n && isBlank(s.charCodeAt(k))) k++;
  if (k >= n) return ARG_END;
  c = s.charCodeAt(k);
  const d = k + 1 < n ? s.charCodeAt(k + 1) : 32;
  if (c === 45) {
    if (isLower(d) || d === 45) return ARG_FLAG;
    return isDigit(d) ? ARG_NUMFLAG : ARG_NONE;
  }
  if (isSeparator(c) || c === 41 || c === 35) return ARG_END; // ; id #
  if (c === 62 || c === 60) return redirectTarget(s, k);
  if (c === 47) {
    if (k + 1 >= n || isBlank(d) || isSeparator(d)) { // the root: rm -rf /, find / -name x
      return k + 1 >= n || isSeparator(d) || flagAmongArguments(s, k + 1) ? ARG_PATH : ARG_NONE;
    }
    if (isLower(d) && (k + 2 >= n || isBlank(s.charCodeAt(k + 2)) || s.charCodeAt(k + 2) === 47)) {
      return k + 2 < n && s.charCodeAt(k + 2) === 47 ? ARG_NONE : ARG_SWITCH;
    }
    return isLower(d) || d === 46 || d === 63 || d === 42 || d === 91 || d === 36 ? ARG_PATH : ARG_NONE;
  }
  if (c === 92) return isLower(d) || d === 92 ? ARG_PATH : ARG_NONE;
  if (c === 126) return d === 47 ? ARG_PATH : ARG_NONE;
  if (c === 36) return isLower(d) || d === 123 || d === 95 || d === 40 ? ARG_VAR : ARG_NONE;
  if (c === 37 && isLower(d)) {
    return indexWithin(s, 37, k + 1, 24) > k ? ARG_VAR : ARG_NONE;
  }
  if (c === 46 && (d === 47 || (d === 46 && k + 2 < n && s.charCodeAt(k + 2) === 47))) return ARG_PATH;
  if (c === 39 || c === 34) return ARG_QUOTE;
  if (c === 40) return ARG_PAREN;
  if (isDigit(c)) {
    let j = k;
    let dots = 0;
    while (j < n && (isDigit(s.charCodeAt(j)) || (s.charCodeAt(j) === 46 && dots++ < 4))) j++;
    if (dots === 3) return ARG_IP;
    let e = j;
    while (e < n && isBlank(s.charCodeAt(e))) e++;
    return e >= n || isSeparator(s.charCodeAt(e)) || s.charCodeAt(e) === 35 || s.charCodeAt(e) === 41 ? ARG_NUMBER : ARG_NONE;
  }
  if (isLower(c) && d === 58) { // c:\  c:/  c:
    const e = k + 2 < n ? s.charCodeAt(k + 2) : 32;
    if (e === 92 || e === 47 || isBlank(e) || e === 34 || e === 39 || isSeparator(e)) return ARG_PATH;
  }
  if (s.startsWith('http://', k) || s.startsWith('https://', k) || s.startsWith('ftp://', k)) return ARG_URL;
  for (let j = k; j < n && j - k < 64; j++) {
    const e = s.charCodeAt(j);
    if (isBlank(e) || isSeparator(e)) break;
    if (e === 47 || (e === 46 && j + 1 < n && isLower(s.charCodeAt(j + 1)) && j > k)) return ARG_FILE;
  }
  return ARG_NONE;
}

/** A flag or path among the next few arguments: `ansible all -m ping`. */
function flagAmongArguments(s: string, k: number): boolean {
  const n = s.length;
  for (let tokens = 0; tokens < 6 && k < n; tokens++) {
    while (k < n && isBlank(s.charCodeAt(k))) k++;
    if (k >= n || isSeparator(s.charCodeAt(k))) return false;
    const c = s.charCodeAt(k);
    const d = k + 1 < n ? s.charCodeAt(k + 1) : 32;
    if (c === 45 && (isLower(d) || d === 45)) return true;
    if (c === 47 && isLower(d)) return true;
    k = tokenAt(s, k);
  }
  return false;
}

/** The separator after a command at the start ends it: `id;`, `id|`, `whoami;0'0'`, not `id;name`. */
function endsCommandLine(s: string, k: number): boolean {
  const n = s.length;
  if (k < n && (s.charCodeAt(k) === 39 || s.charCodeAt(k) === 34)) k++;
  while (k < n && isBlank(s.charCodeAt(k))) k++;
  if (k >= n) return true;
  const c = s.charCodeAt(k);
  if (!isSeparator(c) && c !== 41) return false;
  k++;
  if (c === 41) { // id)  but not "powershell), it is ..."
    while (k < n && isBlank(s.charCodeAt(k))) k++;
    return k >= n || isSeparator(s.charCodeAt(k)) || s.charCodeAt(k) === 35;
  }
  if (k < n && s.charCodeAt(k) === c) k++;
  while (k < n && isBlank(s.charCodeAt(k))) k++;
  return k >= n || !isLower(s.charCodeAt(k));
}

/** Words of a question or sentence about a command rather than a command line. */
const PROSE_WORDS = new Set(['not', 'working', 'explained', 'explain', 'how', 'what', 'why', 'does', 'do', 'is', 'are',
  'the', 'a', 'an', 'to', 'for', 'in', 'of', 'on', 'with', 'and', 'or', 'error', 'fix', 'vs', 'meaning', 'example',
  'examples', 'tutorial', 'command', 'linux', 'windows', 'mac', 'ubuntu', 'help', 'permission', 'denied', 'found',
  'failed', 'fails', 'slow', 'usage', 'without', 'my', 'i', 'you', 'it', 'this', 'that', 'can', 'should', 'when',
  'returns', 'output', 'guide', 'tips', 'best', 'vs.', 'problem', 'issue', 'works', 'doesnt', "doesn't", 'cannot',
  'has', 'have', 'stopped', 'crashed', 'crashes', 'missing', 'keeps', 'after']);

function tokenAt(s: string, k: number): number {
  const end = Math.min(s.length, k + 128);
  while (k < end && !isBlank(s.charCodeAt(k)) && !isSeparator(s.charCodeAt(k))) k++;
  return k;
}

/** A prose word among the next arguments: "ping 8.8.8.8 not working". */
function proseAmongArguments(s: string, k: number): boolean {
  const n = s.length;
  for (let tokens = 0; tokens < 12 && k < n; tokens++) {
    while (k < n && isBlank(s.charCodeAt(k))) k++;
    if (k >= n || isSeparator(s.charCodeAt(k))) return false;
    const e = tokenAt(s, k);
    if (e - k <= 11 && isLower(s.charCodeAt(k)) && PROSE_WORDS.has(s.slice(k, e))) return true;
    k = e;
  }
  return false;
}

const SYSTEM_DIRECTORIES = ['/etc', '/bin', '/sbin', '/usr', '/dev', '/proc', '/var', '/tmp', '/root', '/home', '/sys',
  '/opt', '/boot', '/lib'];
const WINDOWS_AND_RELATIVE_ROOTS = ['c:/', 'c:\\', '%systemroot%', '%windir%', '%comspec%', '%temp%', '\\\\', '~/', '../'];

/** `/etc/passwd`, `/tmp`, `c:\`, `~/.ssh`, `../`, or a globbed absolute path at `k` (token ends at `e`). */
function systemPathAt(s: string, k: number, e: number): boolean {
  for (let dirIndex = 0; dirIndex < SYSTEM_DIRECTORIES.length; dirIndex++) {
    const dir = SYSTEM_DIRECTORIES[dirIndex] as string;
    if (!s.startsWith(dir, k)) continue;
    const after = k + dir.length;
    if (after >= e || s.charCodeAt(after) === 47) return true;
  }
  for (let rootIndex = 0; rootIndex < WINDOWS_AND_RELATIVE_ROOTS.length; rootIndex++) {
    const root = WINDOWS_AND_RELATIVE_ROOTS[rootIndex] as string;
    if (s.startsWith(root, k)) return true;
  }
  if (e === k + 2 && isLower(s.charCodeAt(k)) && s.charCodeAt(k + 1) === 58) return true; // dir c:
  if (s.charCodeAt(k) === 47) { // a glob path: /???/c?t, /e?c/p*
    for (let j = k; j < e; j++) if (s.charCodeAt(j) === 63 || s.charCodeAt(j) === 42 || s.charCodeAt(j) === 91) return true;
  }
  return false;
}
/** Shells and interpreters, whose -c / -e / /c flag runs the code that follows. */
const CODE_RUNNERS = new Set(['sh', 'bash', 'zsh', 'ksh', 'csh', 'tcsh', 'dash', 'ash', 'rbash', 'python', 'python2',
  'python3', 'perl', 'ruby', 'php', 'node', 'nodejs', 'lua', 'nc', 'ncat', 'netcat', 'cmd', 'powershell', 'pwsh',
  'busybox', 'socat', 'irb', 'tclsh', 'jrunscript']);
/** After a `|`: a command word or a path to a program (`| sh`, `| ./run`), not `'+' | '-'`. */
function pipesIntoCommand(s: string, k: number): boolean {
  const n = s.length;
  if (k < n && s.charCodeAt(k) === 124) k++;
  while (k < n && isBlank(s.charCodeAt(k))) k++;
  if (k >= n) return false;
  const c = s.charCodeAt(k);
  if (c === 47 || (c === 46 && s.charCodeAt(k + 1) === 47)) return true;
  if (!isLower(c)) return false;
  const e = tokenAt(s, k);
  return COMMANDS.has(s.slice(k, e));
}

/** `powershell get-process`, `sudo whoami`: the first argument is itself an unmistakable tool. */
function runsAnotherTool(s: string, k: number): boolean {
  while (k < s.length && isBlank(s.charCodeAt(k))) k++;
  const e = tokenAt(s, k);
  if (e - k < 2 || e - k > 40) return false;
  const flags = COMMANDS.get(s.slice(k, e));
  return flags !== undefined && (flags & TIER_MASK) === TIER_ALWAYS;
}

/** Tools whose IP or URL argument is what they fetch from or connect to. */
const NETWORK_TOOLS = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'ping', 'telnet', 'ssh', 'ftp', 'tftp', 'sftp', 'scp',
  'nslookup', 'dig', 'host', 'whois', 'traceroute', 'tracert', 'iwr', 'irm', 'invoke-webrequest', 'invoke-restmethod', 'fetch',
  'lynx', 'links', 'aria2c', 'axel', 'socat', 'rsync', 'lftp', 'smbclient', 'nmap', 'certutil', 'bitsadmin', 'mshta']);
const CODE_FLAGS = new Set(['-c', '-e', '-r', '/c', '/k', '-enc', '-encodedcommand', '-command', '-nop', '-noprofile',
  '-w', '-exec', '-i']);

/**
 * What an attacker's command line aims at, among the arguments after `k`: a system directory or
 * file, an IP address or URL, a redirection, code handed to a shell or interpreter.
 */
function attackTargetAmongArguments(s: string, k: number, base: string, tier: number): boolean {
  const n = s.length;
  const runner = CODE_RUNNERS.has(base);
  const network = NETWORK_TOOLS.has(base);
  const windows = ((COMMANDS.get(base) ?? 0) & F_WINDOWS) !== 0;
  for (let tokens = 0; tokens < 12 && k < n; tokens++) {
    while (k < n && isBlank(s.charCodeAt(k))) k++;
    if (k >= n) return false;
    const c = s.charCodeAt(k);
    if (c === 62 || c === 60) return redirectTarget(s, k) === ARG_REDIRECT; // > file, < file
    if (c === 124) return pipesIntoCommand(s, k + 1); // | sh
    if (isSeparator(c)) return false;
    const e = tokenAt(s, k);
    // perf --version, env --help: a bare long option as the only argument probes the command
    if (c === 45 && tokens === 0 && s.charCodeAt(k + 1) === 45 && isLower(s.charCodeAt(k + 2)) && indexWithin(s, 61, k, e - k) < 0
      && endsCommandLine(s, e)) return true;
    if (c === 47 && e === k + 1 && (e >= n || isSeparator(s.charCodeAt(e)) || flagAmongArguments(s, e))) return true; // rm -rf /  find / -perm
    if (c === 34 || c === 39) { k = e; continue; }
    // A system path opening the argument or an option's value (if=/etc/passwd), not a URL's path.
    for (let at = k; at < e; at++) {
      if (at > k) {
        const p = s.charCodeAt(at - 1);
        if (p !== 61 && p !== 44 && p !== 40) continue;
      }
      if (systemPathAt(s, at, e)) return true;
    }
    if (isDigit(c) && network) {
      let dots = 0;
      for (let j = k; j < e; j++) if (s.charCodeAt(j) === 46) dots++;
      if (dots === 3) return true;
    }
    // nslookup attacker.example, curl evil.example/x: a host for a (non-word) network tool
    if (network && tier !== TIER_WORD && tokens === 0 && isLower(c)) {
      for (let j = k + 1; j < e - 1; j++) if (s.charCodeAt(j) === 46 && isLower(s.charCodeAt(j + 1))) return true;
    }
    // A URL is an attacker's target for tools that fetch or connect (not for "watch https://...").
    if (network && (s.startsWith('http://', k) || s.startsWith('https://', k) || s.startsWith('ftp://', k))) return true;
    if (runner && CODE_FLAGS.has(s.slice(k, e))) return true;
    if (windows && c === 47 && e - k <= 10 && isLower(s.charCodeAt(k + 1)) && indexWithin(s, 47, k + 1, e - k - 1) < 0) return true; // /add
    if (windows && (s.startsWith('hklm', k) || s.startsWith('hkcu', k) || s.startsWith('hkey_', k))) return true;
    const comma = indexWithin(s, 44, k, e - k);
    if (CODE_RUNNERS.has(baseName(s.slice(k, comma > k ? comma : e)))) {
      if (tokens > 0 || c === 47) return true; // -wrapper sh,-c,id  -e /bin/sh
    }
    k = e;
  }
  return false;
}

function nextWord(s: string, i: number): string {
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  let j = i;
  while (j < s.length && j - i < 14 && !isBlank(s.charCodeAt(j))) j++;
  return s.slice(i, j);
}

/** Past a prefix command's own options: `timeout 5`, `watch -n 1`, `env -i A=b`, `nice -n 10`. */
function afterPrefixOptions(s: string, k: number): number {
  const n = s.length;
  for (let tokens = 0; tokens < 4; tokens++) {
    let j = k;
    while (j < n && isBlank(s.charCodeAt(j))) j++;
    if (j >= n) return j;
    const c = s.charCodeAt(j);
    const e = tokenAt(s, j);
    const token = s.slice(j, e);
    if (c === 45 || isDigit(c) || token.indexOf('=') > 0) { k = e; continue; }
    return j;
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// Judging a command position

const CTX_START = 0; // start of the value
const CTX_SEPARATOR = 1; // after ; | & or a line break, with blanks in between
const CTX_GLUED = 2; // right after ; | & (no blank)
const CTX_SUBSTITUTION = 3; // `...`, $(...), <(...), system('...')
const CTX_PREFIX = 4; // after time, nohup, strace ...
const CTX_URL_AMP = 5; // after & in a query string (a=1&b=2)
const CTX_START_PREFIX = 6; // after a prefix at the start of the value: time who, nohup ifconfig
const CTX_LINE = 8; // after a line break: a new line of text or a new command
const CTX_CODE_SPAN = 7; // a backtick span closing a body value: "127.0.0.1 `sleep 5`", not "and then `npm start`"

/** The character that opened the substitution being judged (` or $ or < or >). */
let substitutionChar = 0;
/** Set by {@link judgeCommand} when the separator before it was a lone `&` between blanks. */
let spacedAmp = false;
/** The value is a body, where `| tee out.txt` is package.json script text. */
let inBody = false;

/**
 * The command position at `k`: the rule it shows, CMDI_WEAK_COMMAND for level-2 evidence, or
 * null. `strong` is the rule for a level-1 command at this kind of position.
 */
function judgeCommand(s: string, k: number, ctx: number, strong: Rule, depth: number): Rule | null {
  const n = s.length;
  while (k < n && (isBlank(s.charCodeAt(k)) || s.charCodeAt(k) === 123 || s.charCodeAt(k) === 40)) k++;
  if (k >= n) return null;
  const c = s.charCodeAt(k);
  if (c === 36) {
    const r = variableCommand(s, k, ctx, strong);
    if (r !== null) return r;
  }
  if (c === 46 || c === 92) {
    if (ctx !== CTX_START && ctx !== CTX_PREFIX && sqliteDotCommandAt(s, k)) {
      setHit(s, k, Math.min(n, k + 40));
      return CMDI_SHELL_SYNTAX;
    }
  }
  if (!(isLower(c) || c === 47 || c === 92 || c === 39 || c === 34 || c === 46 || c === 126 || c === 37 || c === 36)) return null;
  const word = readCommandWord(s, k);
  const end = wordEnd;
  const evaded = wordEvaded;
  if (word.length === 0) return null;
  if (wordGlob) {
    if (!globSpellsSystemPath(word)) return null;
    setHit(s, k, Math.min(n, end + 24));
    return CMDI_SHELL_TRICK;
  }
  const next = end < n ? s.charCodeAt(end) : 32;
  // name=value, name(...), name:, name, are parameters, calls, labels and lists, not commands
  // (data:image/png;base64,...).
  if (next === 61 || next === 40 || next === 58 || next === 44) return null;
  if (word === 'for' || word === 'if') {
    if (ctx === CTX_URL_AMP || !(word === 'for' ? batchForAt(s, end) : batchIfAt(s, end))) return null;
    setHit(s, k, Math.min(n, end + 48));
    return CMDI_WINDOWS;
  }
  if (word === 'alias' && ctx !== CTX_URL_AMP && aliasDefinitionAt(s, end)) {
    setHit(s, k, Math.min(n, end + 40));
    return CMDI_SHELL_SYNTAX;
  }
  const base = baseName(word);
  const flags = commandFlags(base);
  // Most words are no command: decided before their argument is read.
  if (flags === undefined && !inBinaryDirectory(word)) return null;
  const binaryPath = base !== word && isBinaryPath(word);
  let arg = argumentAfter(s, end);
  // A path names a program only in a bin directory or as ./x: /etc/passwd is a file.
  if (flags !== undefined && word.indexOf('/') >= 0 && !inBinaryDirectory(word)
    && !(word.startsWith('./') && word.lastIndexOf('/') === 1)) return null;
  if (flags === undefined) {
    // An unknown program run from a bin directory: /usr/local/bin/x -c ..., bin/visudo
    if (inBinaryDirectory(word) && base.length > 1 && (arg === ARG_END || isStrongArgument(arg))
      && (ctx !== CTX_START || word.charCodeAt(0) === 47)) {
      setHit(s, k, Math.min(n, end + 32));
      return strong;
    }
    return null;
  }
  const tier = flags & TIER_MASK;
  // net user, reg query, cmd /c: subcommands that make a word a command after a separator
  // (at the start of a value "npm install react" is a search).
  if (!isCommandArgument(arg) && arg !== ARG_END && ctx !== CTX_START && ctx !== CTX_START_PREFIX && ctx !== CTX_CODE_SPAN && SUBCOMMANDS.has(base + ' ' + nextWord(s, end))) arg = ARG_FLAG;
  if (evaded) {
    setHit(s, k, Math.min(n, end + 32));
    return CMDI_OBFUSCATED;
  }
  let level = 0;
  switch (ctx) {
    case CTX_SUBSTITUTION:
      // Default=`true`, `date` in documentation: a bare word in backticks in a body is a code span.
      level = inBody && substitutionChar === 96 && tier === TIER_WORD && arg === ARG_END ? 0 : 1;
      break;
    case CTX_SEPARATOR:
    case CTX_GLUED:
      if (tier === TIER_ALWAYS || isCommandArgument(arg)) level = 1;
      else if (arg === ARG_PAREN) level = tier === TIER_SHORT ? 1 : 0;
      else if (arg === ARG_NUMBER) level = (flags & F_NUMERIC) !== 0 || tier === TIER_SHORT ? 1 : 0;
      else if (arg === ARG_END) {
        // banner|top|id, a;b;ps: an item of a word list, not a command
        level = tier === TIER_SHORT && !spacedAmp && !(ctx === CTX_GLUED && (isWordList(s) || inWordList(s, k))) ? 1
          : ctx === CTX_GLUED ? 2 : 0;
      }
      // "& node app.js", "| tee out.txt": a word and a file name is weak evidence
      else if (arg === ARG_FILE) level = tier !== TIER_WORD ? 1 : inBody || spacedAmp ? 0 : 1;
      else level = ctx === CTX_GLUED ? 2 : 0;
      break;
    case CTX_URL_AMP:
      level = isStrongArgument(arg) || arg === ARG_URL ? 1 : 0;
      break;
    case CTX_CODE_SPAN:
      level = tier === TIER_ALWAYS || isCommandArgument(arg) || (arg === ARG_NUMBER && (flags & F_NUMERIC) !== 0) ? 1 : 0;
      break;
    case CTX_START:
    case CTX_START_PREFIX:
    case CTX_LINE:
      // People search for and paste commands ("rm -rf node_modules", "ping 8.8.8.8 not
      // working"): at the start of a value a command needs an attacker's target and no prose.
      if (arg === ARG_END && endsCommandLine(s, end)) level = tier === TIER_WORD ? 2 : 1;
      else if (proseAmongArguments(s, end)) level = tier === TIER_WORD ? 0 : 2;
      else if (tier === TIER_ALWAYS) {
        // Compound and versioned tool names (ansible-playbook, python3.10) are not searched for
        // the way "base64 decode" is.
        level = arg === ARG_FLAG || arg === ARG_SWITCH || arg === ARG_PAREN || flagAmongArguments(s, end)
          || attackTargetAmongArguments(s, end, base, tier) || ctx === CTX_START_PREFIX || runsAnotherTool(s, end)
          || ((arg === ARG_NONE || arg === ARG_FILE) && (base.indexOf('-') > 0 || base.indexOf('.') > 0) && base !== 'apt-get') ? 1 : 2;
      } else if (isCommandArgument(arg) || arg === ARG_FILE || arg === ARG_NONE || arg === ARG_NUMBER) {
        level = attackTargetAmongArguments(s, end, base, tier) || (ctx === CTX_START_PREFIX && (tier === TIER_SHORT
          || isStrongArgument(arg))) || (ctx !== CTX_START && arg === ARG_NUMBER && (flags & F_NUMERIC) !== 0)
          || (ctx === CTX_LINE && tier === TIER_SHORT && isCommandArgument(arg)) ? 1
          : inBody || arg === ARG_NONE || (tier === TIER_WORD && !isStrongArgument(arg)
            && !(arg === ARG_NUMBER && (flags & F_NUMERIC) !== 0) && ctx === CTX_START) ? 0 : 2;
      }
      break;
    default: // CTX_PREFIX
      level = tier !== TIER_WORD || isStrongArgument(arg) ? 1 : 2;
  }
  // A path to the binary (/bin/cat, ./x, c:\windows\system32\cmd.exe) is never prose.
  if (level !== 1 && binaryPath && ctx !== CTX_URL_AMP
    && !((ctx === CTX_START || ctx === CTX_LINE) && proseAmongArguments(s, end))) level = 1;
  if (level === 1) {
    setHit(s, k, Math.min(n, end + 32));
    return (flags & F_WINDOWS) !== 0 && strong === CMDI_COMMAND_LINE ? CMDI_WINDOWS : strong;
  }
  // time ifconfig, nohup sh -c ..., strace whoami: judge the command the prefix runs.
  if ((flags & F_PREFIX) !== 0 && depth < 3 && arg !== ARG_END) {
    const inner = ctx === CTX_START || ctx === CTX_START_PREFIX || ctx === CTX_LINE ? CTX_START_PREFIX : CTX_PREFIX;
    const r = judgeCommand(s, afterPrefixOptions(s, end), inner, strong, depth + 1);
    if (r !== null) return r;
  }
  if (level === 2) {
    setHit(s, k, Math.min(n, end + 32));
    return CMDI_WEAK_COMMAND;
  }
  return null;
}

/** `$a -nlvp 555`, `${SHELL} -c "..."`: a variable run as the command, with flags. */
/** `name=` (the variable s[from..to)) occurs before `before`, at the start or after a separator. */
function assignedBefore(s: string, from: number, to: number, before: number): boolean {
  const name = s.slice(from, to);
  for (let at = s.indexOf(name + '='), seen = 0; at >= 0 && at < before && seen < 8; at = s.indexOf(name + '=', at + 1), seen++) {
    const p = at > 0 ? s.charCodeAt(at - 1) : 59;
    if (p === 59 || p === 38 || p === 124 || p === 10 || isBlank(p)) return true;
  }
  return false;
}

function variableCommand(s: string, k: number, ctx: number, strong: Rule): Rule | null {
  if (ctx === CTX_URL_AMP) return null;
  const n = s.length;
  let j = k + 1;
  const braced = j < n && s.charCodeAt(j) === 123;
  if (braced) j++;
  const start = j;
  while (j < n && (isLower(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)) || s.charCodeAt(j) === 95) && j - start < 24) j++;
  if (j === start || isDigit(s.charCodeAt(start))) return null;
  if (braced) {
    if (s.charCodeAt(j) !== 125) return null;
    j++;
  }
  // X=cat; $X /etc/passwd, a=/ec;b=ho;$a$b: a variable assigned earlier in the value, then run.
  if (ctx !== CTX_START && ctx !== CTX_LINE && assignedBefore(s, start, j - (braced ? 1 : 0), k)) {
    setHit(s, k, Math.min(n, j + 32));
    return strong;
  }
  if (j >= n || !isBlank(s.charCodeAt(j))) return null;
  while (j < n && isBlank(s.charCodeAt(j))) j++;
  if (j + 1 >= n || s.charCodeAt(j) !== 45 || !isLower(s.charCodeAt(j + 1))) return null;
  setHit(s, k, Math.min(n, j + 32));
  return strong;
}

// ---------------------------------------------------------------------------------------------
// The detector

const M_CMD = M_SEMI | M_PIPE | M_AMP | M_BACKTICK | M_DOLLAR | M_NEWLINE | M_PAREN | M_BRACE | M_QMARK | M_SLASH | M_LT
  | M_SPACE | M_SQUOTE | M_DQUOTE | M_STAR | M_BRACKET | M_PERCENT | M_BACKSLASH;

/** Characters without which this detector has nothing to find. */
export const CMDI_TRIGGER = M_CMD;

/** {@link isWordList} of the value being judged: 0 unknown, 1 no, 2 yes. */
let wordList = 0;

/** The value is a list of plain words joined by one separator: `banner|top|id`, `a;b;ps`. */
function isWordList(s: string): boolean {
  if (wordList !== 0) return wordList === 2;
  wordList = 1;
  let sep = 0;
  let items = 1;
  let itemLength = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (isLower(c) || isDigit(c) || c === 95 || c === 45 || c === 46) { itemLength++; continue; }
    if (c !== 124 && c !== 59 && c !== 44) return false;
    if (sep === 0) sep = c;
    if (c !== sep || itemLength === 0) return false;
    items++;
    itemLength = 0;
  }
  if (itemLength === 0 || items < 3) return false;
  wordList = 2;
  return true;
}

function isItemChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 95 || c === 45 || c === 46;
}

/**
 * The word at `k` is an item of a run of three or more plain words joined by the separator
 * before it, bounded by blanks or the value's ends: "Tags: linux|bash|shell".
 */
function inWordList(s: string, k: number): boolean {
  const n = s.length;
  const sep = s.charCodeAt(k - 1);
  let items = 1;
  let j = k;
  for (let guard = 0; guard < 16; guard++) { // rightwards: item (sep item)*
    const from = j;
    while (j < n && j - from < 32 && isItemChar(s.charCodeAt(j))) j++;
    if (j === from) return false;
    if (j >= n || isBlank(s.charCodeAt(j))) break;
    if (s.charCodeAt(j) !== sep) return false;
    items++;
    j++;
  }
  j = k - 1;
  for (let guard = 0; guard < 16 && j >= 0 && s.charCodeAt(j) === sep; guard++) { // leftwards
    const to = j;
    j--;
    while (j >= 0 && to - j < 32 && isItemChar(s.charCodeAt(j))) j--;
    if (j === to - 1) return false;
    items++;
    if (j < 0 || isBlank(s.charCodeAt(j)) || s.charCodeAt(j) === 58) break;
  }
  return items >= 3;
}

/** The first level-2 finding, reported when nothing of level 1 turns up. */
let weak: Rule | null = null;

function keep(r: Rule | null): Rule | null {
  if (r === null) return null;
  if (r.level === 1) return r;
  if (weak === null) weak = r;
  return null;
}

export function detectCmdi(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & M_CMD) === 0) return null;
  const s = v.lower;
  const r = detectIn(v, s, mask);
  if (r !== null && r.level === 1) return r;
  // Payloads written as character references or JavaScript escapes (&#x63;&#x61;&#x74;,
  // \u0063at, &lt;(id)) in XML bodies and attributes: judge the decoded text as well.
  if ((mask & (M_AMP | M_BACKSLASH)) !== 0 && (s.indexOf('&#') >= 0 || s.indexOf('\\u') >= 0 || s.indexOf('\\x') >= 0
    || s.indexOf('&lt;') >= 0 || s.indexOf('&gt;') >= 0 || s.indexOf('&quot;') >= 0 || s.indexOf('&apos;') >= 0)) {
    const m = v.markupText();
    if (m !== s) {
      const decoded = detectIn(v, m, v.markupMask());
      if (decoded !== null && (decoded.level === 1 || r === null)) return decoded;
    }
  }
  return r;
}

/** The value being judged is a User-Agent header. */
let agentValue = false;

/** Inside an unclosed `(` that opened at most 256 characters before `i`. */
function insideParentheses(s: string, i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 256; j--) {
    const c = s.charCodeAt(j);
    if (c === 40) return true;
    if (c === 41) return false;
  }
  return false;
}

function detectIn(v: ScanValue, s: string, mask: number): Rule | null {
  if ((mask & M_CMD) === 0) return null;
  agentValue = v.agent;
  wordList = 0;
  markdownish = 0;
  const body = v.source === SOURCE_BODY;
  inBody = body;
  weak = null;
  // Multi-line prose and code in bodies: line breaks there are not separators.
  let newlineSeparates = (mask & M_NEWLINE) !== 0;
  if (newlineSeparates && body) {
    let lines = 0;
    for (let i = s.indexOf('\n'); i >= 0 && lines <= 2; i = s.indexOf('\n', i + 1)) lines++;
    newlineSeparates = lines <= 2;
  }
  // A multi-line body is a document (a post, a README, a config file): shell snippets in it are
  // text, so there only commands that never appear in prose count after ; | &.
  const document = body && (mask & M_NEWLINE) !== 0 && !newlineSeparates;
  let r: Rule | null;
  if ((mask & (M_DOLLAR | M_SLASH | M_PAREN | M_QMARK | M_LT | M_GT_BANG | M_BRACE | M_PERCENT | M_BRACKET | M_AMP)) !== 0) {
    r = shellTrick(v, s, mask, document);
    if (r !== null) return r;
  }
  if (!document && v.source !== SOURCE_PATH && (r = keep(judgeCommand(s, 0, CTX_START, CMDI_COMMAND_LINE, 0))) !== null) return r;
  // A referer carries the query of the page it came from: each parameter value starts anew.
  if (v.source === SOURCE_URL_HEADER && (mask & M_QMARK) !== 0 && (r = keep(queryValues(s))) !== null) return r;
  if ((mask & (M_SEMI | M_PIPE | M_AMP | M_BACKTICK | M_DOLLAR | M_NEWLINE | M_LT | M_GT_BANG)) !== 0
    && (r = separators(s, mask, newlineSeparates, document)) !== null) return r;
  return weak;
}

const SEPARATOR_CHARS = [';', '|', '&', '\n', '\r', '`', '$', '<', '>', '!'];
const SEPARATOR_BITS = [M_SEMI, M_PIPE, M_AMP, M_NEWLINE, M_NEWLINE, M_BACKTICK, M_DOLLAR, M_LT, M_GT_BANG, M_GT_BANG];
/** The index in SEPARATOR_CHARS of each ASCII separator character, else -1. */
const SEPARATOR_KIND = new Int8Array(128).fill(-1);
SEPARATOR_CHARS.forEach((ch, k) => { SEPARATOR_KIND[ch.charCodeAt(0)] = k; });
const nextSeparator = new Int32Array(SEPARATOR_CHARS.length);
/** The kinds of separator the value holds (indices into SEPARATOR_CHARS), `presentKinds` of them. */
const presentKind = new Int32Array(SEPARATOR_CHARS.length);
/** Where the separator loop continues: after the blanks {@link commandAfterSeparator} skipped. */
let resumeAt = 0;
/** The value's first `=`: an `&` after one joins query parameters. */
let firstEquals = -1;

function separators(s: string, mask: number, newlineSeparates: boolean, document: boolean): Rule | null {
  firstEquals = (mask & M_AMP) !== 0 ? s.indexOf('=') : -1;
  // Visit separators in order, jumping between them with one indexOf per separator kind the value
  // holds; a kind that does not occur is never looked for again.
  let presentKinds = 0;
  let presentBits = 0;
  for (let k = 0; k < SEPARATOR_CHARS.length; k++) {
    const bit = SEPARATOR_BITS[k] as number;
    if ((mask & bit) === 0 || (bit === M_NEWLINE && !newlineSeparates)) continue;
    const p = s.indexOf(SEPARATOR_CHARS[k] as string);
    if (p < 0) continue;
    nextSeparator[k] = p;
    presentKind[presentKinds++] = k;
    presentBits |= 1 << k;
  }
  let backticks = 0;
  resumeAt = 0;
  for (;;) {
    let i = -1;
    // A separator right where the loop resumes is the next one (runs such as `!!!!` or `;;;;`).
    const c = resumeAt < s.length ? s.charCodeAt(resumeAt) : 128;
    const kind = c < 128 ? (SEPARATOR_KIND[c] as number) : -1;
    if (kind >= 0 && (presentBits & (1 << kind)) !== 0) {
      i = resumeAt;
    } else {
      // Otherwise the nearest of each kind's next occurrence; those behind the loop (passed by
      // the blanks skipped, or by runs) are looked up again from where it resumes.
      for (let m = 0; m < presentKinds; m++) {
        const k = presentKind[m] as number;
        let p = nextSeparator[k] as number;
        if (p >= 0 && p < resumeAt) {
          p = s.indexOf(SEPARATOR_CHARS[k] as string, resumeAt);
          nextSeparator[k] = p;
        }
        if (p >= 0 && (i < 0 || p < i)) i = p;
      }
      if (i < 0) return null;
    }
    resumeAt = i + 1;
    // Backticks pair up: only an opening one starts a substitution.
    const closingBacktick = s.charCodeAt(i) === 96 && (backticks++ & 1) === 1;
    // `(compatible; Nmap Scripting Engine; ...)`: in a user agent's comment `;` separates product tokens.
    const agentComment = agentValue && s.charCodeAt(i) === 59 && insideParentheses(s, i);
    const r = closingBacktick || agentComment ? null : keep(commandAfterSeparator(s, i, newlineSeparates, document));
    if (r !== null) return r;
  }
}

/** Judges the separator or substitution at `i`. */
function commandAfterSeparator(s: string, i: number, newlineSeparates: boolean, document: boolean): Rule | null {
  const n = s.length;
  const c = s.charCodeAt(i);
  let start: number;
  let substitution = false;
  spacedAmp = false;
  if (c === 59 || c === 124 || c === 38) {
    start = i + 1;
    if (start < n && s.charCodeAt(start) === c) start++; // && ||
    spacedAmp = c === 38 && start === i + 1 && i > 0 && isBlank(s.charCodeAt(i - 1))
      && start < n && isBlank(s.charCodeAt(start));
  } else if (c === 10 || c === 13) {
    start = i + 1;
  } else if (c === 96) {
    // `` and ``` are Markdown, never shell.
    if ((i + 1 < n && s.charCodeAt(i + 1) === 96) || (i > 0 && s.charCodeAt(i - 1) === 96)) return null;
    substitution = true;
    start = i + 1;
  } else if (c === 36 && i + 1 < n && s.charCodeAt(i + 1) === 40) {
    substitution = true;
    start = i + 2;
    if (start < n && s.charCodeAt(start) === 40) { // $(( arithmetic ))
      setHit(s, i, Math.min(n, i + 32));
      return CMDI_SUBSTITUTION;
    }
  } else if ((c === 60 || c === 62) && i + 1 < n && s.charCodeAt(i + 1) === 40 && (i === 0 || isBlank(s.charCodeAt(i - 1))
    || s.charCodeAt(i - 1) === 59 || s.charCodeAt(i - 1) === 124)) {
    substitution = true; // <(cat file)  >(tee log)
    start = i + 2;
  } else if (c === 33 && i + 1 < n && isLower(s.charCodeAt(i + 1))
    && (i === 0 || s.charCodeAt(i - 1) === 92 || s.charCodeAt(i - 1) === 58 || isBlank(s.charCodeAt(i - 1)))) {
    // :!cmd  \!whoami: the shell escape of vi, ex, less, gdb; only unmistakable commands.
    const word = readCommandWord(s, i + 1);
    const flags = commandFlags(baseName(word));
    if (flags === undefined || (flags & TIER_MASK) !== TIER_ALWAYS || wordEnd < s.length && s.charCodeAt(wordEnd) === 61) return null;
    setHit(s, i, Math.min(n, wordEnd + 24));
    return CMDI_CHAINING;
  } else {
    return null;
  }
  let k = start;
  while (k < n && (isBlank(s.charCodeAt(k)) || s.charCodeAt(k) === 123 || s.charCodeAt(k) === 40
    || (s.charCodeAt(k) === 10 && newlineSeparates))) k++;
  resumeAt = k;
  if (k >= n) return null;
  // Backticks in bodies are mostly Markdown code spans ("run `ipconfig /flushdns` first"): a
  // span after a space counts only when it closes the value, as in "127.0.0.1 `sleep 5`".
  // Even then the command needs an argument an attacker would give ("then `npm start`" is text).
  // A line break starts a new line of text as much as a new command: judge it like a value start.
  let ctx = substitution ? CTX_SUBSTITUTION : c === 10 || c === 13 ? CTX_LINE : k === start ? CTX_GLUED : CTX_SEPARATOR;
  // Backticks after words of text are Markdown code spans ("Default: `false`", "what does
  // `ls -la` do?"), in any value; "127.0.0.1 `sleep 5`" and "`id`" are not.
  if (substitution && c === 96 && (proseAfterSpan(s, i + 1) || isMarkdownish(s))) return null;
  if (substitution && c === 96 && i > 0 && spanInText(s, i)) {
    if (!closesValue(s, i + 1) && (inBody || proseAfterSpan(s, i + 1))) return null;
    ctx = CTX_CODE_SPAN;
  }
  // a=1&b=2: an & glued between a query string's pairs joins parameters, not commands.
  if (c === 38 && !substitution && start === i + 1 && i > 0 && !isBlank(s.charCodeAt(i - 1)) && firstEquals >= 0 && firstEquals < i) {
    ctx = CTX_URL_AMP;
  }
  substitutionChar = c;
  const r = judgeCommand(s, k, ctx, substitution ? CMDI_SUBSTITUTION : CMDI_CHAINING, 0);
  substitutionChar = 0;
  if (r === null) return null;
  if (document && !substitution && r !== CMDI_SHELL_SYNTAX) {
    // In documents only commands that never appear in prose count.
    const word = readCommandWord(s, k);
    const flags = commandFlags(baseName(word));
    if (flags === undefined || (flags & TIER_MASK) !== TIER_ALWAYS) return null;
  }
  if (r === CMDI_CHAINING || r === CMDI_SUBSTITUTION) setHit(s, i, Math.min(n, wordEnd + 32));
  return r;
}

/** {@link isMarkdownish} of the value being judged: 0 unknown, 1 no, 2 yes. */
let markdownish = 0;

/** Several backtick spans among words: Markdown text ("(`a`, `b`) are ..."), not substitutions. */
function isMarkdownish(s: string): boolean {
  if (markdownish !== 0) return markdownish === 2;
  markdownish = 1;
  let ticks = 0;
  let blanks = 0;
  for (let k = s.indexOf('`'); k >= 0 && ticks < 4; k = s.indexOf('`', k + 1)) ticks++;
  if (ticks < 4) return false;
  for (let k = 0; k < s.length && blanks < 3; k++) if (s.charCodeAt(k) === 32) blanks++;
  if (blanks >= 3) markdownish = 2;
  return markdownish === 2;
}

/** The backtick at `i` follows text: an opener (blank, ( [ * _ " = :) after a word. */
function spanInText(s: string, i: number): boolean {
  const p = s.charCodeAt(i - 1);
  if (!isCodeSpanOpener(p) && p !== 61 && p !== 58) return false;
  for (let k = i - 1; k >= 0 && i - k < 64; k--) if (isLower(s.charCodeAt(k))) return true;
  // A list item: "- `npm test`", "* `x`", "1. `y`"
  let k = 0;
  while (k < i && isBlank(s.charCodeAt(k))) k++;
  const c = s.charCodeAt(k);
  if (c === 45 || c === 42 || c === 62) return k + 1 < i && isBlank(s.charCodeAt(k + 1));
  while (k < i && isDigit(s.charCodeAt(k))) k++;
  return k > 0 && s.charCodeAt(k) === 46 && k + 1 < i && isBlank(s.charCodeAt(k + 1));
}

/** What precedes a Markdown code span: a blank, ( [ * _ " (links, emphasis, quotes). */
function isCodeSpanOpener(c: number): boolean {
  return isSpace(c) || c === 40 || c === 91 || c === 42 || c === 95 || c === 34;
}

/** The backtick span opened before `i` is followed by a word of text: Markdown in a sentence. */
function proseAfterSpan(s: string, i: number): boolean {
  const close = indexWithin(s, 96, i, 256);
  if (close < 0) return false;
  let k = close + 1;
  const p = k < s.length ? s.charCodeAt(k) : 0;
  if (p === 93 && s.charCodeAt(k + 1) === 40) return true; // [`name`](https://...)
  if (p === 46 || p === 44 || p === 59 || p === 58 || p === 33 || p === 63 || p === 41) { // `x`. `x`; `x`)
    k++;
    if (k >= s.length) return true;
  }
  if (k >= s.length || !isSpace(s.charCodeAt(k))) return false;
  while (k < s.length && isSpace(s.charCodeAt(k))) k++;
  // `x` - the error type, `Date` (copied), `y` **{String}**
  const q = k < s.length ? s.charCodeAt(k) : 0;
  if (q === 45 || q === 40 || q === 42 || q === 8211) {
    k++;
    while (k < s.length && (isSpace(s.charCodeAt(k)) || s.charCodeAt(k) === 42 || s.charCodeAt(k) === 123)) k++;
  }
  let e = k;
  while (e < s.length && isLower(s.charCodeAt(e))) e++;
  return e - k >= 2;
}

/** The backtick span opened before `i` closes at the end of the value. */
function closesValue(s: string, i: number): boolean {
  const close = s.indexOf('`', i);
  if (close < 0) return true;
  for (let k = close + 1; k < s.length; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Constructs that need no command word

const CODE_EXEC_CALLS = new Set(['system', 'shell_exec', 'passthru', 'popen', 'proc_open', 'exec']);
const POWERSHELL_CALLS = new Set(['downloadstring', 'downloadfile', 'frombase64string', 'iex', 'invoke-expression']);
const CALL_NONE = 0;
const CALL_POWERSHELL = 1;
const CALL_CODE_EXEC = 2;
/**
 * The names a call before '(' is judged by, by length: PowerShell methods (also as `.name`), and
 * the code-execution functions, bare or as os.system / os.popen (obj.exec('x') is a regex or a
 * database). Compared in place: no slice per parenthesis.
 */
const CALL_NAMES: { name: string; kind: number }[][] = [];
function addCallName(name: string, kind: number): void {
  (CALL_NAMES[name.length] ??= []).push({ name, kind });
}
for (const name of POWERSHELL_CALLS) {
  addCallName(name, CALL_POWERSHELL);
  addCallName(`.${name}`, CALL_POWERSHELL);
}
for (const name of CODE_EXEC_CALLS) addCallName(name, CALL_CODE_EXEC);
addCallName('os.system', CALL_CODE_EXEC);
addCallName('os.popen', CALL_CODE_EXEC);

function callNameAt(s: string, start: number, end: number): number {
  const names = CALL_NAMES[end - start];
  if (names === undefined) return CALL_NONE;
  for (let entryIndex = 0; entryIndex < names.length; entryIndex++) {
    const entry = names[entryIndex] as { name: string; kind: number };
    if (s.startsWith(entry.name, start)) return entry.kind;
  }
  return CALL_NONE;
}
const POWERSHELL_FLAGS = ['-executionpolicy', '-encodedcommand'];

/** Shellshock, /dev/tcp reverse shells, $IFS, SSI exec, globs, fork bombs, brace expansion ... */
function shellTrick(v: ScanValue, s: string, mask: number, document: boolean): Rule | null {
  const n = s.length;
  if ((mask & (M_PAREN | M_BRACE)) === (M_PAREN | M_BRACE)) {
    // Every '()' is looked at (linear: each skips only the blanks after it), so no padding of
    // empty parentheses in front hides one.
    for (let i = s.indexOf('()'); i >= 0; i = s.indexOf('()', i + 2)) {
      let k = i + 2;
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      // Reads stay in bounds: an out-of-bounds charCodeAt deoptimizes V8's optimized code.
      if (k >= n || s.charCodeAt(k) !== 123) continue;
      k++;
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      const c = k < n ? s.charCodeAt(k) : 0;
      // () { :; }  () { _; }, and a bare "() {" opening a header value
      if (c === 58 || c === 95 || (k >= n && i === skipBlanks(s, 0))) {
        setHit(s, i, Math.min(n, k + 40));
        return CMDI_SHELLSHOCK;
      }
      if (!document && forkBombAt(s, i)) {
        setHit(s, Math.max(0, i - 16), Math.min(n, k + 40));
        return CMDI_SHELL_SYNTAX;
      }
    }
  }
  if ((mask & M_PAREN) !== 0 && !document) {
    const r = callBeforeParenthesis(s);
    if (r !== null) return r;
  }
  let at = (mask & M_SLASH) !== 0 ? s.indexOf('/dev/') : -1;
  if (at >= 0 && (s.startsWith('tcp/', at + 5) || s.startsWith('udp/', at + 5))) {
    setHit(s, Math.max(0, at - 16), Math.min(n, at + 40));
    return CMDI_SHELL_TRICK;
  }
  at = (mask & M_DOLLAR) !== 0 ? s.indexOf('ifs') : -1;
  for (; at > 0; at = s.indexOf('ifs', at + 3)) {
    const p = s.charCodeAt(at - 1);
    // ${IFS}  $IFS  (not $IFSX, not "gifs")
    if ((p === 123 && s.charCodeAt(at - 2) === 36) || (p === 36 && !isLower(s.charCodeAt(at + 3)))) {
      setHit(s, Math.max(0, at - 16), Math.min(n, at + 40));
      return CMDI_SHELL_TRICK;
    }
  }
  // Both directives start with '<!--#': one search rules them out in most values.
  if ((mask & M_LT) !== 0 && s.indexOf('<!--#') >= 0) {
    let ssi = s.indexOf('<!--#exec');
    if (ssi < 0) {
      ssi = s.indexOf('<!--#include');
      if (ssi >= 0 && !s.startsWith(' virtual=', ssi + 12) && !s.startsWith(' file=', ssi + 12)) ssi = -1;
    }
    if (ssi >= 0) {
      setHit(s, ssi, Math.min(n, ssi + 48));
      return CMDI_SSI;
    }
  }
  // &lt;!--#exec: the directive HTML-escaped inside a form field or XML attribute.
  if ((mask & M_AMP) !== 0 && s.indexOf('!--#exec') >= 0) {
    const m = v.markupText();
    const ssi = m.indexOf('<!--#exec');
    if (ssi >= 0) {
      setHit(s, 0, Math.min(n, 64));
      return CMDI_SSI;
    }
  }
  if ((mask & M_QMARK) !== 0) {
    const glob = s.indexOf('/???/');
    if (glob >= 0) {
      setHit(s, glob, Math.min(n, glob + 24));
      return CMDI_SHELL_TRICK;
    }
  }
  if ((mask & (M_QMARK | M_STAR | M_BRACKET)) !== 0 && (mask & M_SLASH) !== 0) {
    const r = globbedPath(s);
    if (r !== null) return r;
  }
  if ((mask & M_DOLLAR) !== 0 && (mask & M_BRACKET) !== 0) {
    const i = bracketArithmetic(s);
    if (i >= 0) {
      setHit(s, i, Math.min(n, i + 24));
      return CMDI_SHELL_SYNTAX;
    }
  }
  if ((mask & M_BRACE) !== 0 && (mask & M_COMMA) !== 0 && !document) {
    const r = braceExpansion(s);
    if (r !== null) return r;
  }
  if ((mask & (M_GT_BANG | M_LT)) !== 0 && !document) {
    const i = redirectionToSystemFile(s);
    if (i >= 0) {
      setHit(s, Math.max(0, i - 24), Math.min(n, i + 32));
      return CMDI_SHELL_SYNTAX;
    }
  }
  let i = (mask & M_PERCENT) !== 0 ? s.indexOf('%comspec%') : -1;
  if (i < 0 && (mask & M_DOLLAR) !== 0) i = s.indexOf('$env:comspec');
  if (i < 0 && (mask & M_DOT) !== 0) i = s.indexOf('net.webclient');
  if (i < 0 && (mask & M_BRACKET) !== 0) i = s.indexOf('[system.diagnostics.process]');
  if (i < 0 && (mask & M_SPACE) !== 0) i = powershellFlag(s);
  if (i >= 0) {
    setHit(s, Math.max(0, i - 16), Math.min(n, i + 40));
    return CMDI_WINDOWS;
  }
  return null;
}

/** -ExecutionPolicy, -EncodedCommand: PowerShell loader flags (abbreviations are caught as flags of powershell). */
function powershellFlag(s: string): number {
  for (let flagIndex = 0; flagIndex < POWERSHELL_FLAGS.length; flagIndex++) {
    const flag = POWERSHELL_FLAGS[flagIndex] as string;
    const i = s.indexOf(flag);
    if (i > 0 && isBlank(s.charCodeAt(i - 1)) && !isLower(i + flag.length < s.length ? s.charCodeAt(i + flag.length) : 32)) return i;
  }
  return -1;
}

/** Command strings of code-execution calls judged per value (each judgement may read far). */
const MAX_JUDGED_CALLS = 32;

/**
 * `system('id')`, `passthru("ls")`: a code-execution call with a command string; `.DownloadString(`,
 * `iex(`. Every '(' is looked at (a bounded look back for the name: linear), so no run of other
 * parentheses in front hides a call; only the command strings judged are capped.
 */
function callBeforeParenthesis(s: string): Rule | null {
  const n = s.length;
  let judged = 0;
  for (let i = s.indexOf('('); i >= 0 && judged < MAX_JUDGED_CALLS; i = s.indexOf('(', i + 1)) {
    let b = i;
    while (b > 0 && i - b < 20 && (isLower(s.charCodeAt(b - 1)) || s.charCodeAt(b - 1) === 95 || s.charCodeAt(b - 1) === 46)) b--;
    if (b === i) continue;
    const call = callNameAt(s, b, i);
    if (call === CALL_NONE) continue;
    if (call === CALL_POWERSHELL) {
      setHit(s, b, Math.min(n, i + 40));
      return CMDI_WINDOWS;
    }
    let k = i + 1;
    while (k < n && isBlank(s.charCodeAt(k))) k++;
    const q = s.charCodeAt(k);
    if (q !== 39 && q !== 34 && q !== 96) continue;
    judged++;
    const r = judgeCommand(s, k + 1, CTX_SUBSTITUTION, CMDI_SUBSTITUTION, 0);
    if (r !== null && r.level === 1) return r;
  }
  return null;
}

/** The values of a URL's query string (`?a=ls -la&b=...`), each judged as the start of a value. */
function queryValues(s: string): Rule | null {
  const q = s.indexOf('?');
  for (let i = s.indexOf('=', q), seen = 0; i > 0 && seen < 16; i = s.indexOf('=', i + 1), seen++) {
    const r = judgeCommand(s, i + 1, CTX_START, CMDI_COMMAND_LINE, 0);
    if (r !== null) return r;
  }
  return null;
}

function skipBlanks(s: string, k: number): number {
  while (k < s.length && isBlank(s.charCodeAt(k))) k++;
  return k;
}

/** `cat /[?]tc/pa[?]swd`, `;/bin/ca? /et*\/passwd`: a globbed word that spells a system path. */
function globbedPath(s: string): Rule | null {
  const n = s.length;
  // Every '/' that can start a word is looked at: a word once read is skipped, so this stays
  // linear and no padding of paths in front hides a glob.
  for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) {
    const p = i > 0 ? s.charCodeAt(i - 1) : 32;
    if (!(isBlank(p) || p === 59 || p === 124 || p === 38 || p === 39 || p === 34 || p === 61 || p === 96 || p === 40
      || p === 44 || p === 123)) continue;
    readCommandWord(s, i);
    const end = wordEnd;
    if (!wordGlob) { i = Math.max(i, end - 1); continue; }
    const word = readCommandWord(s, i);
    if (globSpellsSystemPath(word)) {
      setHit(s, i, Math.min(n, end + 16));
      return CMDI_SHELL_TRICK;
    }
    i = Math.max(i, end - 1);
  }
  return null;
}

/** `{cat,/etc/passwd}`, `{,ifconfig,eth0}`, `{id,}`, `c{a,oun}t`, `{l,-lh}s`: brace expansion. */
function braceExpansion(s: string): Rule | null {
  const n = s.length;
  // Every '{' is looked at, so no padding of braces in front hides one. The first '}' and ','
  // after a '{' only move forward from one '{' to the next: each is searched for again only once
  // the '{' has passed it, which keeps the loop linear (the rest of an iteration reads at most
  // the 160 characters up to its '}').
  let close = -1;
  let comma = -1;
  for (let i = s.indexOf('{'); i >= 0; i = s.indexOf('{', i + 1)) {
    if (close <= i) close = s.indexOf('}', i + 1);
    if (close < 0) return null;
    if (close - i > 160) continue;
    if (comma <= i) comma = s.indexOf(',', i + 1);
    if (comma < 0) return null; // no ',' after this '{', so none after a later one either
    if (comma > close) continue;
    let blank = false;
    for (let k = i + 1; k < close; k++) if (isSpace(s.charCodeAt(k))) { blank = true; break; }
    if (blank) continue;
    // Letters glued before and after the braces take part in every alternative.
    let b = i;
    while (b > 0 && i - b < 12 && isLower(s.charCodeAt(b - 1))) b--;
    let a = close + 1;
    while (a < n && a - close < 12 && isLower(s.charCodeAt(a))) a++;
    const prefix = s.slice(b, i);
    const suffix = s.slice(close + 1, a);
    // The first non-empty alternative is the command.
    let from = i + 1;
    while (from < close && s.charCodeAt(from) === 44) from++;
    let to = s.indexOf(',', from);
    if (to < 0 || to > close) to = close;
    const leadingComma = from > i + 1;
    const alternative = s.slice(from, to);
    let word: string;
    let evaded = false;
    if (alternative.length > 0 && !isWordChar(alternative.charCodeAt(0)) || alternative.indexOf('$') >= 0 || alternative.indexOf('?') >= 0) {
      word = readCommandWord(s, from);
      evaded = wordEvaded;
      if (wordGlob) {
        if (globSpellsSystemPath(word)) {
          setHit(s, i, Math.min(n, close + 1));
          return CMDI_SHELL_TRICK;
        }
        continue;
      }
      if (wordEnd !== to) continue;
    } else {
      word = alternative;
    }
    word = prefix + word + suffix;
    const flags = commandFlags(baseName(word));
    if (flags === undefined) continue;
    // {id,name} is a field list; an argument-like second part, a leading or trailing comma,
    // or letters spliced around the braces make it shell.
    const second = to < close ? s.charCodeAt(to + 1) : 125;
    const argumentLike = second === 45 || second === 47 || second === 36 || second === 46 || second === 44 || second === 125
      || second === 35 || second === 126;
    if (prefix.length > 0 || suffix.length > 0 || leadingComma || argumentLike || evaded) {
      setHit(s, b, Math.min(n, a));
      return CMDI_OBFUSCATED;
    }
  }
  return null;
}
