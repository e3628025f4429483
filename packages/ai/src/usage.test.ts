import { describe, expect, test } from 'bun:test';
import { llmParamsSchema } from '@polymancer/strategies';
import { decisionUsage, usdToMicrosCeil } from './usage.ts';

const params = llmParamsSchema.parse({ model: 'a/b' });

describe('usdToMicrosCeil', () => {
  test('converts provider-reported dollars to micros, rounding up', () => {
    expect(usdToMicrosCeil(0.00123)).toBe(1_230);
    expect(usdToMicrosCeil(0.000001)).toBe(1);
    expect(usdToMicrosCeil(1.5e-7)).toBe(1);
    expect(usdToMicrosCeil(0)).toBe(0);
    expect(usdToMicrosCeil(2.5)).toBe(2_500_000);
  });

  test('refuses values that cannot be a cost', () => {
    expect(usdToMicrosCeil(Number.NaN)).toBeUndefined();
    expect(usdToMicrosCeil(-1)).toBeUndefined();
    expect(usdToMicrosCeil(Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('decisionUsage', () => {
  test('prefers the provider cost over price parameters', () => {
    const p = { ...params, inputPriceMicrosPerMillionTokens: 1_000_000 };
    expect(decisionUsage({ inputTokens: 10, outputTokens: 5, providerCostUsd: 0.00002 }, p)).toEqual({ inputTokens: 10, outputTokens: 5, costMicros: 20, costSource: 'provider' });
  });

  test('prices from per-million-token parameters when the provider gives no cost', () => {
    const p = { ...params, inputPriceMicrosPerMillionTokens: 3_000_000, outputPriceMicrosPerMillionTokens: 15_000_000 };
    // 1000 × 3 + 200 × 15 = 6000 micros
    expect(decisionUsage({ inputTokens: 1_000, outputTokens: 200, providerCostUsd: undefined }, p)).toEqual({
      inputTokens: 1_000,
      outputTokens: 200,
      costMicros: 6_000,
      costSource: 'price-params',
    });
  });

  test('records zero cost with source none when nothing prices the call', () => {
    expect(decisionUsage({ inputTokens: 1, outputTokens: 1, providerCostUsd: undefined }, params)).toMatchObject({ costMicros: 0, costSource: 'none' });
  });
});
