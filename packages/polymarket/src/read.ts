/**
 * Small readers for wire JSON. Each takes the value and its path, and throws a
 * `PolymarketParseError` naming the path; the public `parse*` functions catch it at their
 * boundary (`guard`) and return a `Result`. Numbers that carry money or prices are converted
 * through their decimal text (`String(n)` gives the shortest round-trip form), never by float math.
 */
import { err, ok, parseMicros, type Result } from '@polymancer/core';
import { PolymarketParseError } from './errors.ts';

export type Obj = Readonly<Record<string, unknown>>;

export function fail(path: string, message: string): never {
  throw new PolymarketParseError(path, message);
}

/** Runs a throwing parser and turns a `PolymarketParseError` into a value. */
export function guard<T>(fn: () => T): Result<T, PolymarketParseError> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof PolymarketParseError) return err(e);
    throw e;
  }
}

export function asObject(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected an object');
  return value as Obj;
}

export function asArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  return value;
}

export function reqString(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(`${path}.${key}`, 'expected a string');
  return v;
}

export function optString(o: Obj, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`${path}.${key}`, 'expected a string');
  return v;
}

export function optBool(o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail(`${path}.${key}`, 'expected a boolean');
  return v;
}

/** Decimal text of a wire number or string. */
function decimalText(v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return fail(path, 'expected a decimal string or number');
}

/** A wire decimal (string or number) as exact micros; more than 6 decimals is refused. */
export function micros(v: unknown, path: string): number {
  const r = parseMicros(decimalText(v, path));
  if (!r.ok) fail(path, r.error.message);
  return r.value;
}

export function reqMicros(o: Obj, key: string, path: string): number {
  return micros(o[key], `${path}.${key}`);
}

export function optMicros(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  return micros(v, `${path}.${key}`);
}

/** A wire integer (number or digit string). */
export function integer(v: unknown, path: string): number {
  const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) fail(path, 'expected an integer');
  return n;
}

export function optInteger(o: Obj, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  return integer(v, `${path}.${key}`);
}

/** Unix milliseconds from a wire timestamp (digit string or number). */
export function timestampMs(o: Obj, key: string, path: string): number {
  return integer(o[key], `${path}.${key}`);
}

/** An array of strings, given as an array or as JSON text of one (Gamma's `clobTokenIds`). */
export function stringList(v: unknown, path: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  let list: unknown = v;
  if (typeof v === 'string') {
    if (v.trim() === '') return undefined;
    try {
      list = JSON.parse(v);
    } catch {
      fail(path, 'expected JSON text of an array');
    }
  }
  const items = asArray(list, path);
  return items.map((item, i) => {
    if (typeof item === 'string') return item;
    if (typeof item === 'number' && Number.isFinite(item)) return String(item);
    return fail(`${path}[${i}]`, 'expected a string');
  });
}

/** ISO date text → Unix ms, or undefined when absent or unreadable. */
export function optDateMs(o: Obj, key: string): number | undefined {
  const v = o[key];
  if (typeof v !== 'string' || v === '') return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
