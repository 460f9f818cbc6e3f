// A stand-in Datadog agent on loopback for dd-trace: answers the endpoints the tracer talks to
// (/info, /v0.4/traces, /v0.5/traces, telemetry, remote config) and counts what arrives. Trace
// payloads are msgpack, which keeps strings verbatim, so App & API Protection is proven active by
// finding its span tags (`_dd.appsec.enabled`, and `_dd.appsec.json` for an attack) in the bytes.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MARKERS = ['_dd.appsec.enabled', '_dd.appsec.json', '_dd.appsec.waf.version'];

interface AgentStats {
  payloads: number;
  bytes: number;
  traces: number;
  endpoints: Record<string, number>;
  markers: Record<string, number>;
}

function emptyStats(): AgentStats {
  return { payloads: 0, bytes: 0, traces: 0, endpoints: {}, markers: {} };
}

let stats = emptyStats();

const INFO = JSON.stringify({
  version: '7.60.0',
  endpoints: ['/v0.4/traces', '/v0.5/traces', '/v0.6/stats', '/telemetry/proxy/', '/evp_proxy/v2/', '/v0.7/config'],
  client_drop_p0s: false,
  span_meta_structs: true,
  config: { statsd_port: 0 },
});

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    stats.endpoints[path] = (stats.endpoints[path] ?? 0) + 1;
    if (path === '/__stats') return answer(response, 200, JSON.stringify(stats));
    if (path === '/__reset') {
      stats = emptyStats();
      return answer(response, 200, '{}');
    }
    if (path === '/info') return answer(response, 200, INFO);
    if (path === '/v0.4/traces' || path === '/v0.5/traces') {
      const body = Buffer.concat(chunks);
      stats.payloads++;
      stats.bytes += body.length;
      stats.traces += Number(request.headers['x-datadog-trace-count'] ?? 0);
      for (const marker of MARKERS) if (body.indexOf(marker) >= 0) stats.markers[marker] = (stats.markers[marker] ?? 0) + 1;
      return answer(response, 200, '{"rate_by_service":{"service:,env:":1}}');
    }
    if (path.startsWith('/telemetry/')) return answer(response, 202, '{}');
    if (path === '/v0.7/config') return answer(response, 404, '{}');
    return answer(response, 200, '{}');
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') process.stdout.write(`LISTENING ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
