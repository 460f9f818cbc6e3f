// The HTTP benchmark's modes: one application, started with a different preload and environment.
import { join } from 'node:path';

/** What a mode's verification looks at after its run. */
export interface ObservedTelemetry {
  sink: { requests: Record<string, number>; bytes: Record<string, number>; markers: Record<string, number> };
  agent: { payloads: number; bytes: number; traces: number; markers: Record<string, number> };
  appOutput: string;
}

export interface Verification {
  ok: boolean;
  /** What was checked and seen, one line. */
  detail: string;
}

export interface HttpMode {
  readonly id: string;
  readonly label: string;
  /** Node arguments before the app: the preload, exactly as a user would write it. */
  readonly nodeArgs: readonly string[];
  /** Which request mix the load generator sends. */
  readonly mix: Mix;
  env(ports: { sink: number; agent: number }): Record<string, string>;
  verify(seen: ObservedTelemetry): Verification;
  /** A peer product rather than a configuration of OpenTelemetry or secotel. */
  readonly peer?: boolean;
}

const here = import.meta.dirname;
export const APP_PATH = join(here, 'app.cjs');
const OTEL_PLAIN_PRELOAD = join(here, 'otel-plain.cjs');

function otlpEnv(sink: number, traces: 'otlp' | 'none'): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: 'bench-app',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: traces,
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'none',
  };
}

const count = (record: Record<string, number>, key: string): number => record[key] ?? 0;

/** Checks that the sink saw traces (or none) and log payloads carrying each marker. */
function sinkCheck(seen: ObservedTelemetry, traces: boolean, markers: readonly string[]): Verification {
  const traceRequests = count(seen.sink.requests, 'traces');
  const logRequests = count(seen.sink.requests, 'logs');
  const missing = markers.filter((m) => count(seen.sink.markers, m) === 0);
  const tracesOk = traces ? traceRequests > 0 : traceRequests === 0;
  const parts = [
    `sink: ${traceRequests} trace exports (${Math.round(count(seen.sink.bytes, 'traces') / 1024)} KiB)`,
    `${logRequests} log exports (${Math.round(count(seen.sink.bytes, 'logs') / 1024)} KiB)`,
    ...markers.map((m) => `${m.replace(/^security\./, '')} in ${count(seen.sink.markers, m)}`),
  ];
  return { ok: tracesOk && missing.length === 0 && logRequests > 0, detail: parts.join(', ') + (traces ? '' : ' (traces off: 0 expected)') };
}

const SECOTEL_MARKERS = ['security.authn_login_fail', 'security.attack_detected', 'security.malicious_attack_tool'];

/**
 * A secotel mode: `--require @secotel/node/register`, audit `security` and traces exported unless
 * `settings` say otherwise, verified by the markers its audit mode emits.
 */
function secotelMode(id: string, label: string, mix: Mix, settings: { audit?: 'security' | 'all'; traces?: 'otlp' | 'none'; env?: Record<string, string> } = {}): HttpMode {
  const audit = settings.audit ?? 'security';
  const traces = settings.traces ?? 'otlp';
  const markers = audit === 'all' ? [...SECOTEL_MARKERS, 'security.http_access'] : SECOTEL_MARKERS;
  return {
    id,
    label,
    nodeArgs: ['--require', '@secotel/node/register'],
    mix,
    env: ({ sink }) => ({ ...otlpEnv(sink, traces), SECOTEL_HTTP_AUDIT: audit, ...settings.env }),
    verify: (seen) => sinkCheck(seen, traces === 'otlp', markers),
  };
}

export const HTTP_MODES: readonly HttpMode[] = [
  {
    id: 'bare',
    label: 'bare node:http',
    nodeArgs: [],
    mix: 'benign',
    env: () => ({}),
    verify: (seen) => ({
      ok: count(seen.sink.requests, 'traces') + count(seen.sink.requests, 'logs') === 0 && seen.agent.payloads === 0,
      detail: 'uninstrumented: nothing exported, as expected',
    }),
  },
  {
    id: 'otel',
    label: 'plain OpenTelemetry',
    nodeArgs: ['--require', OTEL_PLAIN_PRELOAD],
    mix: 'benign',
    env: ({ sink }) => otlpEnv(sink, 'otlp'),
    verify: (seen) => sinkCheck(seen, true, ['security.authn_login_fail']),
  },
  secotelMode('secotel', 'secotel (audit security)', 'benign'),
  secotelMode('secotel-all', 'secotel (audit all)', 'benign', { audit: 'all' }),
  secotelMode('secotel-attack5', 'secotel, 5 % attacks', 'attack5'),
  secotelMode('secotel-flood', 'secotel, attack flood (90 % attacks)', 'flood'),
  secotelMode('secotel-flood-unlimited', 'secotel, attack flood, no attack event limit', 'flood', { env: { SECOTEL_ATTACK_EVENT_LIMIT: 'off' } }),
  secotelMode('secotel-notrace', 'secotel, trace export off', 'benign', { traces: 'none' }),
  {
    id: 'datadog',
    label: 'dd-trace + App & API Protection',
    nodeArgs: ['--require', 'dd-trace/init'],
    mix: 'benign',
    peer: true,
    env: ({ agent }) => ({
      DD_TRACE_AGENT_URL: `http://127.0.0.1:${agent}`,
      DD_APPSEC_ENABLED: 'true',
      DD_SERVICE: 'bench-app',
      // The stand-in agent serves no remote configuration; everything else stays at its default.
      DD_REMOTE_CONFIGURATION_ENABLED: 'false',
    }),
    verify: (seen) => {
      const enabled = count(seen.agent.markers, '_dd.appsec.enabled');
      const attacks = count(seen.agent.markers, '_dd.appsec.json');
      return {
        ok: seen.agent.payloads > 0 && enabled > 0 && attacks > 0,
        detail: `agent: ${seen.agent.payloads} trace payloads (${seen.agent.traces} traces, ${Math.round(seen.agent.bytes / 1024)} KiB), _dd.appsec.enabled in ${enabled}, _dd.appsec.json (attack report) in ${attacks}`,
      };
    },
  },
  {
    id: 'zen',
    label: 'Aikido Zen (detection only)',
    nodeArgs: ['--require', '@aikidosec/firewall/instrument'],
    mix: 'benign',
    peer: true,
    // Without a token Zen starts only with AIKIDO_BLOCK=true or AIKIDO_DEBUG=true; debug keeps it
    // in monitoring mode (nothing blocked, nothing reported to the cloud) and only logs at start-up.
    env: () => ({ AIKIDO_DEBUG: 'true', AIKIDO_BLOCK: 'false' }),
    verify: (seen) => {
      const started = /AIKIDO: Starting agent/.test(seen.appOutput);
      const detected = /Zen has detected a path traversal/.exec(seen.appOutput);
      return {
        ok: started && detected !== null,
        detail: `app output: agent started ${started ? 'yes' : 'NO'}, probe reported as "${detected?.[0] ?? 'NOT DETECTED'}"`,
      };
    },
  },
];

/** Environment variables of the tools under comparison, removed before each mode sets its own. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(OTEL_|DD_|SECOTEL_|AIKIDO_)/.test(key) || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return env;
}

const BENIGN_QUERIES = ['blue+running+shoes', 'cut+and+paste+on+mac', 'gift+ideas+for+dad', 'usb-c+cable+2m', 'caf%C3%A9+au+lait', 'o%27reilly+books'];
// Typical payloads, one of each kind, in the query string of the JSON route.
const ATTACK_PATHS = [
  "/api/items?id=1%27%20OR%20%271%27%3D%271",
  '/api/items?q=%3Cscript%3Ealert(document.cookie)%3C%2Fscript%3E',
  '/api/items?file=..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '/api/items?host=127.0.0.1%3Bcat%20%2Fetc%2Fpasswd',
  '/api/items?url=http%3A%2F%2F169.254.169.254%2Flatest%2Fmeta-data%2F',
];

/** Traffic of a mode: benign, 5 % attacks, or an attack tool's flood. */
export type Mix = 'benign' | 'attack5' | 'flood';

/**
 * The request mix, cycled by every connection: 100 requests, of which 10 hit the route that emits
 * a security event; in `attack5`, 5 of the JSON requests carry an attack payload instead; in
 * `flood`, all 90 do (the five payloads in turn), as from an attack tool.
 */
export function requestMix(mix: Mix): string[] {
  const paths: string[] = [];
  for (let i = 0; i < 100; i++) {
    if (i % 10 === 5) paths.push(`/api/login?user=user${i}`);
    else if (mix === 'flood') paths.push(ATTACK_PATHS[i % ATTACK_PATHS.length] ?? '/api/items');
    else if (mix === 'attack5' && i % 20 === 13) paths.push(ATTACK_PATHS[(i / 20) | 0] ?? '/api/items');
    else paths.push(`/api/items?page=${(i % 7) + 1}&sort=price&q=${BENIGN_QUERIES[i % BENIGN_QUERIES.length]}`);
  }
  return paths;
}

/** Headers a browser-based client sends; every mode gets the same. */
export const REQUEST_HEADERS: Record<string, string> = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  accept: 'application/json, text/plain, */*',
  'accept-language': 'en-US,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
  cookie: 'session=4711def17d7d5ddb86e00dfcd785cbe6; theme=light; _ga=GA1.1.426469400.1707537990',
};

/**
 * Requests sent to every mode before its warm-up, to prove that each tool inspects traffic: a
 * scanner user agent with SQL injection and path traversal in the query, a path traversal that
 * reaches the file system, and one failed login.
 */
export const PROBES: readonly { path: string; headers: Record<string, string> }[] = [
  {
    path: '/api/items?file=..%2F..%2F..%2F..%2Fetc%2Fpasswd&q=%27%20OR%201%3D1--',
    headers: { 'user-agent': 'sqlmap/1.7.2#stable (https://sqlmap.org)', accept: '*/*' },
  },
  { path: '/verify/file?name=..%2F..%2F..%2F..%2Fetc%2Fpasswd', headers: { accept: '*/*' } },
  { path: '/api/login?user=probe', headers: { accept: '*/*' } },
];
