import { checkFeeSchedule, type FeeSchedule, parseScaledRounded } from '@polymancer/core';
import { asObject, fail, integer, type Obj } from './read.ts';

/** Fee rate (a wire decimal such as 0.04) as micros; rates finer than 10^-6 round half-even. */
function rateMicros(v: unknown, path: string): number {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : fail(path, 'expected a fee rate');
  const r = parseScaledRounded(text, 6, 'half-even');
  if (!r.ok) fail(path, r.error.message);
  return r.value;
}

function schedule(rate: unknown, exponent: unknown, takerOnly: unknown, path: string): FeeSchedule {
  const parsed: FeeSchedule = {
    rateMicros: rate === undefined || rate === null ? 0 : rateMicros(rate, `${path}.rate`),
    exponent: exponent === undefined || exponent === null ? 0 : integer(exponent, `${path}.exponent`),
    // Makers pay none unless the venue says fees are not taker-only.
    takerOnly: takerOnly !== false,
  };
  try {
    return checkFeeSchedule(parsed);
  } catch (e) {
    return fail(path, e instanceof Error ? e.message : 'invalid fee schedule');
  }
}

/** Gamma `feeSchedule: { rate, exponent, takerOnly, rebateRate }`. */
export function parseGammaFeeSchedule(v: unknown, path: string): FeeSchedule | undefined {
  if (v === undefined || v === null) return undefined;
  const o: Obj = asObject(v, path);
  return schedule(o.rate, o.exponent, o.takerOnly, path);
}

/** CLOB `/clob-markets` `fd: { r, e, to }`; absent = no fee, as the client reads it (`r ?? 0`, `e ?? 0`). */
export function parseClobFeeDetails(v: unknown, path: string): FeeSchedule {
  if (v === undefined || v === null) return { rateMicros: 0, exponent: 0, takerOnly: true };
  const o: Obj = asObject(v, path);
  return schedule(o.r, o.e, o.to, path);
}
