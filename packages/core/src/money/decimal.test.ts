import { describe, expect, test } from 'bun:test';
import { formatMicros, parseMicros, parseScaled, parseScaledRounded } from './decimal.ts';
import { DecimalParseError } from './errors.ts';

function micros(input: string): number {
  const r = parseMicros(input);
  if (!r.ok) throw r.error;
  return r.value;
}

function reason(input: string, allowNegative = false): string {
  const r = parseMicros(input, { allowNegative });
  if (r.ok) throw new Error(`expected ${input} to be refused`);
  expect(r.error).toBeInstanceOf(DecimalParseError);
  expect(r.error.code).toBe('invalid_decimal');
  return r.error.reason;
}

describe('parseMicros', () => {
  test('parses decimal strings exactly into micros', () => {
    expect(micros('0.53')).toBe(530_000);
    expect(micros('0.999')).toBe(999_000);
    expect(micros('10500100')).toBe(10_500_100_000_000);
    expect(micros('3149725.72')).toBe(3_149_725_720_000);
    expect(micros('0.000001')).toBe(1);
    expect(micros('1.')).toBe(1_000_000);
    expect(micros('.5')).toBe(500_000);
    expect(micros('0')).toBe(0);
    expect(micros('0.920')).toBe(920_000);
  });

  test('refuses more than six decimals instead of rounding', () => {
    expect(reason('0.0000001')).toBe('too_many_decimals');
    expect(reason('0.5843311669077693146635445446077281')).toBe('too_many_decimals');
  });

  test('refuses text that is not a plain decimal', () => {
    for (const bad of ['', '.', 'abc', '1e-3', '0x10', ' 1', '1,5', 'NaN', 'Infinity', '+1', '1.2.3']) {
      expect(reason(bad)).toBe('not_a_decimal');
    }
  });

  test('refuses negatives unless asked, then keeps the sign', () => {
    expect(reason('-1')).toBe('negative');
    const r = parseMicros('-1.25', { allowNegative: true });
    expect(r.ok && r.value).toBe(-1_250_000);
  });

  test('refuses values beyond the safe integer range', () => {
    expect(reason('9007199254.740992')).toBe('out_of_range');
    expect(micros('9007199254.740991')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('parseScaled and parseScaledRounded', () => {
  test('scales by any number of decimals', () => {
    const r = parseScaled('1.25', 2);
    expect(r.ok && r.value).toBe(125);
  });

  test('rounds excess precision by the named mode', () => {
    const long = '0.5843311669077693146635445446077281';
    const floor = parseScaledRounded(long, 6, 'floor');
    const even = parseScaledRounded('0.0000025', 6, 'half-even');
    const even2 = parseScaledRounded('0.0000035', 6, 'half-even');
    const ceil = parseScaledRounded('0.0000001', 6, 'ceil');
    expect(floor.ok && floor.value).toBe(584_331);
    expect(even.ok && even.value).toBe(2);
    expect(even2.ok && even2.value).toBe(4);
    expect(ceil.ok && ceil.value).toBe(1);
  });
});

describe('formatMicros', () => {
  test('formats micros back to the shortest exact decimal', () => {
    expect(formatMicros(530_000)).toBe('0.53');
    expect(formatMicros(1)).toBe('0.000001');
    expect(formatMicros(5_000_000)).toBe('5');
    expect(formatMicros(5_000_000, 2)).toBe('5.00');
    expect(formatMicros(-1_250_000)).toBe('-1.25');
    expect(formatMicros(0)).toBe('0');
  });

  test('round-trips every parsed value', () => {
    for (const s of ['0.53', '0.000001', '123456.789012', '1', '0.1']) {
      expect(formatMicros(micros(s))).toBe(s);
    }
  });
});
