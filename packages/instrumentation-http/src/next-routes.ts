// Next.js (`next start`, app and pages router): the route the request matched, as Next.js itself
// names it on its spans (`next.route`, e.g. '/items/[id]'). Its router server resolves the route
// before the page or route handler runs and keeps the match in the request's metadata, an object
// under a global symbol on the Node request; reading it changes nothing Next.js does.

// Next.js's own key (next/dist/server/request-meta.js: NEXT_REQUEST_META).
const NEXT_REQUEST_META = Symbol.for('NextInternalRequestMeta');

interface NextRequestMeta {
  match?: { definition?: { pathname?: unknown } } | null;
}

/** The Next.js route template of `request` (e.g. '/items/[id]', '/api/things/[id]'), once Next.js matched it. */
export function nextRoute(request: object): string | undefined {
  try {
    const meta = (request as Record<symbol, NextRequestMeta | undefined>)[NEXT_REQUEST_META];
    const pathname = meta?.match?.definition?.pathname;
    return typeof pathname === 'string' && pathname.startsWith('/') ? pathname : undefined;
  } catch {
    // Route knowledge must never affect the request.
    return undefined;
  }
}
