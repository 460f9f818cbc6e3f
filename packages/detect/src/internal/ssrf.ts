// Server-side request forgery: URL-like values whose host is loopback, private, link-local or a
// cloud metadata service (in any IPv4 spelling inet_aton accepts, IPv6, or a wildcard-DNS name
// such as 127.0.0.1.nip.io), or whose scheme reaches beyond HTTP (file, gopher, dict ...). Public
// URLs in redirect/next parameters are not SSRF by themselves.
import type { Rule } from '../types.js';
import { SSRF_INTERNAL_HOST, SSRF_METADATA, SSRF_OBFUSCATED_IP, SSRF_SCHEME } from '../rules.js';
import { M_COLON, M_DOT, M_SLASH, hexValue, isDigit, isHex, isLower, isSpace } from './charClass.js';
import { setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';
import { SSRF_METADATA_HINT } from './patterns.js';

const DANGEROUS_SCHEMES = new Set(['file', 'gopher', 'dict', 'tftp', 'jar', 'netdoc', 'ldap', 'ldaps', 'sftp', 'expect', 'phar']);
const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ws', 'wss', 'ssh', 'telnet', 'smtp', 'redis', 'mysql', 'postgres', 'mongodb']);

/** Metadata endpoints by name or address, matched anywhere in a value. */
const METADATA_MARKERS = ['169.254.169.254', 'metadata.google.internal', '100.100.100.200', 'fd00:ec2::254',
  '169.254.170.2', 'metadata.azure.com', '/latest/meta-data', '/computemetadata/v1'];

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', 'localtest.me',
  'lvh.me', 'vcap.me', 'lacolhost.com', 'metadata', 'instance-data', 'kubernetes.default', 'kubernetes.default.svc']);
const WILDCARD_DNS = ['.nip.io', '.xip.io', '.sslip.io', '.nip.direct'];

const HOST_INTERNAL = 1;
const HOST_METADATA = 2;
const HOST_OBFUSCATED = 3;

let ipv4Value = 0;
let ipv4Plain = true;

/**
 * Parses an IPv4 address the way inet_aton does (1 to 4 parts, each decimal, 0x-hex or 0-octal)
 * into {@link ipv4Value}; {@link ipv4Plain} tells whether it was ordinary dotted decimal.
 */
function parseIpv4(s: string, start: number, end: number): boolean {
  const parts: number[] = [];
  let plain = true;
  let i = start;
  while (i <= end) {
    let j = i;
    while (j < end && s.charCodeAt(j) !== 46) j++;
    if (j === i) return false;
    let value = 0;
    const c0 = s.charCodeAt(i);
    if (c0 === 48 && j - i > 1 && (s.charCodeAt(i + 1) === 120)) {
      if (j - i === 2) return false;
      for (let k = i + 2; k < j; k++) {
        const c = s.charCodeAt(k);
        if (!isHex(c) || value > 0xfffffff) return false;
        value = value * 16 + hexValue(c);
      }
      plain = false;
    } else if (c0 === 48 && j - i > 1) {
      for (let k = i + 1; k < j; k++) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 55 || value > 0x1fffffff) return false;
        value = value * 8 + (c - 48);
      }
      plain = false;
    } else {
      for (let k = i; k < j; k++) {
        const c = s.charCodeAt(k);
        if (!isDigit(c) || value > 0x1ffffffff) return false;
        value = value * 10 + (c - 48);
      }
    }
    parts.push(value);
    if (parts.length > 4) return false;
    i = j + 1;
    if (j === end) break;
  }
  if (parts.length === 0) return false;
  if (parts.length < 4) plain = false;
  let v = 0;
  const last = parts.length - 1;
  for (let k = 0; k < last; k++) {
    if ((parts[k] as number) > 255) return false;
    v = v * 256 + (parts[k] as number);
  }
  const tailBits = 8 * (4 - last);
  if ((parts[last] as number) >= 2 ** tailBits) return false;
  ipv4Value = v * 2 ** tailBits + (parts[last] as number);
  ipv4Plain = plain;
  return true;
}

function classifyIpv4(v: number): number {
  const a = Math.floor(v / 16777216);
  const b = Math.floor(v / 65536) % 256;
  // 169.254.169.254 (AWS, GCP, Azure, ...), 169.254.170.2 (ECS tasks), 100.100.100.200 (Alibaba)
  if (v === 0xa9fea9fe || v === 0xa9feaa02 || v === 0x646464c8) return HOST_METADATA;
  if (a === 127 || a === 10 || a === 0) return HOST_INTERNAL;
  if (a === 169 && b === 254) return HOST_INTERNAL;
  if (a === 172 && b >= 16 && b <= 31) return HOST_INTERNAL;
  if (a === 192 && b === 168) return HOST_INTERNAL;
  return 0;
}

/** IPv6 literal (without brackets) to a class; handles ::, ::ffff:a.b.c.d and fc00::/7, fe80::/10. */
function classifyIpv6(s: string): number {
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (s === 'fd00:ec2::254') return HOST_METADATA;
  // Embedded IPv4 at the end.
  const lastColon = s.lastIndexOf(':');
  let tail = s;
  let embedded = -1;
  if (lastColon >= 0 && s.indexOf('.', lastColon) > lastColon) {
    if (!parseIpv4(s, lastColon + 1, s.length)) return 0;
    embedded = ipv4Value;
    tail = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = tail.split('::');
  if (halves.length > 2) return 0;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const rest = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  if (halves.length === 1 && head.length !== 8) return 0;
  const groups: number[] = [];
  for (const g of head) groups.push(parseInt(g, 16));
  for (let k = head.length + rest.length; k < 8; k++) groups.push(0);
  for (const g of rest) groups.push(parseInt(g, 16));
  if (groups.length !== 8 || groups.some((g) => !(g >= 0 && g <= 0xffff))) return 0;
  if (embedded >= 0) {
    groups[6] = Math.floor(embedded / 65536);
    groups[7] = embedded % 65536;
  }
  const g0 = groups[0] as number;
  const zeroUpTo5 = groups.slice(0, 5).every((g) => g === 0);
  if (zeroUpTo5 && groups[5] === 0 && groups[6] === 0 && (groups[7] === 0 || groups[7] === 1)) return HOST_INTERNAL; // :: and ::1
  if (zeroUpTo5 && (groups[5] === 0xffff || groups[5] === 0)) {
    // IPv4-mapped / -compatible
    const v4 = (groups[6] as number) * 65536 + (groups[7] as number);
    const cls = classifyIpv4(v4);
    return cls === HOST_INTERNAL ? HOST_OBFUSCATED : cls;
  }
  if ((g0 & 0xfe00) === 0xfc00 || (g0 & 0xffc0) === 0xfe80) return HOST_INTERNAL;
  return 0;
}

/** Class of the host s[start..end) (lower-case, brackets and port already removed). */
function classifyHost(s: string, start: number, end: number): number {
  while (end > start && s.charCodeAt(end - 1) === 46) end--; // trailing dot
  if (end <= start) return 0;
  const c0 = s.charCodeAt(start);
  if (isDigit(c0)) {
    if (parseIpv4(s, start, end)) {
      const cls = classifyIpv4(ipv4Value);
      if (cls === HOST_INTERNAL && !ipv4Plain) return HOST_OBFUSCATED;
      return cls;
    }
  }
  const host = s.slice(start, end);
  if (LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || host.endsWith('.localtest.me') || host.endsWith('.lvh.me')) {
    return host === 'metadata' || host === 'instance-data' ? HOST_METADATA : HOST_INTERNAL;
  }
  if (host === 'metadata.google.internal' || host.endsWith('.metadata.google.internal')) return HOST_METADATA;
  if (host.endsWith('.internal')) return HOST_INTERNAL;
  for (const suffix of WILDCARD_DNS) {
    if (host.endsWith(suffix)) {
      // 127.0.0.1.nip.io, 10-0-0-1.sslip.io, app.192.168.1.5.nip.io
      const name = host.slice(0, host.length - suffix.length).split('-').join('.');
      const parts = name.split('.');
      for (let k = 0; k + 4 <= parts.length; k++) {
        const candidate = parts.slice(k, k + 4).join('.');
        if (parseIpv4(candidate, 0, candidate.length) && classifyIpv4(ipv4Value) !== 0) return HOST_OBFUSCATED;
      }
    }
  }
  return 0;
}

function isSchemeChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 43 || c === 45 || c === 46;
}

/** Checks the authority starting at `i` (after `//`); sets the hit and returns a rule or null. */
function checkAuthority(s: string, urlStart: number, i: number): Rule | null {
  const n = s.length;
  let end = i;
  while (end < n) {
    const c = s.charCodeAt(end);
    if (c === 47 || c === 92 || c === 63 || c === 35 || isSpace(c) || c === 34 || c === 39 || c === 60 || c === 62 || c === 33) break;
    end++;
  }
  // Userinfo: the host follows the last '@' (http://trusted.com@127.0.0.1/).
  let hostStart = i;
  for (let k = end - 1; k >= i; k--) {
    if (s.charCodeAt(k) === 64) { hostStart = k + 1; break; }
  }
  let hostEnd = end;
  let cls: number;
  if (s.charCodeAt(hostStart) === 91) {
    const close = s.indexOf(']', hostStart);
    if (close < 0 || close > end) return null;
    cls = classifyIpv6(s.slice(hostStart + 1, close));
  } else {
    for (let k = hostStart; k < end; k++) {
      if (s.charCodeAt(k) === 58) { hostEnd = k; break; }
    }
    cls = classifyHost(s, hostStart, hostEnd);
  }
  if (cls === 0) return null;
  setHit(s, urlStart, Math.min(n, end + 32));
  return cls === HOST_METADATA ? SSRF_METADATA : cls === HOST_OBFUSCATED ? SSRF_OBFUSCATED_IP : SSRF_INTERNAL_HOST;
}

/** Characters without which this detector has nothing to find. */
export const SSRF_TRIGGER = M_COLON | M_DOT | M_SLASH;

export function detectSsrf(v: ScanValue): Rule | null {
  const mask = v.mask;
  if ((mask & (M_COLON | M_DOT | M_SLASH)) === 0) return null;
  const s = v.lower;
  const n = s.length;
  if ((mask & M_COLON) !== 0) {
    let i = s.indexOf(':');
    while (i >= 0) {
      // scheme:// or scheme:\\ (browsers and Node's URL treat backslashes as slashes).
      let k = i + 1;
      while (k < n && k - i <= 3 && (s.charCodeAt(k) === 47 || s.charCodeAt(k) === 92)) k++;
      if (k === i + 1) { // no slash: "10:30", "note: ..." -- not a URL
        i = s.indexOf(':', i + 1);
        continue;
      }
      let st = i;
      while (st > 0 && i - st < 12 && isSchemeChar(s.charCodeAt(st - 1))) st--;
      if (st < i && isLower(s.charCodeAt(st))) {
        const scheme = s.slice(st, i);
        if (DANGEROUS_SCHEMES.has(scheme)) {
          setHit(s, st, Math.min(n, k + 48));
          return SSRF_SCHEME;
        }
        if (WEB_SCHEMES.has(scheme)) {
          const r = checkAuthority(s, st, k);
          if (r !== null) return r;
        }
      }
      i = s.indexOf(':', i + 1);
    }
  }
  // Protocol-relative //host at the start of a value.
  let lead = 0;
  while (lead < n && isSpace(s.charCodeAt(lead))) lead++;
  if (s.startsWith('//', lead) || s.startsWith('\\\\', lead)) {
    const r = checkAuthority(s, lead, lead + 2);
    if (r !== null) return r;
  }
  // Every marker holds one of these anchors; most values hold none.
  SSRF_METADATA_HINT.lastIndex = 0;
  if (SSRF_METADATA_HINT.test(s)) {
    for (const marker of METADATA_MARKERS) {
      const at = s.indexOf(marker);
      if (at >= 0) {
        const p = at > 0 ? s.charCodeAt(at - 1) : 32;
        if (marker.charCodeAt(0) === 47 || !(isDigit(p) || isLower(p) || p === 46)) {
          setHit(s, at, Math.min(n, at + marker.length + 32));
          return SSRF_METADATA;
        }
      }
    }
  }
  return null;
}
