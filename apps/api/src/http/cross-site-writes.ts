/**
 * Cross-site request forgery defence for every write the API serves (`/api/v1/*`, `/api/auth/*`, and
 * anything added later): a browser attaches cookies to a cross-site form post or `no-cors` fetch, so
 * a write that a cookie may authenticate must prove it comes from one of our pages.
 *
 * Rules, for POST, PUT, PATCH and DELETE:
 * - A request that carries a `Cookie` header and no `Authorization: Bearer …` is cookie-authenticated:
 *   its `Origin` must be one we serve (`PUBLIC_URL`'s origin or one of `CORS_ORIGINS`). A missing
 *   Origin, `Origin: null` (sandboxed frames, opaque redirects) and any other origin are refused
 *   403 `origin_not_allowed`. A Referer is not accepted in its place.
 * - Any write with a body must declare it `application/json` (parameters such as `charset` allowed);
 *   `text/plain`, form encodings, multipart and a missing type are refused 415 `unsupported_media_type`,
 *   whatever the body looks like — a cross-site form can send JSON-shaped text/plain.
 *
 * A bearer token cannot be attached by a cross-site page (custom headers need a CORS preflight that
 * only our origins pass), so bearer requests need no Origin; and a request naming a bearer token is
 * authenticated by it alone, never by a cookie it also carries (see `getSession` in accounts).
 * `Authorization: Basic …`, which a browser may replay on its own, does not count as bearer.
 */
export type CrossSiteRefusal =
  | { readonly code: 'origin_not_allowed'; readonly message: string; readonly details: Readonly<Record<string, unknown>> }
  | { readonly code: 'unsupported_media_type'; readonly message: string; readonly details: Readonly<Record<string, unknown>> };

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function hasBearerToken(headers: Headers): boolean {
  return /^bearer\s+\S/i.test(headers.get('authorization') ?? '');
}

/** The media type without parameters, lower case: `Application/JSON; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function hasBody(request: Request): boolean {
  const headers = request.headers;
  const length = headers.get('content-length');
  return headers.has('content-type') || headers.has('transfer-encoding') || (length !== null && length.trim() !== '0') || request.body !== null;
}

export function refuseCrossSiteWrite(request: Request, allowedOrigins: ReadonlySet<string>): CrossSiteRefusal | null {
  if (safeMethods.has(request.method.toUpperCase())) return null;
  const headers = request.headers;
  if (headers.has('cookie') && !hasBearerToken(headers)) {
    const origin = headers.get('origin');
    if (origin === null || !allowedOrigins.has(origin.toLowerCase())) {
      return {
        code: 'origin_not_allowed',
        message: 'Writes authenticated by a cookie must come from an allowed origin',
        details: { origin: origin === null ? null : origin.slice(0, 200) },
      };
    }
  }
  if (hasBody(request)) {
    const contentType = headers.get('content-type');
    if (contentType === null || mediaTypeOf(contentType) !== 'application/json') {
      return {
        code: 'unsupported_media_type',
        message: 'Request bodies must be JSON (Content-Type: application/json)',
        details: { contentType: contentType === null ? null : contentType.slice(0, 200) },
      };
    }
  }
  return null;
}

/** `PUBLIC_URL`'s origin and the configured CORS origins, in the form browsers send them. */
export function allowedOriginsOf(config: { readonly publicUrl: string; readonly corsOrigins: readonly string[] }): ReadonlySet<string> {
  return new Set([new URL(config.publicUrl).origin, ...config.corsOrigins.map((origin) => origin.toLowerCase())]);
}
