// A test HTTP client on node:http that sends exactly the bytes it is given (raw paths, odd
// header bytes), with a `traceparent` so the request's server span and records can be found.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

export interface SentResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface SendOptions {
  readonly method?: string;
  /** Path and query exactly as they go on the request line. */
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Buffer;
  /** Trace id for the `traceparent` header; none is sent when undefined. */
  readonly traceId?: string;
  /** Local address to send from (any 127.0.0.0/8 address), so the server sees another client. */
  readonly localAddress?: string;
  readonly agent?: Agent;
  readonly timeoutMs?: number;
}

/** Sends one request to `baseUrl` and resolves with the whole response; rejects after `timeoutMs`. */
export function send(baseUrl: string, options: SendOptions): Promise<SentResponse> {
  const url = new URL(baseUrl);
  const headers: OutgoingHttpHeaders = { ...options.headers };
  if (options.traceId !== undefined) headers.traceparent = `00-${options.traceId}-${randomBytes(8).toString('hex')}-01`;
  if (options.body !== undefined) headers['content-length'] = Buffer.byteLength(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers,
        agent: options.agent ?? false,
        localAddress: options.localAddress,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request ${options.method ?? 'GET'} ${options.path.slice(0, 80)} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** JSON body of a response. */
export function json(response: SentResponse): unknown {
  return JSON.parse(response.body.toString('utf8')) as unknown;
}
