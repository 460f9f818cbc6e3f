// Public types of @secotel/detect: what goes in (a request, split into parts) and what comes out (findings).

/** The attack categories the engine knows. Each rule belongs to exactly one. */
export const CATEGORIES = [
  'sqli',
  'xss',
  'path_traversal',
  'cmdi',
  'ssrf',
  'jndi',
  'nosqli',
  'proto_pollution',
  'xxe',
  'crlf',
  'scanner',
  'js_injection',
  'ssti',
] as const;

/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** A header value as Node's `http.IncomingMessage#headers` gives it. */
export type HeaderValue = string | readonly string[] | undefined;

/**
 * The parts of an HTTP request that `detect` scans. Every field is optional so that partial
 * requests (only a query, only a body) can be scanned; missing parts are skipped.
 */
export interface DetectRequest {
  /** HTTP method, e.g. `GET`. Not scanned; kept for callers and corpora. */
  readonly method?: string;
  /** The request path as received, still percent-encoded, without the query string. */
  readonly path?: string;
  /**
   * Decoded query parameters as `URLSearchParams` gives them: keys stay flat (`user[$ne]`), values
   * are a string or, for repeated keys, an array of strings. A `URLSearchParams`, or the raw query
   * string (without `?`), is accepted too.
   */
  readonly query?: Readonly<Record<string, string | readonly string[] | undefined>> | URLSearchParams | string;
  /** Request headers with lower-case names, as Node gives them. */
  readonly headers?: Readonly<Record<string, HeaderValue>>;
  /** Parsed cookies, name to value. When absent or empty, a `cookie` header is parsed instead. */
  readonly cookies?: Readonly<Record<string, string | undefined>>;
  /** The body: a parsed JSON value, a parsed urlencoded object, or the raw text (or bytes). */
  readonly body?: unknown;
  /**
   * The body's media type, when `headers` are not given: `multipart/form-data; boundary=...`
   * bodies are split into parts, `application/x-www-form-urlencoded` text is parsed as a form.
   * Defaults to the `content-type` header.
   */
  readonly contentType?: string;
}

/** Sensitivity levels, as in `SECOTEL_DETECT_LEVEL`: 1 (default) high confidence only, up to 3. */
export type RuleLevel = 1 | 2 | 3;

/** A detection rule. Rule objects are frozen and shared; compare them by `id`. */
export interface Rule {
  /** Stable identifier, e.g. `sqli-001`; exported as `security.rule.uuid`. */
  readonly id: string;
  /** Human-readable name, e.g. `SQL injection: UNION-based query`. */
  readonly name: string;
  /** The category the rule detects. */
  readonly category: Category;
  /** Sensitivity level: 1 high confidence (reported by default), 2 and 3 more findings, more false positives. */
  readonly level: RuleLevel;
  /** Always {@link RULESET_NAME} (`secotel`). */
  readonly ruleset: 'secotel';
  /** The ruleset version the rule ships in ({@link RULESET_VERSION}). */
  readonly version: string;
}

/** One rule matching one place in a request. */
export interface Finding {
  /** The rule that matched. */
  readonly rule: Rule;
  /**
   * Where in the request: `path`, `query.q`, `query.user[$ne]` (a key), `header.user-agent`,
   * `cookie.session`, `body` (raw text), `body.user.name`, `body.items[0]`.
   */
  readonly location: string;
  /** The matched text after decoding, at most {@link FRAGMENT_MAX_LENGTH} characters. */
  readonly fragment: string;
}

/** Options for {@link createDetector} and `detect`. All are optional. */
export interface DetectOptions {
  /**
   * Characters scanned per value (default 4096). Longer values are scanned up to the cap; what
   * follows is not seen.
   */
  readonly maxInputLength?: number;
  /** Keys and values visited per request across all parts (default 1024). The rest is skipped. */
  readonly maxValues?: number;
  /** Nesting depth followed in bodies (default 32). Deeper values are skipped. */
  readonly maxDepth?: number;
  /** Findings returned per request (default 32). */
  readonly maxFindings?: number;
  /**
   * Which categories run. Either the list of enabled categories, or a map that switches single
   * categories on or off from the default (all on), e.g. `{ scanner: false }`.
   */
  readonly categories?: readonly Category[] | Readonly<Partial<Record<Category, boolean>>>;
  /**
   * Sensitivity level (default 1): rules of a higher level than this are not reported. Level 1
   * keeps to high-confidence rules; 2 and 3 report more, with more false positives.
   */
  readonly level?: RuleLevel;
}

/** A configured detection engine; build it once with {@link createDetector} and reuse it. */
export interface Detector {
  /** Scans a request and returns its findings (possibly empty). Never throws. */
  detect(request: DetectRequest): Finding[];
  /** The options in effect, with defaults filled in. */
  readonly options: Readonly<ResolvedDetectOptions>;
}

/** {@link DetectOptions} with every default applied. */
export interface ResolvedDetectOptions {
  readonly maxInputLength: number;
  readonly maxValues: number;
  readonly maxDepth: number;
  readonly maxFindings: number;
  readonly categories: readonly Category[];
  readonly level: RuleLevel;
}

/** Longest `fragment` a finding carries. */
export const FRAGMENT_MAX_LENGTH = 256;
