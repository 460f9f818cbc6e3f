// Security scanners: their user agents and marker headers, the out-of-band callback domains they
// plant in payloads, and their probes for secrets and repository files.
import type { Rule } from '../types.js';
import { SCANNER_HEADER, SCANNER_OOB_DOMAIN, SCANNER_PROBE_PATH, SCANNER_USER_AGENT } from '../rules.js';
import {
  M_DOT,
} from './charClass.js';
import { setHit } from './hit.js';
import { SCANNER_OOB_DOMAIN_PATTERN, SCANNER_USER_AGENT_PATTERN } from './patterns.js';
import type { ScanValue } from './ScanValue.js';

/** Headers that scanners add to every request they send. */
export const SCANNER_HEADER_NAMES: readonly string[] = ['x-scanner', 'acunetix-product', 'acunetix-aspect', 'acunetix-aspect-password',
  'acunetix-aspect-queries', 'acunetix-user-agreement', 'x-wipp', 'x-scan-memo', 'x-request-memo',
  'x-requestmanager-memo', 'x-wvs-id', 'x-burp-collaborator', 'x-nessus', 'x-nuclei', 'x-bug-bounty'];
const SCANNER_HEADERS = new Set(SCANNER_HEADER_NAMES);

function run(re: RegExp, s: string): boolean {
  re.lastIndex = 0;
  const m = re.exec(s);
  if (m === null) return false;
  setHit(s, m.index, m.index + m[0].length);
  return true;
}

/**
 * Verdicts per user-agent string. Real traffic repeats a few hundred agents, so the alternation
 * runs once per distinct agent; the cache is dropped whole when it reaches its cap.
 */
const agentVerdicts = new Map<string, boolean>();
const MAX_CACHED_AGENTS = 1024;

/** `agent` is the user-agent header, capped in length by the caller. */
export function scannerUserAgent(agent: string): Rule | null {
  let verdict = agentVerdicts.get(agent);
  if (verdict === undefined) {
    SCANNER_USER_AGENT_PATTERN.lastIndex = 0;
    verdict = SCANNER_USER_AGENT_PATTERN.test(agent.toLowerCase());
    if (agent.length <= 512) {
      if (agentVerdicts.size >= MAX_CACHED_AGENTS) agentVerdicts.clear();
      agentVerdicts.set(agent, verdict);
    }
  }
  if (!verdict) return null;
  setHit(agent, 0, agent.length);
  return SCANNER_USER_AGENT;
}

/** `name` is a lower-case header name. */
export function scannerHeader(name: string): Rule | null {
  if (SCANNER_HEADERS.has(name)) {
    setHit(name, 0, name.length);
    return SCANNER_HEADER;
  }
  return null;
}

/** Characters without which the value checks have nothing to find. */
export const SCANNER_TRIGGER = M_DOT;

export function detectOobDomain(v: ScanValue): Rule | null {
  if ((v.mask & M_DOT) === 0) return null;
  return run(SCANNER_OOB_DOMAIN_PATTERN, v.lower) ? SCANNER_OOB_DOMAIN : null;
}

/**
 * Files and directories only a scanner asks for: dotfiles with secrets, VCS metadata, editor,
 * IDE and coding-agent folders (settings, MCP servers, API keys). `/.well-known/` is not here.
 */
const DOT_PROBES = ['/.env', '/.git', '/.svn/', '/.hg/', '/.bzr/', '/.aws/', '/.ssh/', '/.htpasswd', '/.htaccess',
  '/.htdigest', '/.ds_store', '/.bash_history', '/.zsh_history', '/.history', '/.npmrc', '/.pypirc', '/.netrc',
  '/.pgpass', '/.dockercfg', '/.docker/', '/.kube/', '/.azure/', '/.gnupg/', '/.terraform/', '/.user.ini',
  '/.vscode/', '/.idea/', '/.vs/', '/.claude/', '/.cursor/', '/.continue/', '/.aider', '/.roo/', '/.zed/', '/.cline/',
  '/.clinerules', '/.kiro/', '/.windsurf/', '/.rovodev/', '/.codex/', '/.opencode/', '/.a0proj/', '/.plandex/',
  '/.fabric/', '/.n8n/', '/.junie/', '/.gemini/', '/.amazonq/', '/.copilot/', '/.augment/', '/.goose/',
  '/.cursorrules', '/.windsurfrules', '/.circleci/', '/.gitlab-ci.yml', '/.travis.yml', '/.dockerignore', '/.ftpconfig',
  '/.remote-sync.json', '/.terraform.lock.hcl', '/.bash_profile', '/.bashrc', '/.profile', '/.my.cnf', '/.pgpass',
  '/.git-credentials', '/.gitconfig', '/.config/', '/.vscode', '/.idea'];

/** Last path segments only a scanner asks for: logs, server configuration, framework secrets. */
const FILE_PROBES = ['/debug.log', '/error.log', '/error_log', '/php_error.log', '/php_errors.log', '/npm-debug.log',
  '/yarn-error.log', '/yarn-debug.log', '/pm2.log', '/laravel.log', '/web.config', '/wp-config.php',
  '/docker-compose.yml', '/docker-compose.yaml', '/id_rsa', '/id_dsa', '/id_ecdsa', '/id_ed25519',
  '/secrets.yml', '/secrets.yaml', '/secrets.json', '/credentials.json', '/master.key', '/phpinfo.php', '/php.ini',
  '/thumbs.db', '/desktop.ini', '/sftp-config.json', '/sendgrid.env', '/config.inc.php', '/localsettings.php',
  '/configuration.php', '/access.log', '/access_log', '/error.log.1', '/wp-config.php.txt'];

/** Directories only a scanner asks for, anywhere in the path. */
const DIR_PROBES = ['/web-inf/', '/meta-inf/', '/app/etc/', '/sites/default/settings', '/storage/logs/', '/__pycache__/',
  '/nbproject/', '/cgi-bin/php'];

/** Database dumps in an archive (a bare `.sql` may be a published schema). */
const DUMP_ARCHIVES = ['.gz', '.zip', '.bz2', '.bz', '.7z', '.rar', '.xz', '.tar', '.tgz', '.tar.gz', '.z', '.lz', '.001'];

/** Source and configuration backups left by editors and deploys: `config.php.bak`, `index.php~`. */
const BACKUP_SUFFIXES = ['.bak', '.old', '.orig', '.save', '.swp', '.swo', '~', '.tmp', '.backup', '.copy'];
const BACKUP_OF = ['.php', '.asp', '.aspx', '.jsp', '.config', '.conf', '.inc', '.env', '.yml', '.yaml', '.ini', '.xml', '.json', '.sql', '.py', '.rb'];

function probe(s: string, at: number, length: number): Rule {
  setHit(s, at, Math.min(s.length, at + length + 32));
  return SCANNER_PROBE_PATH;
}

/** `list` split by the character code at `index` (ASCII only), each bucket in list order. */
function bucketByChar(list: readonly string[], index: (p: string) => number): (readonly string[] | undefined)[] {
  const buckets: (string[] | undefined)[] = new Array(128).fill(undefined);
  for (let pIndex = 0; pIndex < list.length; pIndex++) {
    const p = list[pIndex] as string;
    const c = p.charCodeAt(index(p));
    (buckets[c] ??= []).push(p);
  }
  return buckets;
}

// Buckets so that each path position or ending tries only the few entries that can match there.
const DOT_PROBES_BY_THIRD = bucketByChar(DOT_PROBES, () => 2);
const BACKUP_SUFFIXES_BY_LAST = bucketByChar(BACKUP_SUFFIXES, (p) => p.length - 1);
const DIR_PROBES_BY_SECOND = bucketByChar(DIR_PROBES, () => 1);
/** FILE_PROBES by length: a last segment matches at most one of them. */
const FILE_PROBES_BY_LENGTH: (string[] | undefined)[] = [];
for (const p of FILE_PROBES) (FILE_PROBES_BY_LENGTH[p.length] ??= []).push(p);
const LONGEST_ARCHIVE = Math.max(...DUMP_ARCHIVES.map((a) => a.length));

/** `s` ends with `suffix` preceded by one of `names`' suffixes; the match start or -1. */
function backupAt(s: string): number {
  const n = s.length;
  const last = n > 0 ? s.charCodeAt(n - 1) : 0;
  const suffixes = last < 128 ? BACKUP_SUFFIXES_BY_LAST[last] : undefined;
  if (suffixes === undefined) return -1;
  for (let suffixIndex = 0; suffixIndex < suffixes.length; suffixIndex++) {
    const suffix = suffixes[suffixIndex] as string;
    if (!s.endsWith(suffix)) continue;
    const end = s.length - suffix.length;
    for (let extIndex = 0; extIndex < BACKUP_OF.length; extIndex++) {
      const ext = BACKUP_OF[extIndex] as string;
      if (s.endsWith(ext, end) && end - ext.length > 0 && s.charCodeAt(end - ext.length - 1) !== 47) return end - ext.length;
    }
  }
  return -1;
}

/** Whether some DIR_PROBES entry occurs in `s` (checked at each '/' by the character after it). */
function hasDirProbe(s: string): boolean {
  for (let i = s.indexOf('/'); i >= 0; i = s.indexOf('/', i + 1)) {
    const c = i + 1 < s.length ? s.charCodeAt(i + 1) : 0; // in bounds: an out-of-bounds read deoptimizes
    const probes = c < 128 ? DIR_PROBES_BY_SECOND[c] : undefined;
    if (probes === undefined) continue;
    for (let pIndex = 0; pIndex < probes.length; pIndex++) {
      const p = probes[pIndex] as string;
      if (s.startsWith(p, i)) return true;
    }
  }
  return false;
}

export function scannerProbePath(v: ScanValue): Rule | null {
  const s = v.lower;
  const n = s.length;
  for (let i = s.indexOf('/.'); i >= 0; i = s.indexOf('/.', i + 1)) {
    const c2 = s.charCodeAt(i + 2);
    const probes = c2 < 128 ? DOT_PROBES_BY_THIRD[c2] : undefined;
    if (probes === undefined) continue;
    for (let pIndex = 0; pIndex < probes.length; pIndex++) {
      const p = probes[pIndex] as string;
      if (!s.startsWith(p, i)) continue;
      const after = i + p.length;
      const c = after < n ? s.charCodeAt(after) : 47;
      // Whole segment: "/.env" but not "/.envoy"; "/.git" but not "/.github".
      if (p.charCodeAt(p.length - 1) === 47 || c === 47 || c === 46 || c === 126 || c === 63) return probe(s, i, p.length);
    }
  }
  const lastSlash = s.lastIndexOf('/');
  if (lastSlash >= 0) {
    const files = FILE_PROBES_BY_LENGTH[n - lastSlash];
    if (files !== undefined) {
      for (let pIndex = 0; pIndex < files.length; pIndex++) {
        const p = files[pIndex] as string;
        if (s.startsWith(p, lastSlash)) return probe(s, lastSlash, p.length);
      }
    }
    // db.sql.gz, dump.sql.zip (the '.sql' sits within the last few characters)
    if (s.indexOf('.sql', Math.max(lastSlash, n - LONGEST_ARCHIVE - 4)) >= 0) {
      for (let archiveIndex = 0; archiveIndex < DUMP_ARCHIVES.length; archiveIndex++) {
        const archive = DUMP_ARCHIVES[archiveIndex] as string;
        if (!s.endsWith(archive)) continue;
        const end = n - archive.length;
        if (s.endsWith('.sql', end) && end - 4 > lastSlash + 1) return probe(s, lastSlash, n - lastSlash);
      }
    }
    const backup = backupAt(s);
    if (backup > lastSlash) return probe(s, lastSlash, n - lastSlash);
  }
  // The list order decides which probe is reported, so the exact loop runs only once one is known to be there.
  if (!hasDirProbe(s)) return null;
  for (let pIndex = 0; pIndex < DIR_PROBES.length; pIndex++) {
    const p = DIR_PROBES[pIndex] as string;
    const i = s.indexOf(p);
    if (i >= 0) return probe(s, i, p.length);
  }
  return null;
}
