import type { DetectOptions } from '@secotel/detect';
import { parseThreshold } from '@secotel/sdk';

/** Which HTTP requests produce events: every request, only security-relevant ones, or none. */
export type HttpAuditMode = 'all' | 'security' | 'off';

/** secotel's own settings for the HTTP instrumentation. Every one has a `SECOTEL_*` variable. */
export interface SecurityHttpOptions {
  /**
   * `security` (default): only security-relevant events; `all`: also `security.http_access` for
   * every request (the route-access audit log); `off`: no events. Env: `SECOTEL_HTTP_AUDIT`.
   */
  audit?: HttpAuditMode;
  /**
   * Proxies whose `X-Forwarded-For` / `Forwarded` headers are believed, in `proxy-addr` syntax:
   * addresses, CIDR ranges or `loopback`, `linklocal`, `uniquelocal`. None by default, so a
   * spoofed header never changes `client.address`. Env: `SECOTEL_TRUSTED_PROXIES` (comma-separated).
   */
  trustedProxies?: string | readonly string[];
  /**
   * More than `count` 404 responses to one client within `windowMs` emit one
   * `security.malicious_excess_404` for that window. Default 20 in 60 s; `false` turns it off.
   * Env: `SECOTEL_404_THRESHOLD` (e.g. `20/60s`, or `off`).
   */
  notFoundThreshold?: { count: number; windowMs: number } | false;
  /**
   * Paths or route templates of login endpoints: a 401 there is `security.authn_login_fail`
   * (which feeds the brute-force threshold) instead of `security.authz_fail`. A trailing `*`
   * matches any suffix; a path with one trailing slash matches the pattern without it. Default
   * {@link DEFAULT_LOGIN_ROUTES}; a list replaces it (spread `DEFAULT_LOGIN_ROUTES` into yours to
   * extend it, `[]` for none). Env: `SECOTEL_LOGIN_ROUTES` (comma-separated; `default` stands for
   * the default list, `none` for no login routes).
   */
  loginRoutes?: readonly string[];
  /** Bytes of request body inspected (JSON, urlencoded, text, XML). Default 65536; 0 turns body inspection off. Env: `SECOTEL_BODY_LIMIT`. */
  bodyLimit?: number;
  /**
   * Options for the attack detector, or `false` to turn detection off. Default: `{ level }` from
   * `SECOTEL_DETECT_LEVEL` (1, 2 or 3; default 1).
   */
  detect?: DetectOptions | false;
  /** Cap on clients tracked for the 404 threshold (LRU). Default 10,000. */
  maxTrackedClients?: number;
  /**
   * Most attack events (`security.attack_detected`, `security.malicious_attack_tool`) emitted one
   * by one per `windowMs` (a fixed window from its first event), per instrumentation (`register`
   * has one). Findings beyond that are counted by rule and client address and, when the window
   * ends, emitted as one summary event each, with `security.event.count` (how many findings it
   * stands for) and the request fields and trace of the last of them; past 1,000 summaries in a
   * window, further clients' findings share one summary per rule without an address. The spans of
   * those requests are still marked as attacked. So an attack tool's flood costs the application
   * the CPU and the backend the records of at most `count` events per window plus its summaries,
   * instead of one per finding. Default 100 per second; `false` emits every finding on its own.
   * Env: `SECOTEL_ATTACK_EVENT_LIMIT` (e.g. `100/1s`, or `off`).
   */
  attackEventLimit?: { count: number; windowMs: number } | false;
}

/**
 * The login routes used when neither the `loginRoutes` option nor `SECOTEL_LOGIN_ROUTES` is set:
 * the paths where login forms and token endpoints usually live, so that a 401 there counts as a
 * failed login (`security.authn_login_fail`) and repeated failures reach the SDK's brute-force
 * threshold (`security.authn_login_fail_max`) without any configuration. Each also matches with
 * a trailing slash (`/login/`); `/api/auth/*` covers every path below `/api/auth/`.
 */
export const DEFAULT_LOGIN_ROUTES: readonly string[] = Object.freeze([
  '/login',
  '/signin',
  '/sign-in',
  '/auth/login',
  '/api/login',
  '/api/auth/*',
  '/session',
  '/sessions',
  '/oauth/token',
  '/token',
]);

export interface ResolvedSecurityHttpOptions {
  readonly audit: HttpAuditMode;
  readonly trustedProxies: readonly string[];
  readonly notFoundThreshold: { readonly count: number; readonly windowMs: number } | false;
  readonly loginRoutes: readonly string[];
  readonly bodyLimit: number;
  readonly detect: DetectOptions | false;
  readonly maxTrackedClients: number;
  readonly attackEventLimit: { readonly count: number; readonly windowMs: number } | false;
}

/** Thrown for invalid options or `SECOTEL_*` values, at configuration time only. */
export class SecurityHttpConfigError extends Error {
  readonly code = 'SECOTEL_ERR_INVALID_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'SecurityHttpConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const list = (raw: string | undefined): string[] | undefined =>
  raw === undefined || raw.trim() === '' ? undefined : raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);

function parseAudit(raw: string): HttpAuditMode {
  const value = raw.trim().toLowerCase();
  if (value === 'all' || value === 'security' || value === 'off') return value;
  throw new SecurityHttpConfigError(`SECOTEL_HTTP_AUDIT=${raw} is not one of all, security, off.`);
}

function parseBodyLimit(raw: string): number {
  const match = /^\s*(\d{1,12})\s*(b|kb|kib|mb|mib)?\s*$/i.exec(raw);
  if (match === null) throw new SecurityHttpConfigError(`SECOTEL_BODY_LIMIT=${raw} is not a size such as 65536, 64kb or 1mb.`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = unit === 'b' ? 1 : unit.startsWith('k') ? 1024 : 1024 * 1024;
  return Number(match[1]) * factor;
}

/** `SECOTEL_LOGIN_ROUTES`: unset or empty keeps the defaults, `none` means no login routes, `default` expands to the defaults. */
function parseLoginRoutes(raw: string | undefined): string[] {
  const items = list(raw);
  if (items === undefined) return [...DEFAULT_LOGIN_ROUTES];
  if (items.length === 1 && items[0]?.toLowerCase() === 'none') return [];
  const routes: string[] = [];
  for (const item of items) {
    if (item.toLowerCase() === 'default') routes.push(...DEFAULT_LOGIN_ROUTES);
    else if (item.startsWith('/')) routes.push(item);
    else throw new SecurityHttpConfigError(`SECOTEL_LOGIN_ROUTES: "${item}" is not a path; use paths such as /login or /api/auth/*, "default" or "none".`);
  }
  return routes;
}

type Rate = { readonly count: number; readonly windowMs: number } | false;
const MAX_WINDOW_MS = 2 ** 31 - 1;

/**
 * A COUNT/DURATION setting (`20/60s`, or `off`): the option if given, else the variable `name`, else
 * `fallback`; validated either way.
 */
function resolveRate(option: Rate | undefined, optionName: string, env: Env, name: string, fallback: Rate): Rate {
  let rate = fallback;
  const raw = env[name];
  if (option !== undefined) {
    rate = option;
  } else if (raw !== undefined && raw.trim() !== '') {
    const parsed = raw.trim() === 'off' ? false : parseThreshold(raw);
    if (parsed === undefined) throw new SecurityHttpConfigError(`${name}=${raw} is not COUNT/DURATION (for example ${fallback === false ? '20/60s' : `${fallback.count}/${fallback.windowMs / 1000}s`}) or off.`);
    rate = parsed;
  }
  if (rate !== false && (!(rate.count >= 1) || !(rate.windowMs >= 1))) {
    throw new SecurityHttpConfigError(`${optionName} needs a positive count and windowMs.`);
  }
  // A timer cannot wait longer (Node fires a longer one after 1 ms, with a warning).
  if (rate !== false && rate.windowMs > MAX_WINDOW_MS) throw new SecurityHttpConfigError(`${optionName} needs a window of at most 24 days, got ${rate.windowMs} ms.`);
  return rate;
}

/** Merges options with the `SECOTEL_*` variables (options win) and validates them. */
export function resolveSecurityHttpOptions(options: SecurityHttpOptions = {}, env: Env = process.env): ResolvedSecurityHttpOptions {
  const notFoundThreshold = resolveRate(options.notFoundThreshold, 'notFoundThreshold', env, 'SECOTEL_404_THRESHOLD', { count: 20, windowMs: 60_000 });
  const attackEventLimit = resolveRate(options.attackEventLimit, 'attackEventLimit', env, 'SECOTEL_ATTACK_EVENT_LIMIT', { count: 100, windowMs: 1000 });
  const bodyLimit = options.bodyLimit ?? (env.SECOTEL_BODY_LIMIT ? parseBodyLimit(env.SECOTEL_BODY_LIMIT) : 64 * 1024);
  if (!Number.isInteger(bodyLimit) || bodyLimit < 0) throw new SecurityHttpConfigError(`bodyLimit must be a whole number of bytes, got ${String(bodyLimit)}.`);
  const trusted = options.trustedProxies ?? list(env.SECOTEL_TRUSTED_PROXIES) ?? [];
  return Object.freeze({
    audit: options.audit ?? (env.SECOTEL_HTTP_AUDIT ? parseAudit(env.SECOTEL_HTTP_AUDIT) : 'security'),
    trustedProxies: typeof trusted === 'string' ? [trusted] : trusted,
    notFoundThreshold,
    loginRoutes: Object.freeze(options.loginRoutes !== undefined ? [...options.loginRoutes] : parseLoginRoutes(env.SECOTEL_LOGIN_ROUTES)),
    bodyLimit,
    detect: options.detect ?? detectOptionsFromEnv(env.SECOTEL_DETECT_LEVEL),
    maxTrackedClients: options.maxTrackedClients ?? 10_000,
    attackEventLimit,
  });
}

/** `SECOTEL_DETECT_LEVEL`: 1 (default, high-confidence rules only), 2 or 3 (more rules, more findings). */
function detectOptionsFromEnv(raw: string | undefined): DetectOptions {
  if (raw === undefined || raw.trim() === '') return {};
  const level = Number(raw.trim());
  if (level !== 1 && level !== 2 && level !== 3) throw new SecurityHttpConfigError(`SECOTEL_DETECT_LEVEL=${raw} is not 1, 2 or 3 (1 is the default: high-confidence rules only).`);
  return { level };
}

/** Tells whether a request path or route template is one of the configured routes. */
export type RouteMatcher = (path: string, route: string | undefined) => boolean;

/**
 * Compiles route patterns once: exact patterns into a set (also matched with one trailing slash),
 * patterns ending in `*` into prefixes.
 */
export function compileRouteMatcher(patterns: readonly string[]): RouteMatcher {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('*')) prefixes.push(pattern.slice(0, -1));
    else exact.add(pattern.length > 1 && pattern.endsWith('/') ? pattern.slice(0, -1) : pattern);
  }
  const matches = (candidate: string): boolean => {
    if (exact.has(candidate)) return true;
    if (candidate.length > 1 && candidate.charCodeAt(candidate.length - 1) === 0x2f /* / */ && exact.has(candidate.slice(0, -1))) return true;
    for (const prefix of prefixes) if (candidate.startsWith(prefix)) return true;
    return false;
  };
  return (path, route) => matches(path) || (route !== undefined && route !== path && matches(route));
}
