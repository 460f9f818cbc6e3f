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

/** Files and directories only a scanner asks for: dotfiles with secrets, VCS metadata, backups. */
const DOT_PROBES = ['/.env', '/.git', '/.svn/', '/.hg/', '/.aws/', '/.ssh/', '/.htpasswd', '/.htaccess', '/.ds_store',
  '/.bash_history', '/.npmrc', '/.dockercfg', '/.docker/config.json', '/.vscode/sftp.json'];
const BACKUP_PROBES = ['/wp-config.php.bak', '/wp-config.php~', '/config.php.bak'];

export function scannerProbePath(v: ScanValue): Rule | null {
  const s = v.lower;
  for (let i = s.indexOf('/.'); i >= 0; i = s.indexOf('/.', i + 1)) {
    for (const p of DOT_PROBES) {
      if (!s.startsWith(p, i)) continue;
      const after = i + p.length;
      const c = after < s.length ? s.charCodeAt(after) : 47;
      // Whole segment: "/.env" but not "/.envoy"; "/.git" but not "/.github".
      if (p.charCodeAt(p.length - 1) === 47 || c === 47 || c === 46 || c === 126 || c === 63) {
        setHit(s, i, Math.min(s.length, after + 32));
        return SCANNER_PROBE_PATH;
      }
    }
  }
  if (s.endsWith('.bak') || s.endsWith('~')) {
    for (const p of BACKUP_PROBES) {
      const i = s.indexOf(p);
      if (i >= 0) {
        setHit(s, i, Math.min(s.length, i + p.length + 32));
        return SCANNER_PROBE_PATH;
      }
    }
  }
  return null;
}
