/**
 * Exact conversions between the decimal strings on Polymarket's wire and our integer base units
 * (6 decimals: 1 pUSD = 1_000_000, 1 share = 1_000_000, price 0.53 = 530_000 micros). No floats.
 */
export const MICROS = 1_000_000;

/** "0.53" → 530000; "5" → 5000000. Undefined when the string is not a plain decimal with ≤ 6 places. */
export function parseDecimalMicros(text: string): number | undefined {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return undefined;
  const whole = Number(match[1]);
  const frac = Number((match[2] ?? '').padEnd(6, '0'));
  const value = whole * MICROS + frac;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** 530000 → "0.53"; 5000000 → "5"; 192300000 → "192.3". */
export function formatMicros(micros: number | bigint): string {
  const value = BigInt(micros);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Number of decimals a base-unit amount carries once shown in whole units (0–6). */
export function decimalsOf(micros: number | bigint): number {
  let value = BigInt(micros) % 1_000_000n;
  if (value === 0n) return 0;
  let places = 6;
  while (value % 10n === 0n) {
    value /= 10n;
    places -= 1;
  }
  return places;
}

/** A non-negative decimal integer string of base units → bigint; undefined otherwise. */
export function parseBaseUnits(text: unknown): bigint | undefined {
  if (typeof text === 'number' && Number.isSafeInteger(text) && text >= 0) return BigInt(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text)) return undefined;
  return BigInt(text);
}

/** Pagination cursors are base64 of the decimal offset: "MA==" = 0, "LTE=" = end (-1). */
export const INITIAL_CURSOR = 'MA==';
export const END_CURSOR = 'LTE=';

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return 0;
  if (cursor === END_CURSOR) return -1;
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text);
}

export function encodeCursor(offset: number): string {
  return Buffer.from(String(offset), 'utf8').toString('base64');
}

export interface Page<T> {
  readonly limit: number;
  readonly count: number;
  readonly next_cursor: string;
  readonly data: readonly T[];
}

/** One page of `items` from `cursor`; undefined when the cursor is not one we issued. */
export function paginate<T>(items: readonly T[], cursor: string | undefined, limit: number): Page<T> | undefined {
  const offset = decodeCursor(cursor);
  if (offset === undefined) return undefined;
  if (offset < 0) return { limit, count: 0, next_cursor: END_CURSOR, data: [] };
  const data = items.slice(offset, offset + limit);
  const next = offset + limit;
  return { limit, count: data.length, next_cursor: next < items.length ? encodeCursor(next) : END_CURSOR, data };
}
