// multipart/form-data bodies (RFC 7578), split into parts: each part's field name, file name and,
// for text parts, its content. Bounded: at most `maxParts` parts; malformed input gives null and the
// body is scanned as text instead.

export interface MultipartPart {
  name: string | undefined;
  filename: string | undefined;
  /** The part's own content type, lower-cased, if it has one. */
  contentType: string | undefined;
  content: string;
}

/** The boundary parameter of a `multipart/...` content type (lower-cased input), or null. */
export function multipartBoundary(contentType: string): string | null {
  const at = contentType.indexOf('boundary=');
  if (at < 0) return null;
  let start = at + 9;
  let end: number;
  if (contentType.charCodeAt(start) === 34) {
    start++;
    end = contentType.indexOf('"', start);
    if (end < 0) return null;
  } else {
    end = contentType.indexOf(';', start);
    if (end < 0) end = contentType.length;
  }
  const boundary = contentType.slice(start, end).trim();
  return boundary.length > 0 && boundary.length <= 200 ? boundary : null;
}

/**
 * Splits `body` at `--boundary` lines. The content type was lower-cased by the caller, so the
 * boundary is matched case-insensitively.
 */
export function parseMultipart(body: string, boundary: string, maxParts: number): MultipartPart[] | null {
  const lower = body.toLowerCase();
  const delimiter = `--${boundary}`;
  let i = lower.indexOf(delimiter);
  if (i < 0) return null;
  const parts: MultipartPart[] = [];
  while (i >= 0 && parts.length < maxParts) {
    let start = i + delimiter.length;
    if (body.startsWith('--', start)) break; // closing delimiter
    if (body.charCodeAt(start) === 13) start++;
    if (body.charCodeAt(start) === 10) start++;
    const next = lower.indexOf(delimiter, start);
    let end = next < 0 ? body.length : next;
    if (body.charCodeAt(end - 1) === 10) end--;
    if (body.charCodeAt(end - 1) === 13) end--;
    let headerEnd = body.indexOf('\r\n\r\n', start);
    let contentStart = headerEnd + 4;
    const lf = body.indexOf('\n\n', start);
    if (headerEnd < 0 || (lf >= 0 && lf < headerEnd)) {
      headerEnd = lf;
      contentStart = lf + 2;
    }
    if (headerEnd < 0 || headerEnd > end) {
      headerEnd = end;
      contentStart = end;
    }
    parts.push(readPart(body.slice(start, headerEnd), body.slice(Math.min(contentStart, end), end)));
    i = next;
  }
  return parts;
}

function readPart(headers: string, content: string): MultipartPart {
  const part: MultipartPart = { name: undefined, filename: undefined, contentType: undefined, content };
  for (const line of headers.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'content-type') part.contentType = value.toLowerCase();
    else if (field === 'content-disposition') {
      part.name = parameter(value, 'name');
      part.filename = parameter(value, 'filename');
    }
  }
  return part;
}

/** `name="x"` or `name=x` in a Content-Disposition value (`filename=` is not `name=`). */
function parameter(value: string, name: string): string | undefined {
  const lower = value.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf(`${name}=`, from);
    if (at < 0) return undefined;
    const before = at === 0 ? 59 : lower.charCodeAt(at - 1);
    if (before === 59 || before === 32 || before === 9) {
      let start = at + name.length + 1;
      if (value.charCodeAt(start) === 34) {
        start++;
        const end = value.indexOf('"', start);
        return value.slice(start, end < 0 ? value.length : end);
      }
      const end = value.indexOf(';', start);
      return value.slice(start, end < 0 ? value.length : end).trim();
    }
    from = at + 1;
  }
}
