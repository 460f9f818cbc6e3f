// Server-side request forgery: URL-like values whose host is loopback, private, link-local or a
// cloud metadata service (in any IPv4 spelling inet_aton accepts, IPv6, or a wildcard-DNS name
// such as 127.0.0.1.nip.io), or whose scheme reaches beyond HTTP (file, gopher, dict ...). Public
// URLs in redirect/next parameters are not SSRF by themselves.
import type { Rule } from '../types.js';
import { SSRF_INTERNAL_HOST, SSRF_INTERNAL_IN_TEXT, SSRF_METADATA, SSRF_OBFUSCATED_IP, SSRF_SCHEME } from '../rules.js';
import { M_COLON, M_DOT, M_NONASCII, M_SLASH, hexValue, isDigit, isHex, isLower, isSpace } from './charClass.js';
import { hit, setHit } from './hit.js';
import type { ScanValue } from './ScanValue.js';
import { SSRF_METADATA_HINT } from './patterns.js';

const DANGEROUS_SCHEMES = new Set(['file', 'gopher', 'dict', 'tftp', 'jar', 'netdoc', 'ldap', 'ldaps', 'sftp', 'expect', 'phar',
  'smb', 'nfs', 'glob', 'zip', 'compress.zlib', 'compress.bzip2']);

/** Metadata endpoints by name or address, matched anywhere in a value. */
const METADATA_MARKERS = ['169.254.169.254', 'metadata.google.internal', '100.100.100.200', 'fd00:ec2::254',
  '169.254.170.2', 'metadata.azure.com', '/latest/meta-data', '/computemetadata/v1'];

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', 'ipv6-localhost',
  'ipv6-loopback', 'localhost4', 'localhost4.localdomain4', 'localhost6', 'localhost6.localdomain6', 'localtest.me',
  'lvh.me', 'vcap.me', 'lacolhost.com', 'metadata', 'instance-data', 'kubernetes.default', 'kubernetes.default.svc',
  'kubernetes']);
/** Metadata services by name (besides metadata.google.internal and its subdomains). */
const METADATA_NAMES = new Set(['metadata.tencentyun.com', 'metadata.packet.net', 'rancher-metadata', 'metadata.platformequinix.com']);
/** Single-label names that are hosts even without a scheme (`metadata/` or `kubernetes/` alone may be a path). */
const SCHEMELESS_SINGLE_LABEL = new Set(['localhost', 'ip6-localhost', 'ip6-loopback', 'ipv6-localhost', 'ipv6-loopback',
  'localhost4', 'localhost6']);
/** Cluster-internal DNS zones: Kubernetes services and the resolver's local domain. */
const INTERNAL_SUFFIXES = ['.internal', '.svc.cluster.local', '.cluster.local', '.localdomain'];
const WILDCARD_DNS = ['.nip.io', '.xip.io', '.sslip.io', '.nip.direct'];
/** DNS-rebinding services: their names resolve to whatever address the label spells, internal ones included. */
const REBINDING_DNS = ['.rbndr.us', '.1u.ms', '.rebind.it', '.rebind.network'];

const HOST_INTERNAL = 1;
const HOST_METADATA = 2;
const HOST_OBFUSCATED = 3;

let ipv4Value = 0;
let ipv4Plain = true;

const TWO_32 = 4294967296;
/** Longest number part parsed: beyond this a host is a name or noise, not an address. */
const MAX_PART_DIGITS = 40;

/**
 * Parses an IPv4 address the way inet_aton does (1 to 4 parts, each decimal, 0x-hex or 0-octal)
 * into {@link ipv4Value}; {@link ipv4Plain} tells whether it was ordinary dotted decimal. A last
 * part beyond 32 bits wraps around as in parsers that keep the low bits (`0x41414141a9fea9fe`).
 */
function parseIpv4(s: string, start: number, end: number): boolean {
  const parts: number[] = [];
  let plain = true;
  let wrapped = false;
  let i = start;
  while (i <= end) {
    let j = i;
    while (j < end && s.charCodeAt(j) !== 46) j++;
    if (j === i || j - i > MAX_PART_DIGITS) return false;
    let value = 0;
    let over = false;
    const c0 = s.charCodeAt(i);
    if (c0 === 48 && j - i > 1 && (s.charCodeAt(i + 1) === 120)) {
      if (j - i === 2) return false;
      for (let k = i + 2; k < j; k++) {
        const c = s.charCodeAt(k);
        if (!isHex(c)) return false;
        value = value * 16 + hexValue(c);
        if (value >= TWO_32) { value %= TWO_32; over = true; }
      }
      plain = false;
    } else if (c0 === 48 && j - i > 1) {
      for (let k = i + 1; k < j; k++) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 55) return false;
        value = value * 8 + (c - 48);
        if (value >= TWO_32) { value %= TWO_32; over = true; }
      }
      plain = false;
    } else {
      for (let k = i; k < j; k++) {
        const c = s.charCodeAt(k);
        if (!isDigit(c)) return false;
        value = value * 10 + (c - 48);
        if (value >= TWO_32) { value %= TWO_32; over = true; }
      }
    }
    if (over) {
      if (j !== end) return false; // only the last part may wrap
      wrapped = true;
      plain = false;
    }
    parts.push(value);
    if (parts.length > 4) return false;
    i = j + 1;
    if (j === end) break;
  }
  if (parts.length === 0) return false;
  if (parts.length < 4) plain = false;
  if (parts.length === 4 && (parts[3] as number) > 255) {
    if ((parts[3] as number) > 0xffff) return false;
    parts[3] = (parts[3] as number) % 256;
    wrapped = true;
    plain = false;
  }
  let v = 0;
  const last = parts.length - 1;
  for (let k = 0; k < last; k++) {
    let part = parts[k] as number;
    if (part > 255) {
      // 425.510.425.510: parsers that keep each octet's low byte read 169.254.169.254.
      if (part > 0xffff || parts.length !== 4) return false;
      part %= 256;
      wrapped = true;
      plain = false;
    }
    v = v * 256 + part;
  }
  const tailBits = 8 * (4 - last);
  if ((parts[last] as number) >= 2 ** tailBits) {
    if (!wrapped) return false;
    parts[last] = (parts[last] as number) % 2 ** tailBits;
  }
  ipv4Value = v * 2 ** tailBits + (parts[last] as number);
  ipv4Plain = plain;
  return true;
}

function classifyIpv4(v: number): number {
  const a = Math.floor(v / 16777216);
  const b = Math.floor(v / 65536) % 256;
  // 169.254.169.254 (AWS, GCP, Azure, ...), 169.254.170.2 (ECS tasks), 100.100.100.200 (Alibaba),
  // 192.0.0.192 (Oracle Cloud)
  if (v === 0xa9fea9fe || v === 0xa9feaa02 || v === 0x646464c8 || v === 0xc00000c0) return HOST_METADATA;
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
  if (host === 'metadata.google.internal' || host.endsWith('.metadata.google.internal') || METADATA_NAMES.has(host)) {
    return HOST_METADATA;
  }
  for (let suffixIndex = 0; suffixIndex < INTERNAL_SUFFIXES.length; suffixIndex++) {
    const suffix = INTERNAL_SUFFIXES[suffixIndex] as string;
    if (host.endsWith(suffix)) return HOST_INTERNAL;
  }
  for (let suffixIndex = 0; suffixIndex < REBINDING_DNS.length; suffixIndex++) {
    const suffix = REBINDING_DNS[suffixIndex] as string;
    if (host.endsWith(suffix)) return HOST_OBFUSCATED;
  }
  for (let suffixIndex = 0; suffixIndex < WILDCARD_DNS.length; suffixIndex++) {
    const suffix = WILDCARD_DNS[suffixIndex] as string;
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

/** Class of the host at s[start..end): a bracketed IPv6 literal or a name/IPv4, port dropped. */
function classifyHostPort(s: string, start: number, end: number): number {
  if (start >= end) return 0;
  if (s.charCodeAt(start) === 91) {
    const close = s.indexOf(']', start);
    if (close < 0 || close > end) return 0;
    return classifyIpv6(s.slice(start + 1, close));
  }
  let hostEnd = end;
  for (let k = start; k < end; k++) {
    if (s.charCodeAt(k) === 58) { hostEnd = k; break; }
  }
  return classifyHost(s, start, hostEnd);
}

/** Where an authority (userinfo@host:port) ends for a WHATWG URL parser. */
function authorityEnd(s: string, i: number): number {
  const n = s.length;
  let end = i;
  while (end < n && end - i < 256) {
    const c = s.charCodeAt(end);
    if (c === 47 || c === 92 || c === 63 || c === 35 || isSpace(c) || c === 34 || c === 39 || c === 60 || c === 62 || c === 33) break;
    end++;
  }
  return end;
}

/** Characters that end the wider span looked at for parser confusion (`/`, `?`, `#`, quotes, markup, line breaks). */
function endsConfusionSpan(c: number): boolean {
  return c === 47 || c === 63 || c === 35 || c === 34 || c === 39 || c === 60 || c === 62 || c === 10 || c === 13;
}

/**
 * Hosts that some other URL parser would pick, when the WHATWG one sees a harmless host:
 * a host after any '@' before the path, across spaces and '&' (`http://a.com:80 &@10.0.0.1:22/`,
 * curl and old urllib split differently), and the authority with backslashes dropped
 * (glibc's resolver reads `l\o\c\a\l\h\o\s\t` as `localhost`). The class, or 0.
 */
function confusedHost(s: string, i: number): number {
  const n = s.length;
  let span = i;
  let backslashes = false;
  while (span < n && span - i < 256 && !endsConfusionSpan(s.charCodeAt(span))) {
    if (s.charCodeAt(span) === 92) backslashes = true;
    span++;
  }
  for (let at = s.indexOf('@', i); at >= 0 && at < span; at = s.indexOf('@', at + 1)) {
    const cls = classifyHostPort(s, at + 1, authorityEnd(s, at + 1));
    if (cls !== 0) return cls;
  }
  if (backslashes) {
    let stripped = '';
    for (let k = i; k < span; k++) {
      const c = s.charCodeAt(k);
      if (c !== 92) stripped += s.charAt(k);
    }
    const end = authorityEnd(stripped, 0);
    let hostStart = 0;
    for (let k = end - 1; k >= 0; k--) {
      if (stripped.charCodeAt(k) === 64) { hostStart = k + 1; break; }
    }
    return classifyHostPort(stripped, hostStart, end);
  }
  return 0;
}

function ruleFor(cls: number): Rule {
  return cls === HOST_METADATA ? SSRF_METADATA : cls === HOST_OBFUSCATED ? SSRF_OBFUSCATED_IP : SSRF_INTERNAL_HOST;
}

/** Checks the authority starting at `i` (after `//`); sets the hit and returns a rule or null. */
function checkAuthority(s: string, urlStart: number, i: number, confusion = true): Rule | null {
  const end = authorityEnd(s, i);
  // Userinfo: the host follows the last '@' (http://trusted.com@127.0.0.1/).
  let hostStart = i;
  for (let k = end - 1; k >= i; k--) {
    if (s.charCodeAt(k) === 64) { hostStart = k + 1; break; }
  }
  let cls = classifyHostPort(s, hostStart, end);
  if (cls === HOST_INTERNAL && inProse(s, urlStart, end)) {
    setHit(s, urlStart, Math.min(s.length, end + 32));
    return SSRF_INTERNAL_IN_TEXT;
  }
  if (cls === 0 && confusion) cls = confusedHost(s, i);
  if (cls === 0) return null;
  setHit(s, urlStart, Math.min(s.length, end + 32));
  return ruleFor(cls);
}

/**
 * Whether the URL at s[start..] (authority ending at `end`) sits in prose, not alone: words
 * around it ("http://localhost:3000 refused to connect"). Error messages and support tickets
 * mention local URLs; a parameter the server fetches holds the URL alone.
 */
function inProse(s: string, start: number, end: number): boolean {
  let urlEnd = end;
  while (urlEnd < s.length && !isSpace(s.charCodeAt(urlEnd))) urlEnd++;
  return hasWord(s, 0, start) || hasWord(s, urlEnd, s.length);
}

/** A space-separated word of three letters or more in s[from..to). */
function hasWord(s: string, from: number, to: number): boolean {
  let run = 0;
  let spaced = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (isSpace(c)) {
      spaced = true;
      run = 0;
    } else if (isLower(c)) {
      if (++run >= 3 && spaced) return true;
    } else {
      run = 0;
    }
  }
  // text before the URL: "see http://..." has its space after the word
  return spaced && run >= 3;
}

/** Names and literals in a host: a-z 0-9 . - _ and, for IPv6, brackets and colons inside them. */
function isHostChar(c: number): boolean {
  return isLower(c) || isDigit(c) || c === 46 || c === 45 || c === 95;
}

/**
 * A value that starts with an internal host and no scheme (`localhost/`, `127.0.0.1:8080/x`,
 * `host.docker.internal/`, `[::1]:80`): frameworks that prepend `http://` fetch it. A path or
 * a port must follow, so the bare word "localhost" and CIDR blocks (`10.0.0.0/8`) stay silent;
 * IPv4 must be plain dotted decimal here (`10.12.2024` is a date, not 10.12.7.232).
 */
function schemelessHost(s: string, lead: number): Rule | null {
  const n = s.length;
  let end = lead;
  if (s.charCodeAt(lead) === 91) {
    const close = s.indexOf(']', lead);
    if (close < 0 || close - lead > 64) return null;
    end = close + 1;
  } else {
    while (end < n && end - lead < 254 && isHostChar(s.charCodeAt(end))) end++;
  }
  if (end === lead || end >= n) return null;
  const next = s.charCodeAt(end);
  let tail = end + 1;
  if (next === 58) {
    // :port, then the end, a path or a query
    while (tail < n && isDigit(s.charCodeAt(tail))) tail++;
    if (tail === end + 1 || tail - end > 6) return null;
    if (tail < n && !(s.charCodeAt(tail) === 47 || s.charCodeAt(tail) === 63 || s.charCodeAt(tail) === 35 || isSpace(s.charCodeAt(tail)))) return null;
  } else if (next === 47 || next === 92) {
    // CIDR: 10.0.0.0/8
    let k = tail;
    while (k < n && isDigit(s.charCodeAt(k))) k++;
    if (k > tail && k - tail <= 3 && (k === n || isSpace(s.charCodeAt(k)) || s.charCodeAt(k) === 44)) return null;
  } else {
    return null;
  }
  let cls: number;
  if (s.charCodeAt(lead) === 91) cls = classifyIpv6(s.slice(lead + 1, end - 1));
  else if (isDigit(s.charCodeAt(lead))) {
    if (!parseIpv4(s, lead, end) || !ipv4Plain) return null;
    cls = classifyIpv4(ipv4Value);
  } else {
    if (s.lastIndexOf('.', end - 1) < lead && !SCHEMELESS_SINGLE_LABEL.has(s.slice(lead, end))) return null;
    cls = classifyHost(s, lead, end);
  }
  if (cls === 0) return null;
  setHit(s, lead, Math.min(n, tail + 32));
  return ruleFor(cls);
}

/** Characters without which this detector has nothing to find. */
export const SSRF_TRIGGER = M_COLON | M_DOT | M_SLASH;

/** Schemes whose URLs WHATWG parsers accept without slashes: `http:127.0.0.1` is `http://127.0.0.1`. */
const SPECIAL_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp']);

/** `set`'s names by length, so that s[from..to) is looked up without slicing it out. */
function byLength(set: ReadonlySet<string>): (readonly string[] | undefined)[] {
  const lists: (string[] | undefined)[] = [];
  for (const name of set) (lists[name.length] ??= []).push(name);
  return lists;
}
const DANGEROUS_BY_LENGTH = byLength(DANGEROUS_SCHEMES);
const SPECIAL_BY_LENGTH = byLength(SPECIAL_SCHEMES);

/** Whether s[from..to) is one of `lists`' names (see {@link byLength}). */
function isOneOf(lists: (readonly string[] | undefined)[], s: string, from: number, to: number): boolean {
  const names = lists[to - from];
  if (names === undefined) return false;
  for (let nameIndex = 0; nameIndex < names.length; nameIndex++) {
    const name = names[nameIndex] as string;
    if (s.startsWith(name, from)) return true;
  }
  return false;
}

export function detectSsrf(v: ScanValue): Rule | null {
  weakStart = -1;
  const mask = v.mask;
  if ((mask & (M_COLON | M_DOT | M_SLASH)) === 0) return null;
  let s = v.lower;
  // U+3002 (ideographic full stop; NFKC turned the fullwidth and halfwidth ones into it or '.')
  // separates labels in IDNA hosts: 127。0。0。1 is 127.0.0.1.
  if ((mask & M_NONASCII) !== 0 && s.indexOf('\u3002') >= 0) s = s.replaceAll('\u3002', '.');
  const n = s.length;
  if ((mask & M_COLON) !== 0) {
    let i = s.indexOf(':');
    while (i >= 0) {
      // scheme:// or scheme:\\ (browsers and Node's URL treat backslashes as slashes).
      let k = i + 1;
      while (k < n && k - i <= 3 && (s.charCodeAt(k) === 47 || s.charCodeAt(k) === 92)) k++;
      let st = i;
      while (st > 0 && i - st < 12 && isSchemeChar(s.charCodeAt(st - 1))) st--;
      while (st < i && !isLower(s.charCodeAt(st))) st++;
      if (i - st >= 2) {
        if (k > i + 1) {
          if (isOneOf(DANGEROUS_BY_LENGTH, s, st, i)) {
            setHit(s, st, Math.min(n, k + 48));
            return SSRF_SCHEME;
          }
          // Any scheme with an authority: rtmp://, acap://, jdbc:mysql:// reach the host too.
          const r = checkAuthority(s, st, k);
          if (r === SSRF_INTERNAL_IN_TEXT) weak(s);
          else if (r !== null) return r;
        } else if (isOneOf(SPECIAL_BY_LENGTH, s, st, i) && (st === 0 || !isSchemeChar(s.charCodeAt(st - 1)))) {
          const r = checkAuthority(s, st, k, false);
          if (r === SSRF_INTERNAL_IN_TEXT) weak(s);
          else if (r !== null) return r;
        }
      }
      i = s.indexOf(':', i + 1);
    }
  }
  let lead = 0;
  while (lead < n && (isSpace(s.charCodeAt(lead)) || s.charCodeAt(lead) === 34 || s.charCodeAt(lead) === 39)) lead++;
  // Protocol-relative //host at the start of a value.
  if (s.startsWith('//', lead) || s.startsWith('\\\\', lead)) {
    const r = checkAuthority(s, lead, lead + 2);
    if (r === SSRF_INTERNAL_IN_TEXT) weak(s);
    else if (r !== null) return r;
  } else if (lead < n) {
    const r = schemelessHost(s, lead);
    if (r !== null) return r;
  }
  // Every marker holds one of these anchors; most values hold none.
  SSRF_METADATA_HINT.lastIndex = 0;
  // Without '.', ':' (or non-ASCII, which may have become '.') only "metadata"/"meta-data" can
  // match: one indexOf instead of the alternation.
  if (((mask & (M_DOT | M_COLON | M_NONASCII)) !== 0 || s.indexOf('meta') >= 0) && SSRF_METADATA_HINT.test(s)) {
    for (let markerIndex = 0; markerIndex < METADATA_MARKERS.length; markerIndex++) {
      const marker = METADATA_MARKERS[markerIndex] as string;
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
  if (weakStart >= 0) {
    setHit(s, weakStart, weakEnd);
    weakStart = -1;
    return SSRF_INTERNAL_IN_TEXT;
  }
  return null;
}

/** The first internal URL found in prose (level 2), kept while level-1 shapes are looked for. */
let weakStart = -1;
let weakEnd = -1;

function weak(s: string): void {
  if (weakStart < 0 && hit.text === s) {
    weakStart = hit.start;
    weakEnd = hit.end;
  }
}
