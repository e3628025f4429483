/**
 * One rule for every string a client sends, checked before any route or better-auth sees it: no NUL
 * character and no unpaired UTF-16 surrogate, in the path, the query string, or anywhere in a JSON
 * body (keys included). PostgreSQL cannot store either in text (NUL is refused outright; a lone
 * surrogate has no UTF-8 form), and no legitimate id, name, email or parameter contains one, so they
 * are refused at the boundary — 422 `validation_failed` naming where — rather than deep inside a query
 * as a 500. Percent-encoding that does not decode to UTF-8 is a 400 `bad_request`.
 */
import type { HttpErrorCode } from './error-codes.ts';

export interface TextRefusal {
  readonly code: HttpErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const unsafe = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const problem = 'must not contain NUL characters or unpaired UTF-16 surrogates';

/** Whether a string holds a NUL or an unpaired surrogate. */
export function hasUnsafeText(value: string): boolean {
  return unsafe.test(value);
}

/** The dotted path of the first unsafe string (or key) in a JSON value, or null when it is clean. */
export function findUnsafeText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return hasUnsafeText(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnsafeText(value[i], path === '' ? String(i) : `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (hasUnsafeText(key)) return here;
    const found = findUnsafeText(inner, here);
    if (found !== null) return found;
  }
  return null;
}

function invalid(where: 'path' | 'query' | 'body', path: string): TextRefusal {
  return { code: 'validation_failed', message: `The request ${where} is invalid`, details: { in: where, issues: [{ path, message: problem }] } };
}

function decoded(raw: string): string | null {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Checks the path segments and query parameters of a URL as the router will decode them. */
export function refuseUnsafeUrl(url: string): TextRefusal | null {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const pathAndQuery = start < 0 ? '/' : url.slice(start);
  const hash = pathAndQuery.indexOf('#');
  const withoutHash = hash < 0 ? pathAndQuery : pathAndQuery.slice(0, hash);
  const q = withoutHash.indexOf('?');
  const path = q < 0 ? withoutHash : withoutHash.slice(0, q);
  const query = q < 0 ? '' : withoutHash.slice(q + 1);
  for (const segment of path.split('/')) {
    const text = decoded(segment);
    if (text === null) return { code: 'bad_request', message: 'The request path is not valid percent-encoded UTF-8', details: { in: 'path' } };
    if (hasUnsafeText(text)) return invalid('path', '');
  }
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decoded(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decoded(pair.slice(eq + 1));
    if (name === null || value === null) return { code: 'bad_request', message: 'The query string is not valid percent-encoded UTF-8', details: { in: 'query' } };
    if (hasUnsafeText(name) || hasUnsafeText(value)) return invalid('query', hasUnsafeText(name) ? '' : name.slice(0, 100));
  }
  return null;
}

/** Deeper than any body of ours (a bot is ~4 levels): validators and walkers recurse per level, so depth is capped first. */
export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests arrays and objects deeper than `max`, scanned without parsing (strings skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/**
 * Checks a JSON body's text (already declared `application/json`): nesting deeper than `MAX_JSON_DEPTH` is a
 * 422 before any parser or validator recurses into it; text that does not parse is left to the route's parser.
 */
export function refuseUnsafeJson(text: string): TextRefusal | null {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    return { code: 'validation_failed', message: 'The request body is invalid', details: { in: 'body', issues: [{ path: '', message: `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep` }] } };
  }
  if (!/\\u|\u0000|[\ud800-\udfff]/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const path = findUnsafeText(value);
  return path === null ? null : invalid('body', path);
}
