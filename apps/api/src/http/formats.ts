/**
 * Strict string formats for request schemas, registered once for every schema the API compiles.
 *
 * `date-time` is RFC 3339's `date-time` exactly: a four-digit year (0001–9999), a real calendar day,
 * a time and a `Z` or `±hh:mm` offset. Elysia's default also accepts any text that merely contains
 * such a date (it is unanchored: `-271821-04-20T00:00:00Z` passed, then failed in PostgreSQL as a 500)
 * and browser-style date strings; a query time outside what PostgreSQL and JavaScript both represent
 * is now a 422 `validation_failed` like any other bad parameter.
 */
// Elysia's re-export, so this is the registry instance its validators read.
import { FormatRegistry } from 'elysia/type-system';

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

export function isRfc3339DateTime(value: string): boolean {
  const m = rfc3339.exec(value);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 ? (leap ? 29 : 28) : daysInMonth)) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return !Number.isNaN(Date.parse(value));
}

export function registerStrictFormats(): void {
  FormatRegistry.Set('date-time', isRfc3339DateTime);
}
