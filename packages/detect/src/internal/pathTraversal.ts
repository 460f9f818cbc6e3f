// Path traversal: `..` path segments (after decoding: %2e%2e%2f, %c0%af, ..%5c, ....//, ..;/) and
// well-known system files. One `../` alone is common in relative links, so it needs a second
// segment, a sensitive target or an encoding trick to count.
import type { Rule } from '../types.js';
import { PATH_SENSITIVE_FILE, PATH_TRAVERSAL, PATH_TRAVERSAL_IN_PATH } from '../rules.js';
import { M_BACKSLASH, M_DOTDOT, M_SLASH, isSpace } from './charClass.js';
import { setHit } from './hit.js';
import { SOURCE_HEADER, SOURCE_PATH, SOURCE_URL_HEADER, type ScanValue } from './ScanValue.js';

/** Files an attacker reads to prove a traversal; matched anywhere in the decoded value. */
const SENSITIVE_FILES = [
  'etc/passwd', 'etc/shadow', 'etc/group', 'etc/hosts', 'etc/issue', 'etc/sudoers', 'etc/crontab',
  'proc/self/', 'proc/version', 'proc/1/', 'win.ini', 'boot.ini', 'system.ini', 'drivers/etc/hosts',
  'drivers\\etc\\hosts', 'inetpub/wwwroot', 'inetpub\\wwwroot', 'web-inf/web.xml', 'web-inf\\web.xml',
  '.ssh/id_rsa', '.ssh/authorized_keys', '.bash_history', '.htpasswd', '.aws/credentials',
  'var/log/apache', 'var/log/nginx', 'var/log/auth', 'system32/config/sam', 'system32\\config\\sam',
  'repair/sam', 'php.ini', 'my.cnf', 'wp-config.php', '.env', '.git/config', 'config/database.yml',
];

/** Targets that only count after a traversal (too common on their own). */
const AFTER_TRAVERSAL_ONLY = new Set(['php.ini', 'my.cnf', 'wp-config.php', '.env', '.git/config', 'config/database.yml', 'etc/hosts']);

/** Sensitive files by the character that starts them, for the lookup at each path separator. */
const FILES_BY_FIRST = new Map<number, string[]>();
for (const f of SENSITIVE_FILES) {
  const list = FILES_BY_FIRST.get(f.charCodeAt(0)) ?? [];
  list.push(f);
  FILES_BY_FIRST.set(f.charCodeAt(0), list);
}

function fileAt(s: string, i: number, afterTraversal: boolean): boolean {
  const candidates = FILES_BY_FIRST.get(s.charCodeAt(i));
  if (candidates === undefined) return false;
  for (const f of candidates) {
    if (s.startsWith(f, i) && (afterTraversal || !AFTER_TRAVERSAL_ONLY.has(f))) return true;
  }
  return false;
}

/**
 * A sensitive file as a path component at or after `from`: at `from` itself or right after a
 * '/' or '\'. Anchored on separators, so long text costs two indexOf scans.
 */
function sensitiveFileIn(s: string, from: number, afterTraversal: boolean): number {
  if (fileAt(s, from, afterTraversal)) return from;
  for (let i = s.indexOf('/', from); i >= 0; i = s.indexOf('/', i + 1)) {
    if (fileAt(s, i + 1, afterTraversal)) return i + 1;
  }
  for (let i = s.indexOf('\\', from); i >= 0; i = s.indexOf('\\', i + 1)) {
    if (fileAt(s, i + 1, afterTraversal)) return i + 1;
  }
  return -1;
}

function isSegmentBoundary(c: number): boolean {
  // / \ = : ; , | " ' and whitespace; -1 means the value start.
  return c === -1 || c === 47 || c === 92 || c === 61 || c === 58 || c === 59 || c === 44 || c === 124
    || c === 34 || c === 39 || isSpace(c);
}

/** Characters without which this detector has nothing to find. */
export const PATH_TRIGGER = M_DOTDOT | M_SLASH | M_BACKSLASH;

export function detectPathTraversal(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & (M_DOTDOT | M_SLASH | M_BACKSLASH)) === 0) return null;
  const s = v.lower;
  const n = s.length;
  if ((mask & M_DOTDOT) !== 0) {
    let segments = 0;
    let first = -1;
    let last = -1;
    let tricks = false;
    let i = s.indexOf('..');
    while (i >= 0) {
      let j = i;
      while (j < n && s.charCodeAt(j) === 46) j++;
      const prev = i > 0 ? s.charCodeAt(i - 1) : -1;
      if (isSegmentBoundary(prev)) {
        const next = j < n ? s.charCodeAt(j) : -1;
        let segmentEnd = -1;
        if (next === 47 || next === 92) segmentEnd = j + 1;
        else if (next === 59 && j + 1 < n && (s.charCodeAt(j + 1) === 47 || s.charCodeAt(j + 1) === 92)) {
          segmentEnd = j + 2; // Tomcat ..;/
          tricks = true;
        } else if (next === -1 && (prev === 47 || prev === 92)) segmentEnd = j;
        if (segmentEnd >= 0) {
          segments++;
          if (first < 0) first = i;
          last = segmentEnd;
          if (j - i > 3) tricks = true; // ....// survives a single "../" strip
        }
      }
      i = s.indexOf('..', j);
    }
    if (segments > 0) {
      if (v.source === SOURCE_PATH) {
        setHit(s, first, last);
        return PATH_TRAVERSAL_IN_PATH;
      }
      const target = sensitiveFileIn(s, last, true);
      // Encoded beyond what the server decodes (double encoding, %c0%af, %u) is itself evasion.
      // Query, cookie and body values arrive decoded once; headers are not decoded by servers.
      const header = v.source === SOURCE_HEADER || v.source === SOURCE_URL_HEADER;
      const evasive = tricks || v.percentRounds > (header ? 1 : 0);
      if (segments >= 2 || target >= 0 || evasive) {
        setHit(s, first, target >= 0 ? Math.min(n, target + 24) : last + 24);
        return PATH_TRAVERSAL;
      }
    }
  }
  const target = sensitiveFileIn(s, 0, false);
  if (target >= 0) {
    setHit(s, Math.max(0, target - 8), Math.min(n, target + 24));
    return PATH_SENSITIVE_FILE;
  }
  return null;
}
