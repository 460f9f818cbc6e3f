
/** What the observer saw of a request body: at most `limit` bytes. */
export interface ObservedBody {
  readonly bytes: Buffer;
  /** True when the body was longer than the limit (only its start was kept). */
  readonly truncated: boolean;
}

/** A request body stream: `http.IncomingMessage`, `Http2ServerRequest`, or any `Readable`. */
export interface BodySource {
  push(chunk: unknown, encoding?: BufferEncoding): boolean;
}

/**
 * Watches a request body as Node's HTTP parser hands it to the request stream, without reading
 * the stream: no 'data' listener, no switch to flowing mode, nothing consumed, so the application
 * reads exactly what it would have read. Chunks are kept by reference up to `limit` bytes (one
 * concatenation at the end); `onBody` runs once when the body is complete or the limit is reached.
 */
export function observeBody(request: BodySource, limit: number, onBody: (body: ObservedBody) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (truncated: boolean) => {
    finished = true;
    // Hand the method back to the prototype: the rest of the body flows untouched.
    delete (request as { push?: unknown }).push;
    try {
      onBody({ bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size), truncated });
    } catch {
      // Observation must never affect the request.
    }
  };
  const push = request.push;
  request.push = function observedPush(this: BodySource, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (!finished) {
      try {
        if (chunk === null) {
          finish(false);
        } else {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.isBuffer(chunk) ? chunk : undefined;
          if (buffer !== undefined) {
            const take = Math.min(buffer.length, limit - size);
            if (take > 0) {
              chunks.push(take === buffer.length ? buffer : buffer.subarray(0, take));
              size += take;
            }
            if (take < buffer.length) finish(true);
          }
        }
      } catch {
        // never let observation break the stream
      }
    }
    return push.call(this, chunk, encoding);
  };
}

const JSON_TYPE = /^application\/(?:[\w.+-]*\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;
const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]*\+)?xml\b|application\/graphql\b)/i;
// Raw text for detect, which splits it into parts by the boundary of the content type.
const MULTIPART_TYPE = /^multipart\/form-data\b/i;

/** True when the body's content type is one secotel inspects (JSON, urlencoded, text, XML, multipart forms). */
export function isInspectableBody(contentType: string | undefined, contentEncoding: string | undefined): boolean {
  if (contentEncoding !== undefined && contentEncoding !== '' && contentEncoding.toLowerCase() !== 'identity') return false;
  if (contentType === undefined) return false;
  return JSON_TYPE.test(contentType) || FORM_TYPE.test(contentType) || TEXT_TYPE.test(contentType) || MULTIPART_TYPE.test(contentType);
}

/** The body as `detect` takes it: parsed JSON, a parsed urlencoded object, or the raw text (multipart included). */
export function parseBody(body: ObservedBody, contentType: string): unknown {
  const text = body.bytes.toString('utf8');
  if (!body.truncated && JSON_TYPE.test(contentType)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (FORM_TYPE.test(contentType)) {
    // No prototype: a key named __proto__ must stay data (and be reported), not change the object.
    const form = Object.create(null) as Record<string, string | string[]>;
    for (const [key, value] of new URLSearchParams(text)) {
      const previous = form[key];
      form[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    return form;
  }
  return text;
}
