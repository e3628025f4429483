/**
 * Exact decimal strings ↔ scaled integers. Money crosses the edge of the system only through these
 * functions: "0.53" → 530_000 micros, never through parseFloat.
 */
import { err, ok, type Result } from '../result.ts';
import { DecimalParseError } from './errors.ts';
import { divRound, type Rounding } from './rounding.ts';

/** 6 decimals: pUSD, USDC and outcome-token base units; prices in micro-dollars per share. */
export const MICROS_DECIMALS = 6;
export const MICROS_PER_UNIT = 1_000_000;

const DECIMAL = /^(-)?(\d*)(?:\.(\d*))?$/;

export interface ParseDecimalOptions {
  /** Accept a leading minus sign (P&L, deltas). Off by default: amounts and prices are never negative. */
  readonly allowNegative?: boolean;
}

/** `"0.53"` → `530000`. Refuses more than 6 decimals, exponents, signs (unless allowed), blanks. */
export function parseMicros(input: string, options: ParseDecimalOptions = {}): Result<number, DecimalParseError> {
  return parseScaled(input, MICROS_DECIMALS, options);
}

/** Exact parse of `input` scaled by 10^decimals; refuses inputs with more decimals than that. */
export function parseScaled(input: string, decimals: number, options: ParseDecimalOptions = {}): Result<number, DecimalParseError> {
  const parts = split(input, decimals, options);
  if (!parts.ok) return parts;
  const { negative, whole, fraction } = parts.value;
  if (fraction.length > decimals) return err(new DecimalParseError('too_many_decimals', input, decimals));
  const digits = whole + fraction.padEnd(decimals, '0');
  // Up to 15 digits an integer string converts to a number exactly; only longer ones need BigInt.
  if (digits.length <= 15) {
    const n = Number(digits);
    return ok(negative && n !== 0 ? -n : n);
  }
  return toNumber(BigInt(digits), negative, input, decimals);
}

/**
 * Parse a decimal that may carry more precision than `decimals` (e.g. Gamma's 34-digit
 * outcomePrices), rounding the excess by `rounding`. For display-grade inputs only, never balances.
 */
export function parseScaledRounded(
  input: string,
  decimals: number,
  rounding: Rounding,
  options: ParseDecimalOptions = {},
): Result<number, DecimalParseError> {
  const parts = split(input, decimals, options);
  if (!parts.ok) return parts;
  const { negative, whole, fraction } = parts.value;
  const digits = BigInt(whole + fraction.padEnd(decimals, '0'));
  const scale = 10n ** BigInt(Math.max(0, fraction.length - decimals));
  const signed = negative ? -digits : digits;
  const rounded = divRound(signed, scale, rounding);
  return toNumber(rounded < 0n ? -rounded : rounded, rounded < 0n, input, decimals);
}

/** `530000` → `"0.53"`; at least `minDecimals` decimals are kept (`formatMicros(5e6, 2)` → `"5.00"`). */
export function formatMicros(micros: number, minDecimals = 0): string {
  return formatScaled(micros, MICROS_DECIMALS, minDecimals);
}

export function formatScaled(value: number, decimals: number, minDecimals = 0): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not a safe integer`);
  const negative = value < 0;
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(Math.min(minDecimals, decimals), '0');
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}

function split(
  input: string,
  decimals: number,
  options: ParseDecimalOptions,
): Result<{ negative: boolean; whole: string; fraction: string }, DecimalParseError> {
  const match = typeof input === 'string' ? DECIMAL.exec(input) : null;
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (match === null || (whole === '' && fraction === '')) return err(new DecimalParseError('not_a_decimal', String(input), decimals));
  const negative = match[1] === '-';
  if (negative && options.allowNegative !== true) return err(new DecimalParseError('negative', input, decimals));
  return ok({ negative, whole: whole === '' ? '0' : whole, fraction });
}

function toNumber(magnitude: bigint, negative: boolean, input: string, decimals: number): Result<number, DecimalParseError> {
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return err(new DecimalParseError('out_of_range', input, decimals));
  const n = Number(magnitude);
  return ok(negative && n !== 0 ? -n : n);
}
