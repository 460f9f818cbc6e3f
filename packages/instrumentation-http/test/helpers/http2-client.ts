// A test HTTP/2 client on node:http2: one session per test app, requests with a `traceparent` so
// each one's server span and records can be found, and everything the server sent back (headers,
// body, trailers, pushed streams) for byte-for-byte comparisons.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:http2';
import type { ClientHttp2Session, IncomingHttpHeaders, IncomingHttpStatusHeader, OutgoingHttpHeaders } from 'node:http2';

export interface Http2Response {
  readonly status: number;
  readonly headers: IncomingHttpHeaders & IncomingHttpStatusHeader;
  readonly body: Buffer;
  readonly trailers: IncomingHttpHeaders | undefined;
  /** Streams the server pushed alongside, by path. */
  readonly pushed: ReadonlyMap<string, { headers: IncomingHttpHeaders; body: Buffer }>;
}

export interface Http2SendOptions {
  readonly method?: string;
  /** `:path` exactly as sent. */
  readonly path: string;
  readonly headers?: OutgoingHttpHeaders;
  readonly body?: string | Buffer;
  /** Trace id for the `traceparent` header; none is sent when undefined. */
  readonly traceId?: string;
  /** The parent span id sent with it; random when undefined. */
  readonly parentSpanId?: string;
  readonly timeoutMs?: number;
}

export interface Http2Client {
  send(options: Http2SendOptions): Promise<Http2Response>;
  /** Opens a request, sends part of its body and cancels it (RST_STREAM CANCEL) before the server answers. */
  sendAndCancel(options: Http2SendOptions): Promise<void>;
  close(): Promise<void>;
}

/** Connects to `url` (http:// for h2c, https:// for TLS, trusting `ca`). */
export async function connectHttp2(url: string, ca?: Buffer): Promise<Http2Client> {
  const session: ClientHttp2Session = connect(url, ca === undefined ? {} : { ca });
  // Streams pushed during the current request (the tests send one request at a time per client).
  let pushes: Promise<{ path: string; headers: IncomingHttpHeaders; body: Buffer }>[] = [];
  session.on('stream', (pushed, requestHeaders) => {
    const path = String(requestHeaders[':path']);
    const done = new Promise<{ path: string; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      pushed.on('push', (h) => (headers = h));
      pushed.on('data', (chunk: Buffer) => chunks.push(chunk));
      pushed.on('end', () => resolve({ path, headers, body: Buffer.concat(chunks) }));
      pushed.on('error', reject);
    });
    pushes.push(done);
  });
  await new Promise<void>((resolve, reject) => {
    session.once('connect', () => resolve());
    session.once('error', reject);
  });
  session.on('error', () => {});

  function requestHeaders(options: Http2SendOptions): OutgoingHttpHeaders {
    const method = options.method ?? 'GET';
    // CONNECT has no :path (RFC 9113, 8.5); the caller gives its :authority.
    const headers: OutgoingHttpHeaders = method === 'CONNECT' ? { ':method': method, ...options.headers } : { ':method': method, ':path': options.path, ...options.headers };
    if (options.traceId !== undefined) headers.traceparent = `00-${options.traceId}-${options.parentSpanId ?? randomBytes(8).toString('hex')}-01`;
    return headers;
  }

  return {
    send(options) {
      pushes = [];
      return new Promise((resolve, reject) => {
        const stream = session.request(requestHeaders(options), { endStream: options.body === undefined });
        const timer = setTimeout(() => stream.close(), options.timeoutMs ?? 10_000);
        let headers: (IncomingHttpHeaders & IncomingHttpStatusHeader) | undefined;
        let trailers: IncomingHttpHeaders | undefined;
        const chunks: Buffer[] = [];
        stream.on('response', (h) => (headers = h));
        stream.on('trailers', (t) => (trailers = t));
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        stream.on('close', () => {
          clearTimeout(timer);
          if (headers === undefined) {
            reject(new Error(`${options.method ?? 'GET'} ${options.path.slice(0, 80)}: no response (rst code ${stream.rstCode})`));
            return;
          }
          const answered = headers;
          void Promise.all(pushes).then((list) => {
            resolve({
              status: Number(answered[':status']),
              headers: answered,
              body: Buffer.concat(chunks),
              trailers,
              pushed: new Map(list.map((p) => [p.path, { headers: p.headers, body: p.body }])),
            });
          }, reject);
        });
        if (options.body !== undefined) stream.end(options.body);
      });
    },
    sendAndCancel(options) {
      return new Promise((resolve) => {
        // The body is never ended: the server waits for it, then sees the client cancel.
        const stream = session.request(requestHeaders(options), { endStream: false });
        stream.on('error', () => {});
        stream.write(options.body ?? '');
        // Some time for the server to see the headers and the first bytes; not an assertion.
        setTimeout(() => stream.close(0x8 /* CANCEL */), 50);
        stream.on('close', () => resolve());
      });
    },
    close() {
      return new Promise((resolve) => {
        if (session.closed || session.destroyed) {
          resolve();
          return;
        }
        session.close(() => resolve());
      });
    },
  };
}
