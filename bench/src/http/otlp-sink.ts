// A stand-in OTLP/HTTP collector for the HTTP benchmark: accepts traces, logs and metrics in
// protobuf or JSON, answers 200 at once and only counts. It runs in its own process (pinned beside
// the load generator) so that its work never lands on the benchmarked application's CPU.
// Markers are searched in the raw payload bytes (protobuf keeps strings verbatim), which proves that
// a mode really exported what it claims, without decoding anything.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MARKERS = ['security.authn_login_fail', 'security.attack_detected', 'security.http_access', 'security.malicious_attack_tool'];

interface SinkStats {
  requests: Record<string, number>;
  bytes: Record<string, number>;
  markers: Record<string, number>;
}

function emptyStats(): SinkStats {
  return { requests: {}, bytes: {}, markers: {} };
}

let stats = emptyStats();

function record(signal: string, body: Buffer): void {
  stats.requests[signal] = (stats.requests[signal] ?? 0) + 1;
  stats.bytes[signal] = (stats.bytes[signal] ?? 0) + body.length;
  if (signal !== 'logs') return;
  for (const marker of MARKERS) {
    // Count payloads that carry the marker, not occurrences: cheap and enough to prove activity.
    if (body.indexOf(marker) >= 0) stats.markers[marker] = (stats.markers[marker] ?? 0) + 1;
  }
}

function answer(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const url = request.url ?? '/';
    if (url === '/__stats') return answer(response, 200, 'application/json', JSON.stringify(stats));
    if (url === '/__reset') {
      stats = emptyStats();
      return answer(response, 200, 'application/json', '{}');
    }
    const signal = url.startsWith('/v1/traces') ? 'traces' : url.startsWith('/v1/logs') ? 'logs' : url.startsWith('/v1/metrics') ? 'metrics' : 'other';
    record(signal, Buffer.concat(chunks));
    // An empty Export*ServiceResponse means full success in both encodings.
    if ((request.headers['content-type'] ?? '').includes('json')) answer(response, 200, 'application/json', '{}');
    else answer(response, 200, 'application/x-protobuf', Buffer.alloc(0));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address !== null && typeof address === 'object') process.stdout.write(`LISTENING ${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
