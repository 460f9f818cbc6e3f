// The request walker: visits every part of a request once, decodes each value once, and runs the
// detectors that make sense for where the value came from. Configuration is resolved up front in
// createDetector(); per request, allocation is limited to decoded values and findings.
import { ERR_INVALID_OPTION, ERR_UNKNOWN_CATEGORY, DetectConfigurationError } from './errors.js';
import { CMDI_TRIGGER, detectCmdi } from './internal/cmdi.js';
import { CRLF_TRIGGER, detectCrlf } from './internal/crlf.js';
import { decodeBase64Text, looksLikeBase64, BASE64_MASK } from './internal/base64.js';
import { hit } from './internal/hit.js';
import { NO_CACHED_FINDINGS, VerdictCache } from './internal/verdictCache.js';
import type { CachedFinding } from './internal/verdictCache.js';
import { multipartBoundary, parseMultipart } from './internal/multipart.js';
import { readXmlValues } from './internal/xmlValues.js';
import { decodeFormComponent, parseFormUrlencoded, splitFormUrlencoded } from './internal/formUrlencoded.js';
import { STRUCTURED_SUSPICIOUS } from './internal/patterns.js';
import { JNDI_TRIGGER, detectJndi } from './internal/jndi.js';
import { JS_INJECTION_TRIGGER, detectJsInjection } from './internal/jsInjection.js';
import { NOSQLI_TRIGGER, detectNosqlValue, nosqlBodyKey, nosqlParamKey } from './internal/nosqli.js';
import { PATH_TRIGGER, detectPathTraversal } from './internal/pathTraversal.js';
import { PROTO_TRIGGER, detectProtoValue, protoConstructorObject, protoKey } from './internal/protoPollution.js';
import {
  SOURCE_BODY, SOURCE_COOKIE, SOURCE_FILENAME, SOURCE_HEADER, SOURCE_KEY, SOURCE_PATH, SOURCE_QUERY, SOURCE_URL_HEADER, ScanValue,
} from './internal/ScanValue.js';
import {
  SCANNER_HEADER_NAMES, SCANNER_TRIGGER, detectOobDomain, scannerHeader, scannerProbePath, scannerUserAgent,
} from './internal/scanner.js';
import { SQLI_TRIGGER, detectSqli } from './internal/sqli.js';
import { SSRF_TRIGGER, detectSsrf } from './internal/ssrf.js';
import { SSTI_TRIGGER, detectSsti } from './internal/ssti.js';
import { XSS_TRIGGER, detectXss } from './internal/xss.js';
import { XXE_TRIGGER, detectXxe } from './internal/xxe.js';
import {
  CATEGORIES, FRAGMENT_MAX_LENGTH, type Category, type DetectOptions, type DetectRequest, type Detector, type Finding,
  type ResolvedDetectOptions, type Rule, type RuleLevel,
} from './types.js';

const DEFAULTS = { maxInputLength: 4096, maxValues: 1024, maxDepth: 32, maxFindings: 32 } as const;
/** Text bodies up to this size are parsed as JSON or urlencoded when they look like it. */
const MAX_BODY_PARSE = 65536;
const MAX_LOCATION = 200;
/** What {@link RequestDetector} holds between scans (nothing is ever pushed to it). */
const NO_FINDINGS: Finding[] = [];
// Own keys through for-in: with this check inside the loop over the same object, V8 proves it from
// the loop's enum cache and drops it, so a header or body object is walked without allocating
// its key array (Object.keys costs about 35 ns for six headers).
const hasOwnProperty = Object.prototype.hasOwnProperty;
/** Repeating header values and paths whose verdicts a detector remembers (in caches of their own), and the longest one. */
const MAX_REMEMBERED_VALUES = 1024;
const MAX_REMEMBERED_LENGTH = 1024;
/**
 * Cookie headers remembered: one per session, so more than the values every client shares. About
 * 4 MiB of strings at most (4096 of at most MAX_REMEMBERED_LENGTH characters). With more sessions
 * than this sending requests in turn, every lookup misses and the cache only costs its hashing.
 */
const MAX_REMEMBERED_COOKIE_HEADERS = 4096;
/** Query values remembered (still encoded), and the longest: filters, sort keys, popular searches. */
const MAX_REMEMBERED_QUERY_VALUES = 1024;
const MAX_REMEMBERED_QUERY_LENGTH = 256;
/**
 * Shorter query values without an escape are scanned rather than looked up: checking their few
 * characters costs less than hashing them (and Base64 decoding starts at this length).
 */
const MIN_REMEMBERED_QUERY_LENGTH = 16;
/**
 * Whole query strings remembered (up to MAX_REMEMBERED_QUERY_LENGTH): pages, filters and polling
 * clients send the same ones again, and a remembered one is neither split nor decoded.
 */
const MAX_REMEMBERED_QUERIES = 512;

// Category bits, in CATEGORIES order.
const C_SQLI = 1 << 0;
const C_XSS = 1 << 1;
const C_PATH = 1 << 2;
const C_CMDI = 1 << 3;
const C_SSRF = 1 << 4;
const C_JNDI = 1 << 5;
const C_NOSQLI = 1 << 6;
const C_PROTO = 1 << 7;
const C_XXE = 1 << 8;
const C_CRLF = 1 << 9;
const C_SCANNER = 1 << 10;
const C_JS = 1 << 11;
const C_SSTI = 1 << 12;
const C_ALL = (1 << 13) - 1;

/** Which detectors run on a value, by source. */
const RUN_PATH = C_SQLI | C_XSS | C_PATH | C_CMDI | C_SSRF | C_JNDI | C_PROTO | C_CRLF | C_SCANNER | C_JS | C_SSTI;
const RUN_QUERY = C_ALL;
// Parameter names are scanned like values (payloads arrive there too); NoSQL operators and
// prototype keys have their own key rules.
const RUN_KEY = C_ALL & ~(C_NOSQLI | C_PROTO);
const RUN_HEADER = C_ALL;
// Browsers fill referer/origin with whatever URL the user was on, localhost included.
const RUN_URL_HEADER = C_ALL & ~C_SSRF;
const RUN_STRUCTURED_HEADER = C_JNDI | C_CRLF;
const RUN_COOKIE = C_ALL;
const RUN_BODY = C_ALL;
/**
 * A plain XML document (see readXmlValues) sent as XML, scanned whole: only for what lives in its
 * markup (script elements and event attributes, template tags, prototype keys as element names,
 * JNDI and CRLF anywhere). What an application reads out of such a document are its names,
 * attribute values and text, and each value is scanned for the rest (SQL, commands, paths, URLs
 * ...). Judged on the whole document, those detectors found nothing the values did not but false
 * commands in the markup (`<`, `>`, `;`), at several times the cost. Any other document (one that
 * declares entities, holds unquoted values or bare words in its tags, or more values than the scan
 * has room for) is scanned whole for everything.
 */
const RUN_XML_DOCUMENT = C_XSS | C_XXE | C_SSTI | C_PROTO | C_JNDI | C_CRLF;

const HEADER_STRUCTURED = 1;
const HEADER_URL = 2;
const HEADER_SCANNER = 3;
/**
 * Header names by how they are scanned. Structured headers have a fixed grammar (media types,
 * encodings, tokens, credentials) where SQL or shell syntax is normal; only JNDI and CRLF are
 * looked for there. URL headers are filled in by browsers (a localhost referer is no SSRF).
 * Scanner headers are marks that tools put on every request. Names starting with `sec-` are
 * structured too. Everything else gets every detector.
 */
const HEADER_KINDS = new Map<string, number>();
for (const name of ['accept', 'accept-encoding', 'accept-language', 'accept-charset', 'content-type',
  'content-length', 'content-encoding', 'content-md5', 'connection', 'keep-alive', 'cache-control', 'pragma',
  'if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since', 'if-range', 'range', 'authorization',
  'proxy-authorization', 'upgrade-insecure-requests', 'te', 'dnt', 'priority', 'host', 'traceparent', 'tracestate',
  'baggage', 'x-request-id', 'x-amzn-trace-id', 'x-cloud-trace-context', 'expect', 'upgrade', 'via',
  'x-forwarded-proto', 'x-forwarded-port', 'purpose', 'x-requested-with', 'x-csrf-token', 'x-xsrf-token', 'date', 'age',
  'access-control-request-method', 'access-control-request-headers', 'content-disposition', 'x-api-key']) {
  HEADER_KINDS.set(name, HEADER_STRUCTURED);
}
HEADER_KINDS.set('referer', HEADER_URL);
HEADER_KINDS.set('origin', HEADER_URL);
for (const name of SCANNER_HEADER_NAMES) HEADER_KINDS.set(name, HEADER_SCANNER);

function resolveCategories(option: DetectOptions['categories']): { list: Category[]; bits: number } {
  const known = new Set<string>(CATEGORIES);
  let bits = C_ALL;
  if (option === undefined) return { list: [...CATEGORIES], bits };
  if (Array.isArray(option)) {
    bits = 0;
    for (const c of option as readonly string[]) {
      if (!known.has(c)) throw unknownCategory(c);
      bits |= 1 << CATEGORIES.indexOf(c as Category);
    }
  } else if (typeof option === 'object' && option !== null) {
    for (const [c, on] of Object.entries(option)) {
      if (!known.has(c)) throw unknownCategory(c);
      const bit = 1 << CATEGORIES.indexOf(c as Category);
      if (on === false) bits &= ~bit;
      else if (on === true) bits |= bit;
    }
  } else {
    throw new DetectConfigurationError(ERR_INVALID_OPTION,
      'options.categories must be an array of category names or an object of category -> boolean');
  }
  return { list: CATEGORIES.filter((_, i) => (bits & (1 << i)) !== 0), bits };
}

function resolveLevel(value: unknown): RuleLevel {
  if (value === undefined) return 1;
  if (value === 1 || value === 2 || value === 3) return value;
  throw new DetectConfigurationError(ERR_INVALID_OPTION, `options.level must be 1, 2 or 3 (default 1); got ${String(value)}.`);
}

function unknownCategory(name: string): DetectConfigurationError {
  return new DetectConfigurationError(ERR_UNKNOWN_CATEGORY,
    `Unknown detection category "${name}". Use one of: ${CATEGORIES.join(', ')}.`);
}

function positiveInteger(options: DetectOptions, name: keyof typeof DEFAULTS): number {
  const value = options[name];
  if (value === undefined) return DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new DetectConfigurationError(ERR_INVALID_OPTION,
      `options.${name} must be a positive integer (default ${DEFAULTS[name]}); got ${String(value)}.`);
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

class RequestDetector implements Detector {
  readonly options: Readonly<ResolvedDetectOptions>;
  private readonly enabled: number;
  private readonly maxInputLength: number;
  private readonly maxValues: number;
  private readonly maxDepth: number;
  private readonly maxFindings: number;
  private readonly level: RuleLevel;
  private readonly value = new ScanValue();
  private readonly bodyPath: (string | number)[] = [];
  /** The findings of the scan under way; {@link NO_FINDINGS} between scans. */
  private findings: Finding[] = NO_FINDINGS;
  private visited = 0;
  private scanning = false;
  /** Set while the user agent is scanned (see ScanValue.agent). */
  private agent = false;
  /** Values handed to the detectors so far; tells {@link remember} whether a scan did any work. */
  private detectorRuns = 0;
  /** Header values, grouped by header name. */
  private readonly verdicts = new VerdictCache(MAX_REMEMBERED_VALUES, MAX_REMEMBERED_LENGTH);
  /**
   * Paths, apart from {@link verdicts}: an API's paths carry ids (`/api/items/4711`), and a stream
   * of distinct ones must not push out the user agents every request repeats (with 300 user agents
   * taking turns, that cost about 1.1 µs per request).
   */
  private readonly pathVerdicts = new VerdictCache(MAX_REMEMBERED_VALUES, MAX_REMEMBERED_LENGTH);
  /**
   * Query values by their encoded text, apart from {@link verdicts}: a stream of distinct
   * search terms must not push out the headers every request repeats.
   */
  private readonly queryVerdicts = new VerdictCache(MAX_REMEMBERED_QUERY_VALUES, MAX_REMEMBERED_QUERY_LENGTH);
  /**
   * Cookie headers, apart from {@link verdicts} too: each session sends its own, so a service with
   * more sessions than entries would otherwise keep flushing the user agents with them.
   */
  private readonly cookieVerdicts = new VerdictCache(MAX_REMEMBERED_COOKIE_HEADERS, MAX_REMEMBERED_LENGTH);
  /** Whole raw query strings, with what their scan found and how many values it counted. */
  private readonly queries = new VerdictCache<QueryVerdict>(MAX_REMEMBERED_QUERIES, MAX_REMEMBERED_QUERY_LENGTH);
  /**
   * The last value of each fixed-grammar header that had nothing suspicious in it: a client sends
   * the same Accept, Accept-Language, Host and Connection on every request. Keyed only by the
   * names listed in HEADER_KINDS, so it holds a few dozen strings at most.
   */
  private readonly cleanStructured = new Map<string, string>();

  constructor(options: DetectOptions) {
    const categories = resolveCategories(options.categories);
    this.maxInputLength = positiveInteger(options, 'maxInputLength');
    this.maxValues = positiveInteger(options, 'maxValues');
    this.maxDepth = positiveInteger(options, 'maxDepth');
    this.maxFindings = positiveInteger(options, 'maxFindings');
    this.enabled = categories.bits;
    this.level = resolveLevel(options.level);
    this.options = Object.freeze({
      level: this.level,
      maxInputLength: this.maxInputLength,
      maxValues: this.maxValues,
      maxDepth: this.maxDepth,
      maxFindings: this.maxFindings,
      categories: Object.freeze(categories.list),
    });
  }

  detect(request: DetectRequest): Finding[] {
    const findings: Finding[] = [];
    if (!isRecord(request) || this.enabled === 0) return findings;
    // A getter or proxy in the request could call back into this detector mid-scan; the nested
    // call gets its own state.
    if (this.scanning) return new RequestDetector(this.options).detect(request);
    this.scanning = true;
    this.findings = findings;
    this.visited = 0;
    // Setting an array's length costs a runtime call (about 20 ns) even when it is empty already.
    if (this.bodyPath.length !== 0) this.bodyPath.length = 0;
    try {
      this.scanRequest(request);
    } catch {
      // A hostile getter, proxy or exotic body ends the scan; what was found so far stands.
    } finally {
      this.scanning = false;
      this.findings = NO_FINDINGS;
    }
    return findings;
  }

  private full(): boolean {
    return this.findings.length >= this.maxFindings || this.visited >= this.maxValues;
  }

  private scanRequest(request: DetectRequest): void {
    let path = request.path;
    let query: DetectRequest['query'] = request.query;
    if (typeof path === 'string' && path.length > 0) {
      const q = path.indexOf('?');
      if (q >= 0) {
        // A path with its query string: scan the query part too unless given separately.
        if (query === undefined || query === null) query = path.slice(q + 1);
        path = path.slice(0, q);
      }
      this.visited++;
      if (!this.replay(this.pathVerdicts, '', path)) {
        const before = this.findings.length;
        const runs = this.detectorRuns;
        this.scanString(path, SOURCE_PATH, RUN_PATH & this.enabled, 'path', '');
        this.remember(this.pathVerdicts, '', path, before, runs);
      }
    }
    if (typeof query === 'string') this.scanRawQuery(query);
    else if (isRecord(query)) this.scanQuery(query);
    const headers = request.headers;
    if (isRecord(headers)) this.scanHeaders(headers);
    const cookies = request.cookies;
    let cookieCount = 0;
    if (isRecord(cookies)) {
      for (const name in cookies) {
        if (!hasOwnProperty.call(cookies, name)) continue;
        cookieCount++;
        if (this.full()) return;
        this.visited++;
        if (!isPlainName(name)) this.scanString(name, SOURCE_KEY, RUN_KEY & this.enabled, 'cookie.', name);
        const v = cookies[name];
        if (typeof v === 'string') this.scanString(v, SOURCE_COOKIE, RUN_COOKIE & this.enabled, 'cookie.', name);
      }
    }
    if (cookieCount === 0 && isRecord(headers) && typeof headers.cookie === 'string') {
      // A session sends the same cookie header on each of its requests. Remembered even when no
      // detector ran: splitting and trimming its pairs costs more than the lookup (a session id
      // and a preference cookie, about 0.45 µs).
      const header = headers.cookie;
      if (!this.replay(this.cookieVerdicts, '', header)) {
        const before = this.findings.length;
        this.scanCookieHeader(header);
        if (!this.full()) this.cookieVerdicts.set('', header, this.findingsSince(before));
      }
    }
    if (request.body !== undefined && request.body !== null && !this.full()) {
      let contentType = request.contentType;
      if (contentType === undefined && isRecord(headers)) {
        const h = headers['content-type'];
        if (typeof h === 'string') contentType = h;
      }
      this.scanBody(request.body, typeof contentType === 'string' ? contentType.toLowerCase() : '');
    }
  }

  private scanQuery(query: Exclude<DetectRequest['query'], string | undefined>): void {
    if (query instanceof URLSearchParams) {
      for (const [key, value] of query) {
        if (this.full()) return;
        this.scanQueryEntry(key, value);
      }
      return;
    }
    for (const key in query) {
      if (!hasOwnProperty.call(query, key)) continue;
      if (this.full()) return;
      const value = (query as Record<string, unknown>)[key];
      if (typeof value === 'string') this.scanQueryEntry(key, value);
      else if (Array.isArray(value)) {
        this.scanQueryKey(key);
        for (let i = 0; i < value.length; i++) {
          if (this.full()) return;
          const item: unknown = value[i];
          this.visited++;
          if (typeof item === 'string') this.scanString(item, SOURCE_QUERY, RUN_QUERY & this.enabled, 'query.', key);
        }
      } else if (value !== undefined && value !== null) {
        // Already parsed by qs-style middleware: walk it like a body.
        this.scanQueryKey(key);
        this.bodyPath.length = 0;
        this.bodyPath.push(key);
        this.walk(value, 1, 'query');
        this.bodyPath.length = 0;
      }
    }
  }

  /**
   * A raw query string, split and decoded as URLSearchParams would, without building one. A value
   * judged before (by its encoded text: the verdict depends on nothing else) is not decoded again.
   */
  private scanRawQuery(query: string): void {
    if (query.length === 0) return;
    const rememberable = query.length <= this.queries.maxValueLength;
    if (rememberable) {
      const known = this.queries.get('', query);
      if (known !== undefined) {
        this.visited += known.visited;
        this.replayFindings(known.findings);
        return;
      }
    }
    const before = this.findings.length;
    const visitedBefore = this.visited;
    const pairs = splitFormUrlencoded(query);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (this.full()) return;
      const key = decodeFormComponent(pairs[i] as string);
      const raw = pairs[i + 1] as string;
      this.scanQueryKey(key);
      this.visited++;
      if (raw.length === 0) continue;
      if (raw.length < MIN_REMEMBERED_QUERY_LENGTH && raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
        this.scanString(raw, SOURCE_QUERY, RUN_QUERY & this.enabled, 'query.', key);
        continue;
      }
      const cache = this.queryVerdicts;
      if (this.replay(cache, '', raw, 'query.', key)) continue;
      const valueBefore = this.findings.length;
      const runs = this.detectorRuns;
      this.scanString(decodeFormComponent(raw), SOURCE_QUERY, RUN_QUERY & this.enabled, 'query.', key);
      this.remember(cache, '', raw, valueBefore, runs);
    }
    // A scan cut short by the caps depends on what came before it in the request: not remembered.
    if (rememberable && !this.full()) this.queries.set('', query, { findings: this.findingsSince(before), visited: this.visited - visitedBefore });
  }

  private scanQueryEntry(key: string, value: string): void {
    this.scanQueryKey(key);
    this.visited++;
    this.scanString(value, SOURCE_QUERY, RUN_QUERY & this.enabled, 'query.', key);
  }

  private scanQueryKey(key: string): void {
    this.visited++;
    if ((this.enabled & C_NOSQLI) !== 0 && key.indexOf('$') >= 0) {
      const r = nosqlParamKey(key);
      if (r !== null) this.reportKey(r, 'query.', key);
    }
    if ((this.enabled & C_PROTO) !== 0 && key.length >= 9) {
      const r = protoKey(key);
      if (r !== null) this.reportKey(r, 'query.', key);
    }
    if (!isPlainName(key)) this.scanString(key, SOURCE_KEY, RUN_KEY & this.enabled, 'query.', key);
  }

  private scanHeaders(headers: Record<string, unknown>): void {
    for (const name in headers) {
      if (!hasOwnProperty.call(headers, name)) continue;
      if (this.full()) return;
      if (name === 'cookie') continue;
      const value = headers[name];
      let run: number;
      let source = SOURCE_HEADER;
      const kind = HEADER_KINDS.get(name);
      if (kind === HEADER_STRUCTURED || (kind === undefined && name.startsWith('sec-'))) {
        // Fixed-grammar headers: one native scan decides whether JNDI or CRLF could be there.
        if (typeof value === 'string') {
          this.visited++;
          const listed = kind === HEADER_STRUCTURED;
          if (listed && this.cleanStructured.get(name) === value) continue;
          if (STRUCTURED_SUSPICIOUS.test(value)) this.scanString(value, SOURCE_HEADER, RUN_STRUCTURED_HEADER & this.enabled, 'header.', name);
          else if (listed && value.length <= MAX_REMEMBERED_LENGTH) this.cleanStructured.set(name, value);
          continue;
        }
        run = RUN_STRUCTURED_HEADER;
      } else if (kind === HEADER_URL) {
        run = RUN_URL_HEADER;
        source = SOURCE_URL_HEADER;
      } else {
        run = RUN_HEADER;
        if (kind === HEADER_SCANNER && (this.enabled & C_SCANNER) !== 0) {
          const r = scannerHeader(name);
          if (r !== null) this.reportKey(r, 'header.', name);
        }
      }
      run &= this.enabled;
      if (typeof value === 'string') {
        this.visited++;
        this.scanHeaderValue(name, value, source, run);
      } else if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          if (this.full()) return;
          this.visited++;
          if (typeof item === 'string') this.scanHeaderValue(name, item, source, run);
        }
      }
    }
  }

  private scanHeaderValue(name: string, value: string, source: number, run: number): void {
    // The same user agents, Accept and Accept-Language values arrive over and over.
    if (this.replay(this.verdicts, name, value)) return;
    const before = this.findings.length;
    const runs = this.detectorRuns;
    if (name !== 'user-agent') {
      this.scanString(value, source, run, 'header.', name);
    } else {
      if ((run & C_SCANNER) !== 0) {
        this.detectorRuns++;
        const agent = value.length > this.maxInputLength ? value.slice(0, this.maxInputLength) : value;
        const r = scannerUserAgent(agent);
        if (r !== null) {
          this.push(r, 'header.user-agent', agent);
          run &= ~C_SCANNER;
        }
      }
      this.agent = true;
      this.scanString(value, source, run, 'header.', name);
      this.agent = false;
    }
    this.remember(this.verdicts, name, value, before, runs);
  }

  /**
   * Replays the findings a repeating value gave before; false when it is not remembered. With a
   * `prefix`, the findings are placed at `prefix + name` (a query value's verdict does not depend
   * on the parameter that carried it).
   */
  private replay(cache: VerdictCache, group: string, value: string, prefix?: string, name?: string): boolean {
    if (value.length > cache.maxValueLength) return false;
    const cached = cache.get(group, value);
    if (cached === undefined) return false;
    // The location is built only for a value that gave findings (most give none).
    if (cached.length > 0) this.replayFindings(cached, prefix === undefined ? undefined : capLocation(prefix + (name as string)));
    return true;
  }

  /** Pushes remembered findings again, at `location` or else at their own locations. */
  private replayFindings(cached: readonly CachedFinding[], location?: string): void {
    // An index loop: for-of over the frozen array allocates an iterator result per step.
    for (let i = 0; i < cached.length; i++) {
      const c = cached[i] as CachedFinding;
      this.push(c.rule, location ?? c.location, c.fragment);
    }
  }

  /**
   * Remembers what scanning `value` found. A scan of one value that ran no detector (every trigger
   * character absent: a plain header value) is as cheap as the lookup, and a flood of such distinct
   * values would only push out the ones worth remembering. (Cookie headers are split into pairs
   * first, which costs more: they are remembered whatever their scan did.)
   */
  private remember(cache: VerdictCache, group: string, value: string, before: number, runsBefore: number): void {
    if (this.detectorRuns === runsBefore) return;
    if (value.length > cache.maxValueLength || this.full()) return;
    cache.set(group, value, this.findingsSince(before));
  }

  /** Frozen copies of the findings made since `before` (the ones handed to the caller are theirs to change). */
  private findingsSince(before: number): readonly CachedFinding[] {
    if (this.findings.length === before) return NO_CACHED_FINDINGS;
    const found: CachedFinding[] = [];
    for (let i = before; i < this.findings.length; i++) {
      const f = this.findings[i] as Finding;
      found.push(Object.freeze({ rule: f.rule, location: f.location, fragment: f.fragment }));
    }
    return found;
  }

  private scanCookieHeader(header: string): void {
    // name=value; name2=value2 -- bounded by maxValues like everything else. Names are scanned
    // like parameter names, and a pair without '=' as a value (browsers send it as a nameless cookie).
    let i = 0;
    while (i < header.length && !this.full()) {
      let end = header.indexOf(';', i);
      if (end < 0) end = header.length;
      let eq = header.indexOf('=', i);
      if (eq >= end) eq = -1;
      const name = eq < 0 ? '' : header.slice(i, eq).trim();
      const value = (eq < 0 ? header.slice(i, end) : header.slice(eq + 1, end)).trim();
      this.visited++;
      if (name !== '' && !isPlainName(name)) this.scanString(name, SOURCE_KEY, RUN_KEY & this.enabled, 'cookie.', name);
      this.scanString(value, SOURCE_COOKIE, RUN_COOKIE & this.enabled, 'cookie.', name);
      i = end + 1;
    }
  }

  private scanBody(body: unknown, contentType: string): void {
    if (typeof body === 'string') {
      this.scanTextBody(body, contentType);
    } else if (ArrayBuffer.isView(body)) {
      const bytes = new Uint8Array(body.buffer, body.byteOffset, Math.min(body.byteLength, MAX_BODY_PARSE));
      this.scanTextBody(new TextDecoder().decode(bytes), contentType);
    } else if (typeof body === 'object') {
      this.walk(body, 0, 'body');
    }
  }

  private scanTextBody(text: string, contentType: string): void {
    let wholeRun = RUN_BODY & this.enabled;
    let i = 0;
    while (i < text.length && i < 64 && (text.charCodeAt(i) <= 32)) i++;
    const first = text.charCodeAt(i);
    if (text.length <= MAX_BODY_PARSE) {
      if (contentType.startsWith('multipart/')) {
        const boundary = multipartBoundary(contentType);
        if (boundary !== null && this.scanMultipart(text, boundary)) return;
      } else if (contentType.startsWith('application/x-www-form-urlencoded') && first !== 123 && first !== 91 && first !== 60) {
        this.scanUrlencoded(text);
        return;
      }
      if (first === 123 || first === 91) {
        let parsed: unknown;
        let ok = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          ok = false;
        }
        if (ok) {
          this.visited++;
          if (typeof parsed === 'string') this.scanString(parsed, SOURCE_BODY, RUN_BODY & this.enabled, 'body', '');
          else this.walk(parsed, 0, 'body');
          return;
        }
      } else if (looksUrlencoded(text)) {
        // Read as a form, as a form parser would; but the content type does not say form (text/plain,
        // none), so the application may well read the text whole: it is scanned whole too for the
        // categories the pairs did not show, or an '=' inside a payload (`#set($x=...)`) would split
        // it out of sight.
        const before = this.findings.length;
        this.scanUrlencoded(text);
        if (this.full()) return;
        wholeRun &= ~this.categoriesFoundSince(before);
      }
    }
    // XML (SOAP, feeds, SVG): attribute values and text are scanned one by one, entities decoded,
    // for what the whole document hides (SQL in an attribute, escaped markup in an element).
    let xmlValues: string[] | undefined;
    if (first === 60 && text.length <= MAX_BODY_PARSE) {
      xmlValues = [];
      // Room for every value after the whole document's own visit, or it is not plain here.
      const room = this.maxValues - this.visited - 1;
      if (readXmlValues(text, Math.max(0, room), xmlValues) && isXmlMediaType(contentType)) wholeRun &= RUN_XML_DOCUMENT;
    }
    this.visited++;
    const found = this.scanString(text, SOURCE_BODY, wholeRun, 'body', '');
    if (xmlValues !== undefined && !this.full()) {
      const run = RUN_BODY & this.enabled & ~found;
      if (run !== 0) this.scanXmlValues(xmlValues, run);
    }
  }

  /** The category bits of the findings made since there were `before` of them. */
  private categoriesFoundSince(before: number): number {
    let bits = 0;
    for (let k = before; k < this.findings.length; k++) bits |= 1 << CATEGORIES.indexOf((this.findings[k] as Finding).rule.category);
    return bits;
  }

  private scanUrlencoded(text: string): void {
    // The pairs URLSearchParams would give, without its exception-driven decoding.
    const pairs = parseFormUrlencoded(text);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (this.full()) return;
      const key = pairs[i] as string;
      this.visited++;
      this.bodyPath.push(key);
      this.bodyKey(key, undefined);
      this.scanString(pairs[i + 1] as string, SOURCE_BODY, RUN_BODY & this.enabled, 'body', '');
      this.bodyPath.pop();
    }
  }

  /** The values of an XML document (name, value, name, value ...), one by one. */
  private scanXmlValues(values: readonly string[], run: number): void {
    for (let k = 0; k + 1 < values.length; k += 2) {
      if (this.full()) return;
      this.visited++;
      this.bodyPath.push(values[k] as string);
      this.scanString(values[k + 1] as string, SOURCE_BODY, run, 'body', '');
      this.bodyPath.pop();
    }
  }

  /** Scans the parts of a multipart/form-data body; false when it is not one after all. */
  private scanMultipart(text: string, boundary: string): boolean {
    const parts = parseMultipart(text, boundary, this.maxValues);
    if (parts === null) return false;
    for (const part of parts) {
      if (this.full()) return true;
      this.visited++;
      const name = part.name ?? '';
      this.bodyPath.push(name);
      if (name !== '') this.bodyKey(name, undefined);
      if (part.filename !== undefined && part.filename !== '') {
        // Upload names reach file systems: ../ and friends matter there.
        this.bodyPath.push('filename');
        this.scanString(part.filename, SOURCE_FILENAME, RUN_BODY & this.enabled, 'body', '');
        this.bodyPath.pop();
      }
      const ct = part.contentType;
      // File contents are not parameters; text parts (and parts without a type) are.
      if (ct === undefined || ct.startsWith('text/plain') || ct.includes('json') || ct.includes('xml')) {
        this.scanTextBody(part.content, ct ?? '');
      }
      this.bodyPath.pop();
    }
    return true;
  }

  private walk(node: unknown, depth: number, root: string): void {
    if (typeof node === 'string') {
      this.visited++;
      this.scanString(node, SOURCE_BODY, RUN_BODY & this.enabled, root, '');
      return;
    }
    if (typeof node !== 'object' || node === null || depth > this.maxDepth) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        if (this.full()) return;
        this.visited++;
        const child: unknown = node[i];
        if (typeof child !== 'string' && (typeof child !== 'object' || child === null)) continue;
        this.bodyPath.push(i);
        this.walk(child, depth + 1, root);
        this.bodyPath.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      if (!hasOwnProperty.call(record, key)) continue;
      if (this.full()) return;
      this.visited++;
      const child = record[key];
      this.bodyPath.push(key);
      this.bodyKey(key, child, root);
      if (typeof child === 'string' || (typeof child === 'object' && child !== null)) this.walk(child, depth + 1, root);
      this.bodyPath.pop();
    }
  }

  /** Key checks; the key is already on the body path (or about to be, for urlencoded bodies). */
  private bodyKey(key: string, child: unknown, root = 'body'): void {
    const enabled = this.enabled;
    if (!isPlainName(key)) this.scanString(key, SOURCE_KEY, RUN_KEY & enabled, root, '');
    if ((enabled & C_NOSQLI) !== 0 && key.indexOf('$') >= 0) {
      const r = nosqlBodyKey(key, child);
      if (r !== null) this.reportBodyKey(r, key, root);
    }
    if ((enabled & C_PROTO) !== 0 && key.length >= 9) {
      const r = protoKey(key) ?? protoConstructorObject(key, child);
      if (r !== null) this.reportBodyKey(r, key, root);
    }
  }

  private reportBodyKey(rule: Rule, key: string, root: string): void {
    const pushed = this.bodyPath[this.bodyPath.length - 1] === key;
    if (!pushed) this.bodyPath.push(key);
    this.push(rule, this.bodyLocation(root), key);
    if (!pushed) this.bodyPath.pop();
  }

  private bodyLocation(root: string): string {
    let loc = root;
    for (const part of this.bodyPath) {
      loc += typeof part === 'number' ? `[${part}]` : `.${part}`;
      if (loc.length > MAX_LOCATION) return loc.slice(0, MAX_LOCATION);
    }
    return loc;
  }

  private reportKey(rule: Rule, prefix: string, key: string): void {
    this.push(rule, capLocation(prefix + key), key);
  }

  /**
   * Decodes `raw` once and runs the detectors in `run`. `prefix`+`name` form the location, except
   * for body values (prefix `body` or `query` with a body path), whose location is built from the
   * current path only when something is found.
   */
  private scanString(raw: string, source: number, run: number, prefix: string, name: string): number {
    if (run === 0 || raw.length === 0 || this.findings.length >= this.maxFindings) return 0;
    const cap = this.maxInputLength;
    if (raw.length <= cap) return this.scanWindow(raw, source, run, prefix, name, true);
    // Padding must not hide a payload: a long value is scanned at its head and at its tail, each
    // window capped, so the cost stays linear in the cap, not in the value.
    const found = this.scanWindow(raw.slice(0, cap), source, run, prefix, name, true);
    return found | this.scanWindow(raw.slice(raw.length - cap), source, run & ~found, prefix, name, true);
  }

  /** Scans one window of a value; returns the categories it reported. */
  private scanWindow(raw: string, source: number, run: number, prefix: string, name: string, base64: boolean): number {
    if (run === 0) return 0;
    const v = this.value;
    v.prepare(raw, source, this.maxInputLength);
    v.agent = this.agent;
    const all = run;
    // Base64 (and Base64URL) text is decoded once and scanned as well (below).
    const encoded = base64 && source !== SOURCE_PATH && source !== SOURCE_KEY && raw.length >= 16
      && (v.mask & ~BASE64_MASK) === 0 && looksLikeBase64(v.norm) ? v.norm : undefined;
    // Keep only the detectors whose trigger characters occur: clean values stop here, before
    // even being lower-cased.
    const mask = v.mask;
    if ((mask & SQLI_TRIGGER) === 0) run &= ~C_SQLI;
    if ((mask & XSS_TRIGGER) === 0) run &= ~C_XSS;
    if ((mask & PATH_TRIGGER) === 0) run &= ~C_PATH;
    if ((mask & CMDI_TRIGGER) === 0) run &= ~C_CMDI;
    if ((mask & SSRF_TRIGGER) === 0) run &= ~C_SSRF;
    if ((mask & JNDI_TRIGGER) === 0) run &= ~C_JNDI;
    if ((mask & NOSQLI_TRIGGER) === 0) run &= ~C_NOSQLI;
    if ((mask & PROTO_TRIGGER) === 0) run &= ~C_PROTO;
    if ((mask & XXE_TRIGGER) === 0) run &= ~C_XXE;
    if ((mask & CRLF_TRIGGER) === 0) run &= ~C_CRLF;
    if ((mask & SCANNER_TRIGGER) === 0) run &= ~C_SCANNER;
    if ((mask & JS_INJECTION_TRIGGER) === 0) run &= ~C_JS;
    if ((mask & SSTI_TRIGGER) === 0) run &= ~C_SSTI;
    let found = 0;
    if (run !== 0) found = this.runDetectors(v, source, run, prefix, name);
    if (encoded !== undefined) {
      const decoded = decodeBase64Text(encoded);
      if (decoded !== null) found |= this.scanWindow(decoded, source, all & ~found, prefix, name, false);
    }
    return found;
  }

  private runDetectors(v: ScanValue, source: number, run: number, prefix: string, name: string): number {
    this.detectorRuns++;
    v.fold();
    const before = this.findings.length;
    let r: Rule | null;
    if ((run & C_SQLI) !== 0 && (r = detectSqli(v)) !== null) this.report(r, prefix, name);
    if ((run & C_XSS) !== 0 && (r = detectXss(v)) !== null) this.report(r, prefix, name);
    if ((run & C_PATH) !== 0 && (r = detectPathTraversal(v)) !== null) this.report(r, prefix, name);
    if ((run & C_CMDI) !== 0 && (r = detectCmdi(v)) !== null) this.report(r, prefix, name);
    if ((run & C_SSRF) !== 0 && (r = detectSsrf(v)) !== null) this.report(r, prefix, name);
    if ((run & C_JNDI) !== 0 && (r = detectJndi(v)) !== null) this.report(r, prefix, name);
    if ((run & C_NOSQLI) !== 0 && (r = detectNosqlValue(v)) !== null) this.report(r, prefix, name);
    if ((run & C_PROTO) !== 0 && (r = detectProtoValue(v)) !== null) this.report(r, prefix, name);
    if ((run & C_XXE) !== 0 && (r = detectXxe(v)) !== null) this.report(r, prefix, name);
    if ((run & C_CRLF) !== 0 && (r = detectCrlf(v)) !== null) this.report(r, prefix, name);
    if ((run & C_JS) !== 0 && (r = detectJsInjection(v)) !== null) this.report(r, prefix, name);
    if ((run & C_SSTI) !== 0 && (r = detectSsti(v)) !== null) this.report(r, prefix, name);
    if ((run & C_SCANNER) !== 0) {
      if ((r = detectOobDomain(v)) !== null) this.report(r, prefix, name);
      else if (source === SOURCE_PATH && (r = scannerProbePath(v)) !== null) this.report(r, prefix, name);
    }
    return this.categoriesFoundSince(before);
  }

  private report(rule: Rule, prefix: string, name: string): void {
    const location = prefix === 'body' || prefix === 'query' ? this.bodyLocation(prefix) : capLocation(prefix + name);
    // Positions into the lower-cased text map onto the decoded text when lengths agree, so the
    // fragment keeps its original case.
    const v = this.value;
    const text = hit.text === v.lower && v.norm.length === v.lower.length ? v.norm : hit.text;
    this.push(rule, location, text.slice(hit.start, Math.min(hit.end, hit.start + FRAGMENT_MAX_LENGTH)));
  }

  private push(rule: Rule, location: string, fragment: string): void {
    if (this.findings.length >= this.maxFindings || rule.level > this.level) return;
    this.findings.push({
      rule,
      location,
      fragment: fragment.length > FRAGMENT_MAX_LENGTH ? fragment.slice(0, FRAGMENT_MAX_LENGTH) : fragment,
    });
  }
}

/** What the scan of a whole raw query string found, and how many values it counted (see `maxValues`). */
interface QueryVerdict {
  readonly findings: readonly CachedFinding[];
  readonly visited: number;
}

/** Identifier-like parameter names (`user_id`, `items[0].sku`) hold nothing to scan. */
function isPlainName(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 91 || c === 93)) {
      return false;
    }
  }
  return true;
}

function capLocation(location: string): string {
  return location.length > MAX_LOCATION ? location.slice(0, MAX_LOCATION) : location;
}

/** `application/xml`, `text/xml` or any `+xml` type (SOAP, SVG, Atom), parameters aside. */
function isXmlMediaType(contentType: string): boolean {
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml');
}

/** `a=1&b=2` without spaces or line breaks: a form body handed over as text. */
function looksUrlencoded(text: string): boolean {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq > 128) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 60) return false;
  }
  return true;
}

/**
 * Builds a detector with its configuration resolved once (categories, caps). Reuse it for every
 * request: the hot path does no option handling, regex construction or closure allocation.
 *
 * @throws DetectConfigurationError for an unknown category or a non-positive cap.
 */
export function createDetector(options: DetectOptions = {}): Detector {
  return new RequestDetector(options);
}

let defaultDetector: Detector | undefined;
const detectorsByOptions = new WeakMap<DetectOptions, Detector>();

/**
 * Scans one request for attack payloads and returns what matched. Uses a shared default detector;
 * with `options`, a detector built for that options object (cached per object, so pass the same
 * object each time, or better, keep a {@link createDetector} instance).
 */
export function detect(request: DetectRequest, options?: DetectOptions): Finding[] {
  if (options === undefined || options === null) {
    defaultDetector ??= createDetector();
    return defaultDetector.detect(request);
  }
  let detector = detectorsByOptions.get(options);
  if (detector === undefined) {
    detector = createDetector(options);
    detectorsByOptions.set(options, detector);
  }
  return detector.detect(request);
}
