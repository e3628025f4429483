/**
 * The opaque page cursor every list answers with: base64url of `<createdAt ms>|<id>`.
 * Decoding accepts only what encoding can produce — a time from 1970 to 9999 and an id of the
 * `<prefix>_<base32>` alphabet — so a crafted cursor (`9007199254740991|x`, an id with NUL) is
 * refused as "not a cursor" instead of reaching the database as an invalid timestamp or string.
 */
export interface PageCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/** 9999-12-31T23:59:59.999Z: the last instant both JavaScript and PostgreSQL represent in ISO-8601's four-digit years. */
export const LATEST_CURSOR_MS = 253_402_300_799_999;
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function encodePageCursor(row: PageCursor): string {
  return Buffer.from(`${row.createdAt.getTime()}|${row.id}`, 'utf8').toString('base64url');
}

export function decodePageCursor(cursor: string): PageCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  if (bar <= 0) return undefined;
  const digits = text.slice(0, bar);
  const id = text.slice(bar + 1);
  if (!/^\d{1,15}$/.test(digits) || !idPattern.test(id)) return undefined;
  const ms = Number(digits);
  if (ms > LATEST_CURSOR_MS) return undefined;
  return { createdAt: new Date(ms), id };
}
