// Path traversal: `..` path segments (after decoding: %2e%2e%2f, %c0%af, ..%5c, ....//, ..;/) and
// well-known system files. One `../` inside text is common in relative links, so it needs a
// second segment, a sensitive target, an encoding trick, a backslash, or to be the whole value.
import type { Rule } from '../types.js';
import { PATH_SENSITIVE_FILE, PATH_TRAVERSAL, PATH_TRAVERSAL_IN_PATH, PATH_UNC_ADMIN_SHARE, PATH_UNC_SHARE } from '../rules.js';
import { M_BACKSLASH, M_DOT, M_DOTDOT, M_NEWLINE, M_NONASCII, M_SLASH, M_SPACE, isDigit, isLower, isSpace } from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_FILENAME, SOURCE_HEADER, SOURCE_PATH, SOURCE_URL_HEADER, type ScanValue } from './ScanValue.js';

/** Where a sensitive name counts. */
const ANYWHERE = 0; // as a path component in any value, prose included
const ROOTED = 1; // right under the file-system root (`/proc/net`, not `/api/proc/net`), or after a traversal
const PATH_LIKE = 2; // in a value without whitespace (a path, not prose), or after a traversal
const AFTER_TRAVERSAL = 3; // too common alone
const ROOTED_PATH = 4; // rooted, in a value without whitespace (`/etc/anything` as a file parameter), or after a traversal

/**
 * Files and directories an attacker reads to prove a traversal, matched as path components
 * (at the value start or after a separator; `/` in a name matches `\` too). A name ending in a
 * letter or digit must end its component: `.env` matches `.env` and `.env.local`, not `.envoy`.
 */
const SENSITIVE: readonly (readonly [string, number])[] = [
  // Unix accounts, secrets and system configuration.
  ['etc/passwd', ANYWHERE], ['etc/shadow', ANYWHERE], ['etc/group', ANYWHERE], ['etc/gshadow', ANYWHERE],
  ['etc/subuid', ANYWHERE], ['etc/subgid', ANYWHERE], ['etc/master.passwd', ANYWHERE], ['etc/security/', ANYWHERE],
  ['etc/issue', ANYWHERE], ['etc/sudoers', ANYWHERE], ['etc/crontab', ANYWHERE], ['etc/ssh/', ANYWHERE],
  ['etc/ssl/private', ANYWHERE], ['etc/kubernetes/', ANYWHERE], ['var/run/secrets/', ANYWHERE],
  ['run/secrets/', ROOTED],
  ['etc/hosts', AFTER_TRAVERSAL], ['etc/hostname', AFTER_TRAVERSAL], ['etc/resolv.conf', AFTER_TRAVERSAL],
  ['etc/fstab', AFTER_TRAVERSAL], ['etc/os-release', AFTER_TRAVERSAL], ['etc/profile', AFTER_TRAVERSAL],
  ['etc/environment', AFTER_TRAVERSAL], ['etc/nginx/', AFTER_TRAVERSAL], ['etc/apache2/', AFTER_TRAVERSAL],
  ['etc/httpd/', AFTER_TRAVERSAL], ['etc/mysql/', AFTER_TRAVERSAL], ['etc/', ROOTED_PATH], ['var/lib/', ROOTED_PATH],
  ['var/www/', ROOTED_PATH], ['usr/local/etc/', ROOTED_PATH], ['opt/lampp/', ANYWHERE], ['xampp/', PATH_LIKE],
  ['boot/grub/', ANYWHERE], ['root/anaconda-ks.cfg', ANYWHERE], ['initial_root_password', ANYWHERE],
  // Kernel and process information.
  ['proc/self/', ANYWHERE], ['proc/thread-self/', ANYWHERE], ['proc/version', ANYWHERE], ['proc/1/', ANYWHERE],
  ['proc/net/', ROOTED], ['proc/sys/', ROOTED], ['proc/cmdline', ROOTED], ['proc/cpuinfo', ROOTED],
  ['proc/meminfo', ROOTED], ['proc/mounts', ROOTED], ['proc/interrupts', ROOTED], ['proc/kcore', ROOTED],
  ['proc/kallsyms', ROOTED], ['proc/modules', ROOTED], ['proc/partitions', ROOTED], ['proc/config.gz', ROOTED],
  ['proc/sched_debug', ROOTED], ['proc/iomem', ROOTED], ['proc/ioports', ROOTED], ['proc/kmsg', ROOTED],
  ['proc/keys', ROOTED], ['proc/slabinfo', ROOTED], ['proc/timer_list', ROOTED], ['proc/vmallocinfo', ROOTED],
  ['proc/zoneinfo', ROOTED], ['proc/diskstats', ROOTED], ['proc/filesystems', ROOTED], ['proc/devices', ROOTED],
  ['proc/swaps', ROOTED], ['proc/loadavg', ROOTED], ['proc/uptime', ROOTED], ['proc/stat', ROOTED],
  ['proc/crypto', ROOTED], ['proc/cgroups', ROOTED], ['proc/locks', ROOTED], ['proc/softirqs', ROOTED],
  ['proc/vmstat', ROOTED], ['proc/buddyinfo', ROOTED], ['proc/driver/', ROOTED], ['proc/bus/', ROOTED],
  ['proc/tty/', ROOTED], ['proc/scsi/', ROOTED], ['proc/irq/', ROOTED], ['proc/acpi/', ROOTED],
  ['sys/class', ROOTED], ['sys/kernel', ROOTED], ['sys/devices/', ROOTED], ['sys/firmware/', ROOTED],
  ['sys/block/', ROOTED], ['sys/bus/', ROOTED], ['sys/module/', ROOTED], ['sys/power/', ROOTED],
  ['sys/fs/', ROOTED], ['sys/hypervisor/', ROOTED],
  // Logs worth poisoning or reading.
  ['var/log/apache', ANYWHERE], ['var/log/nginx', ANYWHERE], ['var/log/auth', ANYWHERE], ['var/log/httpd', ANYWHERE],
  ['var/log/secure', ANYWHERE], ['var/log/syslog', AFTER_TRAVERSAL], ['var/log/', ROOTED_PATH],
  ['logs/access.log', PATH_LIKE], ['logs/error.log', PATH_LIKE], ['logs/access_log', PATH_LIKE], ['logs/error_log', PATH_LIKE],
  ['apache/logs', PATH_LIKE], ['apache2/logs', PATH_LIKE], ['httpd/logs', PATH_LIKE], ['tomcat/conf', PATH_LIKE],
  ['tomcat/logs', PATH_LIKE],
  // Windows.
  ['win.ini', ANYWHERE], ['boot.ini', ANYWHERE], ['system.ini', ANYWHERE], ['drivers/etc/hosts', ANYWHERE],
  ['inetpub/wwwroot', ANYWHERE], ['system32/config/', ANYWHERE], ['repair/sam', ANYWHERE],
  ['panther/unattend', ANYWHERE], ['sysprep/sysprep', ANYWHERE], ['sysprep.inf', ANYWHERE],
  ['inetsrv/config/', ANYWHERE], ['applicationhost.config', ANYWHERE], ['ntuser.dat', PATH_LIKE],
  ['windows/repair/', ANYWHERE], ['winnt/repair/', ANYWHERE], ['windows/debug/', PATH_LIKE], ['system32/logfiles', PATH_LIKE],
  ['windows/setupact.log', ANYWHERE], ['windows/setupapi.log', ANYWHERE], ['windows/windowsupdate.log', ANYWHERE],
  ['unattend.xml', PATH_LIKE], ['web.config', PATH_LIKE], ['global.asa', PATH_LIKE], ['debug.log', PATH_LIKE],
  // Java, PHP and framework configuration.
  ['web-inf/', PATH_LIKE], ['meta-inf/', AFTER_TRAVERSAL], ['wp-config.php', PATH_LIKE], ['php.ini', AFTER_TRAVERSAL],
  ['my.cnf', AFTER_TRAVERSAL], ['httpd.conf', AFTER_TRAVERSAL], ['nginx.conf', AFTER_TRAVERSAL],
  ['config/database.yml', AFTER_TRAVERSAL], ['config.php', AFTER_TRAVERSAL], ['app/etc/env.php', PATH_LIKE],
  ['app/etc/local.xml', PATH_LIKE], ['sites/default/settings.php', PATH_LIKE], ['config/master.key', PATH_LIKE],
  ['localsettings.php', PATH_LIKE], ['configuration.php', AFTER_TRAVERSAL], ['typo3conf/localconf.php', PATH_LIKE],
  ['includes/configure.php', PATH_LIKE], ['config/database.php', PATH_LIKE], ['config/secrets.yml', PATH_LIKE],
  ['config.inc.php', PATH_LIKE], ['wp-config.bak', PATH_LIKE], ['wp-config.old', PATH_LIKE], ['wp-config.txt', PATH_LIKE],
  // Keys, credentials and shell history under home directories.
  ['.ssh/', PATH_LIKE], ['.ssh/id_', ANYWHERE], ['.ssh/authorized_keys', ANYWHERE], ['id_rsa', PATH_LIKE],
  ['id_dsa', PATH_LIKE], ['id_ecdsa', PATH_LIKE], ['id_ed25519', PATH_LIKE], ['.aws/credentials', ANYWHERE],
  ['.aws/', PATH_LIKE], ['.azure/', PATH_LIKE], ['.kube/', PATH_LIKE], ['.docker/', PATH_LIKE], ['.gnupg/', PATH_LIKE],
  ['.config/gcloud', PATH_LIKE], ['.terraform/', PATH_LIKE], ['.vault-token', PATH_LIKE], ['.netrc', PATH_LIKE],
  ['.pgpass', PATH_LIKE], ['.npmrc', PATH_LIKE], ['.pypirc', PATH_LIKE], ['.s3cfg', PATH_LIKE], ['.boto', PATH_LIKE],
  ['.my.cnf', PATH_LIKE], ['.git-credentials', PATH_LIKE], ['.gitconfig', PATH_LIKE], ['.password-store', PATH_LIKE],
  ['.bash_history', ANYWHERE], ['.zsh_history', ANYWHERE], ['.sh_history', PATH_LIKE], ['.history', PATH_LIKE],
  ['.mysql_history', PATH_LIKE], ['.psql_history', PATH_LIKE], ['.python_history', PATH_LIKE],
  ['.node_repl_history', PATH_LIKE], ['.rediscli_history', PATH_LIKE], ['.sqlite_history', PATH_LIKE],
  ['.php_history', PATH_LIKE], ['.lesshst', PATH_LIKE], ['.viminfo', PATH_LIKE], ['.bashrc', PATH_LIKE],
  ['.zshrc', PATH_LIKE], ['.profile', PATH_LIKE], ['.bash_profile', PATH_LIKE], ['.bash_logout', PATH_LIKE],
  ['.bash_aliases', PATH_LIKE], ['.bash_login', PATH_LIKE], ['.ksh_history', PATH_LIKE], ['.csh_history', PATH_LIKE],
  ['.tcsh_history', PATH_LIKE], ['.ash_history', PATH_LIKE], ['.nano_history', PATH_LIKE], ['.rhosts', PATH_LIKE],
  ['.xauthority', PATH_LIKE], ['.google_authenticator', PATH_LIKE], ['.my.cnf', PATH_LIKE], ['.minikube/', PATH_LIKE],
  ['.gsutil/', PATH_LIKE], ['.cargo/credentials', PATH_LIKE], ['.m2/settings.xml', PATH_LIKE], ['.gradle/gradle.properties', PATH_LIKE],
  // Web server, repository and application secrets.
  ['.htpasswd', ANYWHERE], ['.htdigest', PATH_LIKE], ['.htaccess', PATH_LIKE], ['.user.ini', PATH_LIKE],
  ['.env', PATH_LIKE], ['.envrc', PATH_LIKE], ['.git/', PATH_LIKE], ['.svn/', PATH_LIKE], ['.hg/', PATH_LIKE],
  ['.bzr/', PATH_LIKE], ['.ds_store', PATH_LIKE], ['.secrets', PATH_LIKE], ['.credentials', PATH_LIKE],
  // Editor, IDE and coding-agent folders: settings, MCP servers and API keys.
  ['.vscode/', PATH_LIKE], ['.idea/', PATH_LIKE], ['.vs/', PATH_LIKE], ['.claude/', PATH_LIKE],
  ['.cursor/', PATH_LIKE], ['.continue/', PATH_LIKE], ['.aider', PATH_LIKE], ['.roo/', PATH_LIKE], ['.zed/', PATH_LIKE],
  ['.cline/', PATH_LIKE], ['.clinerules', PATH_LIKE], ['.kiro/', PATH_LIKE], ['.windsurf/', PATH_LIKE],
  ['.rovodev/', PATH_LIKE], ['.codex/', PATH_LIKE], ['.opencode/', PATH_LIKE], ['.a0proj/', PATH_LIKE],
  ['.plandex/', PATH_LIKE], ['.fabric/', PATH_LIKE], ['.n8n/', PATH_LIKE], ['.junie/', PATH_LIKE],
  ['.gemini/', PATH_LIKE], ['.amazonq/', PATH_LIKE], ['.copilot/', PATH_LIKE], ['.augment/', PATH_LIKE],
  ['.goose/', PATH_LIKE], ['.windsurfrules', PATH_LIKE], ['.cursorrules', PATH_LIKE],
];

/**
 * Sensitive names by their first two (ASCII) characters, at index c0 * 128 + c1: a flat array
 * lookup at each path separator (a Map keyed by c0 * 65536 + c1 hashed heap numbers).
 */
const NAMES_BY_START: ((readonly [string, number])[] | undefined)[] = new Array(128 * 128).fill(undefined);
for (const entry of SENSITIVE) {
  const key = entry[0].charCodeAt(0) * 128 + entry[0].charCodeAt(1);
  (NAMES_BY_START[key] ??= []).push(entry);
}

/** The first `length` characters of `name` at s[i..], a '/' in it matching '/' or '\'. */
function nameAt(s: string, i: number, name: string, length: number): boolean {
  if (i + length > s.length) return false;
  for (let k = 0; k < length; k++) {
    const c = s.charCodeAt(i + k);
    const p = name.charCodeAt(k);
    if (c !== p && !(p === 47 && c === 92)) return false;
  }
  return true;
}

function isNameChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 95;
}

/**
 * Whether the separator before s[i] starts an absolute path: it is the value start, or follows
 * a non-name character (`=/proc`, ` /proc`, `../proc`, `file:///proc`).
 */
function rootedAt(s: string, i: number): boolean {
  if (i === 0) return true;
  const sep = s.charCodeAt(i - 1);
  if (sep !== 47 && sep !== 92) return false;
  if (i === 1) return true;
  const before = s.charCodeAt(i - 2);
  return !isNameChar(before) && before !== 45;
}

/** Matching context for {@link sensitiveAt}. */
let allowTier = ANYWHERE;
let anyRooted = false;

function sensitiveAt(s: string, i: number): boolean {
  if (i + 1 >= s.length) return false;
  const c0 = s.charCodeAt(i);
  const c1 = s.charCodeAt(i + 1);
  if (c0 >= 128 || c1 >= 128) return false; // every name is ASCII
  const candidates = NAMES_BY_START[c0 * 128 + c1];
  if (candidates === undefined) return false;
  // Indexed, without destructuring: both would go through the iterator protocol per candidate.
  for (let k = 0; k < candidates.length; k++) {
    const entry = candidates[k] as readonly [string, number];
    const name = entry[0];
    const tier = entry[1];
    if (tier === ROOTED ? !(anyRooted || rootedAt(s, i))
      : tier === ROOTED_PATH ? !(allowTier >= AFTER_TRAVERSAL || (allowTier >= PATH_LIKE && rootedAt(s, i)))
        : tier > allowTier) continue;
    const last = name.charCodeAt(name.length - 1);
    if (last === 47) {
      // A directory: `.ssh/...`, or `.ssh` ending the value.
      if (nameAt(s, i, name, name.length)) return tier !== ROOTED_PATH || i + name.length < s.length;
      if (i + name.length - 1 === s.length && nameAt(s, i, name, name.length - 1)) return tier !== ROOTED_PATH;
      continue;
    }
    if (!nameAt(s, i, name, name.length)) continue;
    if (i + name.length < s.length && isNameChar(s.charCodeAt(i + name.length))) continue;
    return true;
  }
  return false;
}

/**
 * A sensitive name as a path component at or after `from`: at `from` itself or right after a
 * '/' or '\'. `tier` is the weakest tier that counts (ROOTED ones count when rooted, or
 * anywhere when `rootedAnywhere`). Anchored on separators: long text costs two indexOf scans.
 */
function sensitiveFileIn(s: string, from: number, tier: number, rootedAnywhere: boolean): number {
  allowTier = tier;
  anyRooted = rootedAnywhere;
  if (sensitiveAt(s, from)) return from;
  for (let i = s.indexOf('/', from); i >= 0; i = s.indexOf('/', i + 1)) {
    if (sensitiveAt(s, i + 1)) return i + 1;
  }
  for (let i = s.indexOf('\\', from); i >= 0; i = s.indexOf('\\', i + 1)) {
    if (sensitiveAt(s, i + 1)) return i + 1;
  }
  return -1;
}

function isSegmentBoundary(c: number): boolean {
  // / \ = : ; , | " ' and whitespace; -1 means the value start.
  return c === -1 || c === 47 || c === 92 || c === 61 || c === 58 || c === 59 || c === 44 || c === 124
    || c === 34 || c === 39 || isSpace(c);
}

/** A segment longer than this before `..` is padding for a path-length truncation. */
const PADDING_SEGMENT = 128;

/**
 * What stands before the first `..` at `i` (s[i-1] is '/' or '\'): an empty segment (`//..`),
 * a `.` segment (`/./..`) or a padding segment. Clients and servers normalise those away, so
 * only hand-made paths carry them.
 */
function paddedBefore(s: string, i: number): boolean {
  if (i < 2) return false;
  const c = s.charCodeAt(i - 2);
  if (c === 47 || c === 92) return true;
  if (c === 46 && (i < 3 || s.charCodeAt(i - 3) === 47 || s.charCodeAt(i - 3) === 92)) return true;
  let k = i - 2;
  while (k >= 0 && i - k <= PADDING_SEGMENT + 2) {
    const d = s.charCodeAt(k);
    if (d === 47 || d === 92 || isSpace(d)) return false;
    k--;
  }
  return k >= 0 || i - 2 >= PADDING_SEGMENT;
}

/** `filename="../` in raw multipart text: the upload name is the traversal. */
function afterFilename(s: string, i: number): boolean {
  let k = i - 1;
  if (k >= 0 && (s.charCodeAt(k) === 34 || s.charCodeAt(k) === 39)) k--;
  return k >= 8 && s.charCodeAt(k) === 61 && s.startsWith('filename', k - 8);
}

/**
 * Dots and separators written as C hex literals (`0x2e0x2e0x2f`, `..0x5c`), for decoders that
 * turn them back into characters: a climb counts once the literals are read.
 */
function hexLiteralClimb(s: string): boolean {
  const dots = s.indexOf('0x2e') >= 0;
  if (!dots && s.indexOf('..0x') < 0) return false;
  const t = s.replaceAll('0x2e', '.').replaceAll('0x2f', '/').replaceAll('0x5c', '\\');
  for (let i = t.indexOf('..'); i >= 0;) {
    let j = i;
    while (j < t.length && t.charCodeAt(j) === 46) j++;
    const next = j < t.length ? t.charCodeAt(j) : -1;
    const prev = i > 0 ? t.charCodeAt(i - 1) : -1;
    if ((next === 47 || next === 92) && isSegmentBoundary(prev)) {
      setHit(s, 0, Math.min(s.length, 64));
      return true;
    }
    i = t.indexOf('..', j);
  }
  return false;
}

/**
 * A UNC path at the value start (`\\\\host\\share\\...`, after a leading '/' in a request path):
 * the server opens a file on another machine and, on Windows, authenticates to it (NTLM relay).
 * Administrative shares (`c$`, `admin$`, `ipc$`) are level 1; other shares level 2, since
 * intranet forms carry `\\\\fileserver\\docs` paths.
 */
function uncShare(s: string): Rule | null {
  let i = 0;
  while (i < s.length && i < 8 && (isSpace(s.charCodeAt(i)) || s.charCodeAt(i) === 34 || s.charCodeAt(i) === 39 || s.charCodeAt(i) === 47)) i++;
  if (s.charCodeAt(i) !== 92 || s.charCodeAt(i + 1) !== 92) return null;
  const host = i + 2;
  let k = host;
  while (k < s.length && k - host < 256 && s.charCodeAt(k) !== 92 && s.charCodeAt(k) !== 47 && !isSpace(s.charCodeAt(k))) k++;
  if (k === host || k >= s.length) return null;
  const share = k + 1;
  let e = share;
  while (e < s.length && e - share < 80 && s.charCodeAt(e) !== 92 && s.charCodeAt(e) !== 47 && !isSpace(s.charCodeAt(e))) e++;
  if (e === share) return null;
  setHit(s, i, Math.min(s.length, e + 48));
  return s.charCodeAt(e - 1) === 36 ? PATH_UNC_ADMIN_SHARE : PATH_UNC_SHARE;
}

/** Characters without which this detector has nothing to find ('.' for a bare `.env` or `web.config`). */
export const PATH_TRIGGER = M_DOTDOT | M_SLASH | M_BACKSLASH | M_DOT;

/** A value that is nothing but a sensitive file name: `.env`, `.htpasswd`, `web.config`, `boot.ini`. */
function bareFileName(v: ScanValue): Rule | null {
  if ((v.mask & (M_SPACE | M_NEWLINE)) !== 0) return null;
  const s = v.lower;
  allowTier = PATH_LIKE;
  anyRooted = false;
  if (!sensitiveAt(s, 0)) return null;
  setHit(s, 0, Math.min(s.length, 48));
  return PATH_SENSITIVE_FILE;
}

export function detectPathTraversal(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & (M_DOTDOT | M_SLASH | M_BACKSLASH)) === 0) return (mask & M_DOT) !== 0 ? bareFileName(v) : null;
  let s = v.lower;
  // IIS maps the private-use U+EFC8 and U+F025 (%uEFC8, %uF025) to '/': slashes that no filter sees.
  const privateSlash = (mask & M_NONASCII) !== 0 && (s.indexOf('\uefc8') >= 0 || s.indexOf('\uf025') >= 0);
  if (privateSlash) s = s.replaceAll('\uefc8', '/').replaceAll('\uf025', '/');
  const n = s.length;
  const inPath = v.source === SOURCE_PATH;
  // A value without whitespace is a path, an identifier or a token, not prose.
  const pathLike = (mask & (M_SPACE | M_NEWLINE)) === 0;
  if ((mask & M_DOTDOT) !== 0) {
    let segments = 0;
    let first = -1;
    let last = -1;
    let tricks = privateSlash;
    let backslash = false;
    let i = s.indexOf('..');
    while (i >= 0) {
      let j = i;
      while (j < n && s.charCodeAt(j) === 46) j++;
      const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
      if (isSegmentBoundary(prev)) {
        const next = j < n ? s.charCodeAt(j) : -1;
        let segmentEnd = -1;
        if (next === 47 || next === 92) {
          segmentEnd = j + 1;
          if (next === 92) backslash = true;
        } else if (next === 59 && j + 1 < n && (s.charCodeAt(j + 1) === 47 || s.charCodeAt(j + 1) === 92)) {
          segmentEnd = j + 2; // Tomcat ..;/
          tricks = true;
        } else if (next === -1 && j - i === 2 && (prev === 47 || prev === 92)) segmentEnd = j; // a trailing /.. (not /...)
        if (segmentEnd >= 0) {
          segments++;
          if (first < 0) {
            first = i;
            // /./../, //../, /<padding>/../ and filename="../ are hand-made.
            if ((prev === 47 || prev === 92) && paddedBefore(s, i)) tricks = true;
            else if (prev === 34 || prev === 39 || prev === 61) tricks ||= afterFilename(s, i);
          }
          last = segmentEnd;
          // ....// survives a single "../" strip; .../ is Windows shorthand for ../..
          if (j - i > 3 || (j - i === 3 && next !== -1 && !isSpace(prev))) tricks = true;
        }
      }
      i = s.indexOf('..', j);
    }
    if (segments > 0) {
      if (inPath) {
        setHit(s, first, last);
        return PATH_TRAVERSAL_IN_PATH;
      }
      const target = sensitiveFileIn(s, last, AFTER_TRAVERSAL, true);
      // Encoded beyond what the server decodes (double encoding, %c0%af, %u) is itself evasion.
      // Query, cookie and body values arrive decoded once; headers are not decoded by servers.
      const header = v.source === SOURCE_HEADER || v.source === SOURCE_URL_HEADER;
      // A NUL (%00 decoded by the server) cuts an appended extension off: `../x.php%00.png`.
      const evasive = tricks || v.percentRounds > (header ? 1 : 0) || v.raw.indexOf('\u0000') >= 0;
      // Web links climb with '/', never '\'. An upload's file name that is nothing but a climb
      // (`../run.sh`) names a file; in a query or a body field it may be a relative link.
      const bare = pathLike && v.source === SOURCE_FILENAME
        && (first === 0 || (first === 1 && (s.charCodeAt(0) === 47 || s.charCodeAt(0) === 92)));
      // Custom headers (X-Original-URL, X-Rewrite-URL, X-File) carry no relative links.
      const climbing = bare || v.source === SOURCE_HEADER;
      if (segments >= 2 || target >= 0 || evasive || (backslash && (mask & M_NEWLINE) === 0) || climbing) {
        setHit(s, first, target >= 0 ? Math.min(n, target + 24) : Math.min(n, last + 24));
        return PATH_TRAVERSAL;
      }
    }
  }
  if (s.indexOf('0x') >= 0 && hexLiteralClimb(s)) return PATH_TRAVERSAL;
  const unc = (mask & M_BACKSLASH) !== 0 ? uncShare(s) : null;
  if (unc === PATH_UNC_ADMIN_SHARE) return unc;
  const target = sensitiveFileIn(s, 0, pathLike ? PATH_LIKE : ANYWHERE, inPath);
  if (target >= 0) {
    setHit(s, Math.max(0, target - 8), Math.min(n, target + 24));
    return PATH_SENSITIVE_FILE;
  }
  if (unc !== null) uncShare(s); // its hit again, after the file search moved it
  return unc;
}
