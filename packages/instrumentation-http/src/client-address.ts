import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Decides whether an address (a hop in the forwarding chain) is a trusted proxy. */
export type TrustFunction = (address: string, hop: number) => boolean;

const TRUST_NONE: TrustFunction = () => false;

/** Compiles `proxy-addr` trust syntax once, at configuration time. Throws on invalid entries. */
export function compileTrust(proxies: readonly string[]): TrustFunction {
  return proxies.length === 0 ? TRUST_NONE : proxyaddr.compile([...proxies]);
}

/** `for=` values of an RFC 7239 `Forwarded` header, in order, without quotes, brackets or ports. */
export function forwardedFor(header: string): string[] {
  const out: string[] = [];
  for (const element of header.split(',')) {
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
      let value = pair.slice(eq + 1).trim().replace(/^"|"$/g, '');
      if (value.startsWith('[')) value = value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
      else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
      out.push(value);
    }
  }
  return out;
}

function normalise(address: string): string {
  // IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d; report the IPv4 address.
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** What {@link resolveClientAddress} reads of a request (an `http.IncomingMessage`, an `Http2ServerRequest`). */
export interface AddressedRequest {
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The client's address: the socket peer, or, only when the peer (and each further hop) is a
 * trusted proxy, the nearest untrusted address in `X-Forwarded-For` (or else `Forwarded`).
 */
export function resolveClientAddress(request: AddressedRequest, trust: TrustFunction): string | undefined {
  const peer = request.socket?.remoteAddress;
  if (peer === undefined) return undefined;
  if (trust === TRUST_NONE) return normalise(peer);
  const headers = request.headers;
  let chain = headers['x-forwarded-for'];
  if (chain === undefined && typeof headers.forwarded === 'string') chain = forwardedFor(headers.forwarded).join(', ');
  if (chain === undefined || chain === '') return normalise(peer);
  const view = { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: { 'x-forwarded-for': chain } };
  try {
    return normalise(proxyaddr(view as unknown as IncomingMessage, trust));
  } catch {
    return normalise(peer);
  }
}
