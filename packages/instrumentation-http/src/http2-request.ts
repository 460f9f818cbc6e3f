// What an HTTP/2 request looks like to secotel: the request the security core reads (method, url,
// headers without pseudo-headers, the peer), made from a server stream and its headers, and the
// server span's attributes, named as `@opentelemetry/instrumentation-http` names them for
// HTTP/1.1 (stable HTTP semantic conventions), so dashboards need no second query.
import type { Attributes } from '@opentelemetry/api';
import type { IncomingHttpHeaders, ServerHttp2Stream } from 'node:http2';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_SERVER_ADDRESS,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_USER_AGENT_ORIGINAL,
} from '@secotel/semconv';

// Stable HTTP semantic-convention names secotel's own semconv package does not carry.
const ATTR_URL_SCHEME = 'url.scheme';
const ATTR_SERVER_PORT = 'server.port';
const ATTR_NETWORK_PEER_PORT = 'network.peer.port';
const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';
const ATTR_HTTP_REQUEST_METHOD_ORIGINAL = 'http.request.method_original';

/** Methods the semantic conventions name as they are; any other is `_OTHER` (with the original kept). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** instrumentation-http's default `redactedQueryParamsServer`: signed-URL secrets. */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
];

type Headers = Record<string, string | string[] | undefined>;

/**
 * One HTTP/2 request as the security core reads it. `headers` are the regular headers only (the
 * pseudo-headers are the method, path and authority, read as such), with `host` from
 * `:authority` when the client sent no `Host`, as an HTTP/1.1 request would have it. The peer is
 * read once, at the start: after the stream closes its session may be gone.
 */
export interface Http2RequestFields {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: Readonly<Headers>;
  readonly socket: { readonly remoteAddress: string | undefined; readonly remotePort: number | undefined };
  /** True on a TLS session. */
  readonly encrypted: boolean;
}

/** The request the core is given: the fields above, and the stream's own `push` (and anything else) underneath. */
export type Http2ObservedRequest = Http2RequestFields & Pick<ServerHttp2Stream, 'push'>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The fields of the request on `stream`: one small object and a copy of the regular headers.
 * CONNECT has no `:path` (RFC 9113, 8.5); its url is undefined, which the core reads as `/`.
 */
export function http2RequestFields(stream: ServerHttp2Stream, headers: IncomingHttpHeaders): Http2RequestFields {
  const regular: Headers = {};
  for (const name of Object.keys(headers)) {
    if (name.charCodeAt(0) !== 0x3a /* : */) regular[name] = headers[name];
  }
  const authority = first(headers[':authority']);
  if (regular.host === undefined && authority !== undefined) regular.host = authority;
  // Read through the session: the stream has no socket of its own.
  const session = stream.session;
  const socket = session?.socket;
  return {
    method: first(headers[':method']),
    url: first(headers[':path']),
    headers: regular,
    socket: { remoteAddress: socket?.remoteAddress, remotePort: socket?.remotePort },
    encrypted: session?.encrypted === true,
  };
}

interface FieldsHandler extends ProxyHandler<ServerHttp2Stream> {
  readonly fields: Http2RequestFields;
}

// One prototype for every request's handler: a trap's `this` is the handler, which holds the fields.
const FIELDS_HANDLER: ProxyHandler<ServerHttp2Stream> = {
  get(this: FieldsHandler, stream, key) {
    if (key === 'method' || key === 'url' || key === 'headers' || key === 'socket' || key === 'encrypted') return this.fields[key];
    return Reflect.get(stream, key, stream) as unknown;
  },
};

/**
 * The stream seen as a request: reads of the request fields answer from `fields`, everything else
 * (reads, writes and deletes) goes to the stream itself. So the core's body observer wraps and
 * later removes the stream's own `push`, and the core's per-request state is kept on the stream,
 * to go with it, as on an `http.IncomingMessage`.
 */
export function observedHttp2Request(stream: ServerHttp2Stream, fields: Http2RequestFields): Http2ObservedRequest {
  const handler: FieldsHandler = Object.assign(Object.create(FIELDS_HANDLER) as ProxyHandler<ServerHttp2Stream>, { fields });
  return new Proxy(stream, handler) as unknown as Http2ObservedRequest;
}

/** `host[:port]` or `[v6]:port` into its parts. */
function splitAuthority(authority: string): { host: string; port: number | undefined } {
  const bracket = authority.startsWith('[') ? authority.indexOf(']') : -1;
  const colon = bracket >= 0 ? authority.indexOf(':', bracket) : authority.lastIndexOf(':');
  if (colon < 0) return { host: bracket >= 0 ? authority.slice(1, bracket) : authority, port: undefined };
  const host = bracket >= 0 ? authority.slice(1, bracket) : authority.slice(0, colon);
  const port = Number(authority.slice(colon + 1));
  return { host, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined };
}

function redactQuery(query: string, redacted: readonly string[]): string {
  if (redacted.length === 0) return query;
  const params = new URLSearchParams(query);
  let changed = false;
  for (const name of redacted) {
    if (params.has(name)) {
      params.set(name, 'REDACTED');
      changed = true;
    }
  }
  return changed ? params.toString() : query;
}

/**
 * The server span's attributes at the start of `request`: those instrumentation-http sets for an
 * HTTP/1.1 request, with `network.protocol.version` `2`. `client.address` is secotel's (the peer,
 * or the forwarded client through a trusted proxy only), the one the security events carry.
 */
export function http2SpanAttributes(request: Http2RequestFields, clientAddress: string | undefined, redactedQueryParams: readonly string[]): Attributes {
  const rawMethod = request.method ?? 'GET';
  const upper = rawMethod.toUpperCase();
  const method = KNOWN_METHODS.has(upper) ? upper : '_OTHER';
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_SCHEME]: request.encrypted ? 'https' : 'http',
    [ATTR_NETWORK_PROTOCOL_VERSION]: '2',
    [ATTR_NETWORK_PEER_ADDRESS]: request.socket.remoteAddress,
    [ATTR_NETWORK_PEER_PORT]: request.socket.remotePort,
    [ATTR_USER_AGENT_ORIGINAL]: first(request.headers['user-agent']),
    [ATTR_CLIENT_ADDRESS]: clientAddress,
  };
  if (rawMethod !== method) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = rawMethod;
  const host = first(request.headers.host);
  if (host !== undefined && host !== '') {
    const { host: name, port } = splitAuthority(host);
    attributes[ATTR_SERVER_ADDRESS] = name;
    attributes[ATTR_SERVER_PORT] = port ?? (request.encrypted ? 443 : 80);
  }
  const url = request.url;
  if (url !== undefined) {
    const q = url.indexOf('?');
    attributes[ATTR_URL_PATH] = q < 0 ? url : url.slice(0, q);
    if (q >= 0 && q < url.length - 1) attributes[ATTR_URL_QUERY] = redactQuery(url.slice(q + 1), redactedQueryParams);
  }
  return attributes;
}
