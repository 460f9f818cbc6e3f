// OS command injection: a shell separator or substitution followed by a known command that is
// used like a command (with flags, paths, or nothing after it). Quote, backslash and $@ tricks
// inside the command word are undone first (c'a't, wh\oami, who$@ami).
import type { Rule } from '../types.js';
import { CMDI_CHAINING, CMDI_SHELLSHOCK, CMDI_SHELL_TRICK, CMDI_SSI, CMDI_SUBSTITUTION } from '../rules.js';
import {
  M_AMP, M_BACKTICK, M_BRACE, M_DOLLAR, M_LT, M_NEWLINE, M_PAREN, M_PIPE, M_QMARK, M_SEMI, M_SLASH, isDigit,
  isLower, isSpace,
} from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_BODY, type ScanValue } from './ScanValue.js';

/** Never ordinary words: reported whenever they follow a separator. */
const TIER_ALWAYS = 1;
/** Short commands: reported when used with arguments or alone at the end. */
const TIER_SHORT = 2;
/** Commands that are also English words: reported only with command-like arguments. */
const TIER_WORD = 3;

const COMMANDS = new Map<string, number>();
for (const c of ('whoami uname ifconfig ipconfig netstat nslookup wget ncat netcat powershell pwsh systeminfo '
  + 'tasklist taskkill certutil bitsadmin wmic mshta rundll32 regsvr32 cscript wscript busybox chmod chown '
  + 'useradd usermod crontab printenv xxd msfvenom socat nohup getent lsof sysctl traceroute tracert '
  + 'hostname passwd').split(' ')) COMMANDS.set(c, TIER_ALWAYS);
for (const c of 'id ls pwd nc sh bash zsh ksh csh tcsh dash cmd curl ifconfig tftp uname'.split(' ')) {
  if (!COMMANDS.has(c)) COMMANDS.set(c, TIER_SHORT);
}
for (const c of ('cat more less head tail find type kill sleep echo touch env set dir ps ping net date who '
  + 'last top sort grep egrep awk sed cp mv rm mkdir rmdir python python2 python3 perl ruby php node lua '
  + 'ssh scp ftp telnet su sudo timeout expr dig host whois nl od tac rev strings which locate base64 '
  + 'usleep chmod copy del start call reg sc schtasks net1 whoami tar zip unzip gzip openssl xargs '
  + 'systemctl service kill pkill killall wc uniq cut tr tee apt yum').split(' ')) {
  if (!COMMANDS.has(c)) COMMANDS.set(c, TIER_WORD);
}
/** Commands whose first argument is a duration or count: `; sleep 5`, `| ping 10.0.0.1`. */
const NUMERIC_ARGUMENT = new Set(['sleep', 'usleep', 'timeout', 'ping']);

const MAX_WORD = 48;

function isSeparator(c: number): boolean {
  return c === 59 || c === 124 || c === 38 || c === 10 || c === 13 || c === 96;
}

/** The command word starting at `i` with quoting tricks removed, and where it ends. */
let wordEnd = 0;
function readCommandWord(s: string, i: number): string {
  const n = s.length;
  // Fast path: a plain word is sliced, not rebuilt.
  let e = i;
  while (e < n && e - i < MAX_WORD) {
    const c = s.charCodeAt(e);
    if (isLower(c) || isDigit(c) || c === 95 || c === 46 || c === 47 || c === 45) e++;
    else break;
  }
  const stop = e < n ? s.charCodeAt(e) : 32;
  if (stop !== 39 && stop !== 34 && stop !== 92 && stop !== 36 && stop !== 63 && stop !== 42 && stop !== 58) {
    wordEnd = e;
    return s.slice(i, e);
  }
  let out = '';
  let j = i;
  while (j < n && j - i < MAX_WORD) {
    const c = s.charCodeAt(j);
    if (c === 39 || c === 34 || c === 92) { j++; continue; } // c'a't  wh\oami
    if (c === 36 && j + 1 < n && (s.charCodeAt(j + 1) === 64 || s.charCodeAt(j + 1) === 42)) { j += 2; continue; } // $@ $*
    if (isLower(c) || isDigit(c) || c === 95 || c === 46 || c === 47 || c === 45 || c === 63 || c === 42 || (c === 58 && out.length === 1)) {
      out += s[j];
      j++;
      continue;
    }
    break;
  }
  wordEnd = j;
  return out;
}

const ARG_NONE = 0;
const ARG_END = 1; // nothing, or another separator
const ARG_LIKE = 2; // -flag, /path, $VAR, > redirection, IP, URL ...
const ARG_NUMBER = 3; // a bare number
const ARG_FILE = 4; // a file or host name: notes.txt, evil.example/x.sh

function argumentAfter(s: string, k: number): number {
  const n = s.length;
  if (k >= n) return ARG_END;
  let c = s.charCodeAt(k);
  if (isSeparator(c) || c === 41 || c === 35 || c === 125) return ARG_END;
  if (c === 62 || c === 60) return ARG_LIKE;
  if (c === 44) { k++; c = k < n ? s.charCodeAt(k) : 32; return c === 47 || c === 45 || c === 36 ? ARG_LIKE : ARG_NONE; } // {cat,/etc/passwd}
  if (!isSpace(c)) return ARG_NONE;
  while (k < n && (isSpace(s.charCodeAt(k)))) k++;
  if (k >= n) return ARG_END;
  c = s.charCodeAt(k);
  const d = k + 1 < n ? s.charCodeAt(k + 1) : 32;
  if (c === 45) return isLower(d) || d === 45 || isDigit(d) ? ARG_LIKE : ARG_NONE;
  if (c === 124 || c === 59 || c === 38 || c === 96 || c === 10 || c === 13) return ARG_END; // another separator
  if (c === 47 || c === 92 || c === 126 || c === 62 || c === 60) return ARG_LIKE;
  if (c === 36) return isDigit(d) ? ARG_NONE : ARG_LIKE; // $HOME, but not $5
  if (c === 37 && isLower(d)) return ARG_LIKE; // %TEMP%
  if (c === 46 && (d === 47 || d === 46)) return ARG_LIKE;
  if (c === 39 || c === 34) return ARG_LIKE;
  if (isDigit(c)) {
    let j = k;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (j < n && s.charCodeAt(j) === 46 && j + 1 < n && isDigit(s.charCodeAt(j + 1))) return ARG_LIKE; // an IP
    let e = j;
    while (e < n && isSpace(s.charCodeAt(e))) e++;
    return e >= n || isSeparator(s.charCodeAt(e)) || s.charCodeAt(e) === 35 || s.charCodeAt(e) === 41 ? ARG_NUMBER : ARG_NONE;
  }
  if (isLower(c) && d === 58 && k + 2 < n && (s.charCodeAt(k + 2) === 92 || s.charCodeAt(k + 2) === 47)) return ARG_LIKE; // c:\
  if (s.startsWith('http://', k) || s.startsWith('https://', k)) return ARG_LIKE;
  // A file or host name: notes.txt, evil.example/x.sh
  for (let j = k; j < n && j - k < 64; j++) {
    const e = s.charCodeAt(j);
    if (isSpace(e) || isSeparator(e)) break;
    if (e === 47 || (e === 46 && j + 1 < n && isLower(s.charCodeAt(j + 1)) && j > k)) return ARG_FILE;
  }
  return ARG_NONE;
}

/** Commands that are English words on their own but not with these subcommands. */
const SUBCOMMANDS = new Set(['net user', 'net localgroup', 'net group', 'net share', 'net use', 'net view', 'net1 user',
  'reg add', 'reg query', 'reg save', 'sc create', 'sc config', 'sc query', 'schtasks /create', 'type nul', 'set /a']);

function nextWord(s: string, i: number): string {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  let j = i;
  while (j < s.length && j - i < 12 && !isSpace(s.charCodeAt(j))) j++;
  return s.slice(i, j);
}

/** The backtick span opened before `i` closes at the end of the value. */
function closesValue(s: string, i: number): boolean {
  const close = s.indexOf('`', i);
  if (close < 0) return true;
  for (let k = close + 1; k < s.length; k++) if (!isSpace(s.charCodeAt(k))) return false;
  return true;
}

function isBinaryPath(word: string): boolean {
  const c = word.charCodeAt(0);
  return c === 47 || c === 92 || c === 126 || (c === 46 && word.charCodeAt(1) === 47) || (word.charCodeAt(1) === 58 && isLower(c));
}

function baseName(word: string): string {
  if (word.indexOf('/') < 0 && word.indexOf('\\') < 0 && !word.endsWith('.exe')) return word;
  let b = word;
  const slash = Math.max(b.lastIndexOf('/'), b.lastIndexOf('\\'));
  if (slash >= 0) b = b.slice(slash + 1);
  if (b.endsWith('.exe')) b = b.slice(0, -4);
  return b;
}

/** Globbed paths that spell commands without letters: /???/c?t, /b??/s?. */
function isGlobPath(word: string): boolean {
  if (word.charCodeAt(0) !== 47) return false;
  let wild = 0;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) === 63 || word.charCodeAt(i) === 42) wild++;
  return wild >= 2;
}

const M_CMD = M_SEMI | M_PIPE | M_AMP | M_BACKTICK | M_DOLLAR | M_NEWLINE | M_PAREN | M_BRACE | M_QMARK | M_SLASH | M_LT;

/** Characters without which this detector has nothing to find. */
export const CMDI_TRIGGER = M_CMD;

export function detectCmdi(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & M_CMD) === 0) return null;
  const s = v.lower;
  const body = v.source === SOURCE_BODY;
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
  if ((mask & (M_DOLLAR | M_SLASH | M_PAREN | M_QMARK | M_LT)) !== 0) {
    const trick = shellTrick(s, mask);
    if (trick !== null) return trick;
  }
  if ((mask & (M_SEMI | M_PIPE | M_AMP | M_BACKTICK | M_DOLLAR | M_NEWLINE)) === 0) return null;
  // Visit separators in order, jumping between them with one indexOf per separator kind.
  for (let k = 0; k < SEPARATOR_CHARS.length; k++) {
    const bit = SEPARATOR_BITS[k] as number;
    const wanted = (mask & bit) !== 0 && (bit !== M_NEWLINE || newlineSeparates);
    nextSeparator[k] = wanted ? s.indexOf(SEPARATOR_CHARS[k] as string) : -1;
  }
  let backticks = 0;
  for (;;) {
    let i = -1;
    for (let k = 0; k < SEPARATOR_CHARS.length; k++) {
      const p = nextSeparator[k] as number;
      if (p >= 0 && (i < 0 || p < i)) i = p;
    }
    if (i < 0) return null;
    resumeAt = i + 1;
    // Backticks pair up: only an opening one starts a substitution.
    const closingBacktick = s.charCodeAt(i) === 96 && (backticks++ & 1) === 1;
    const r = closingBacktick ? null : commandAfterSeparator(s, i, body, newlineSeparates, document);
    if (r !== null) return r;
    // Separators inside the blanks just skipped lead to the same word: jump past them, which
    // keeps long runs of line breaks linear.
    for (let k = 0; k < SEPARATOR_CHARS.length; k++) {
      const p = nextSeparator[k] as number;
      if (p >= 0 && p < resumeAt) nextSeparator[k] = s.indexOf(SEPARATOR_CHARS[k] as string, resumeAt);
    }
  }
}

const SEPARATOR_CHARS = [';', '|', '&', '\n', '\r', '`', '$'];
const SEPARATOR_BITS = [M_SEMI, M_PIPE, M_AMP, M_NEWLINE, M_NEWLINE, M_BACKTICK, M_DOLLAR];
const nextSeparator = new Int32Array(SEPARATOR_CHARS.length);
/** Where the separator loop continues: after the blanks {@link commandAfterSeparator} skipped. */
let resumeAt = 0;

/** Judges the separator or substitution at `i`. */
function commandAfterSeparator(s: string, i: number, body: boolean, newlineSeparates: boolean, document: boolean): Rule | null {
  const n = s.length;
  const c = s.charCodeAt(i);
  let start: number;
  let substitution = false;
  let spacedAmp = false;
  if (c === 59 || c === 124 || c === 38) {
    start = i + 1;
    if (start < n && s.charCodeAt(start) === c) start++; // && ||
    spacedAmp = c === 38 && start === i + 1 && i > 0 && isSpace(s.charCodeAt(i - 1))
      && start < n && isSpace(s.charCodeAt(start));
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
  } else {
    return null;
  }
  let k = start;
  while (k < n && (isSpace(s.charCodeAt(k)) || s.charCodeAt(k) === 123 || s.charCodeAt(k) === 40
    || (s.charCodeAt(k) === 10 && newlineSeparates))) k++;
  resumeAt = k;
  if (k >= n || !(isLower(s.charCodeAt(k)) || s.charCodeAt(k) === 47 || s.charCodeAt(k) === 92
    || s.charCodeAt(k) === 39 || s.charCodeAt(k) === 34 || s.charCodeAt(k) === 46)) return null;
  const word = readCommandWord(s, k);
  const end = wordEnd;
  if (word.length === 0) return null;
  if (isGlobPath(word)) {
    setHit(s, i, Math.min(n, end + 24));
    return CMDI_SHELL_TRICK;
  }
  const base = baseName(word);
  const tier = COMMANDS.get(base);
  if (tier === undefined) return null;
  // Backticks in bodies are mostly Markdown code spans ("run `ipconfig /flushdns` first"): a
  // span after a space counts only when it closes the value, as in "127.0.0.1 `sleep 5`".
  if (substitution && c === 96 && body && i > 0 && (isSpace(s.charCodeAt(i - 1)) || s.charCodeAt(i - 1) === 40)
    && !closesValue(s, i + 1)) return null;
  let arg = argumentAfter(s, end);
  if (arg === ARG_NONE && SUBCOMMANDS.has(base + ' ' + nextWord(s, end))) arg = ARG_LIKE;
  // Shell text in bodies (package.json scripts, CI files): "| tee out.txt" is not an attack there.
  if (arg === ARG_FILE) arg = body && tier === TIER_WORD ? ARG_NONE : ARG_LIKE;
  if (document && !substitution && tier !== TIER_ALWAYS) return null;
  let hitIt: boolean;
  if (substitution) hitIt = true;
  else if (tier === TIER_ALWAYS) hitIt = true;
  else if (arg === ARG_LIKE) hitIt = true;
  else if (arg === ARG_NUMBER) hitIt = NUMERIC_ARGUMENT.has(base) || tier === TIER_SHORT;
  else if (arg === ARG_END) hitIt = tier === TIER_SHORT && !spacedAmp;
  else hitIt = false;
  // A path to the binary (/bin/cat, ./x, c:\windows\system32\cmd.exe) is never prose.
  if (!hitIt && base !== word && isBinaryPath(word)) hitIt = true;
  if (!hitIt) return null;
  setHit(s, i, Math.min(n, end + 32));
  return substitution ? CMDI_SUBSTITUTION : CMDI_CHAINING;
}

/** Shellshock, /dev/tcp reverse shells, $IFS word splitting, SSI exec, globbed binaries. */
function shellTrick(s: string, mask: number): Rule | null {
  if ((mask & (M_PAREN | M_BRACE)) === (M_PAREN | M_BRACE)) {
    for (let i = s.indexOf('()'); i >= 0; i = s.indexOf('()', i + 2)) {
      let k = i + 2;
      while (k < s.length && isSpace(s.charCodeAt(k))) k++;
      if (s.charCodeAt(k) !== 123) continue;
      k++;
      while (k < s.length && isSpace(s.charCodeAt(k))) k++;
      const c = s.charCodeAt(k);
      if (c === 58 || c === 95) { // () { :; }  () { _; }
        setHit(s, i, Math.min(s.length, k + 40));
        return CMDI_SHELLSHOCK;
      }
    }
  }
  let at = (mask & M_SLASH) !== 0 ? s.indexOf('/dev/') : -1;
  if (at >= 0 && (s.startsWith('tcp/', at + 5) || s.startsWith('udp/', at + 5))) {
    setHit(s, Math.max(0, at - 16), Math.min(s.length, at + 40));
    return CMDI_SHELL_TRICK;
  }
  at = (mask & M_DOLLAR) !== 0 ? s.indexOf('ifs') : -1;
  for (; at > 0; at = s.indexOf('ifs', at + 3)) {
    const p = s.charCodeAt(at - 1);
    // ${IFS}  $IFS  (not $IFSX, not "gifs")
    if ((p === 123 && s.charCodeAt(at - 2) === 36) || (p === 36 && !isLower(s.charCodeAt(at + 3)))) {
      setHit(s, Math.max(0, at - 16), Math.min(s.length, at + 40));
      return CMDI_SHELL_TRICK;
    }
  }
  if ((mask & M_LT) !== 0) {
    const ssi = s.indexOf('<!--#exec');
    if (ssi >= 0) {
      setHit(s, ssi, Math.min(s.length, ssi + 48));
      return CMDI_SSI;
    }
  }
  if ((mask & M_QMARK) !== 0) {
    const glob = s.indexOf('/???/');
    if (glob >= 0) {
      setHit(s, glob, Math.min(s.length, glob + 24));
      return CMDI_SHELL_TRICK;
    }
  }
  return null;
}
