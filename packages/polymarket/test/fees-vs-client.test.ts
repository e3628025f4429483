/**
 * Our integer `adjustBuyAmountForFees` against the official client's float version, over a grid.
 * Floats appear here only to read the client's answer; ours must never exceed it (fees rounded up)
 * and never trail it by more than 3 micros.
 */
import { describe, expect, test } from 'bun:test';
import { adjustBuyAmountForFees as clientAdjust } from '@polymarket/clob-client-v2';
import { adjustBuyAmountForFees, parseMicros } from '@polymancer/core';

const micros = (s: string): number => {
  const r = parseMicros(s);
  if (!r.ok) throw r.error;
  return r.value;
};

describe('adjustBuyAmountForFees matches clob-client-v2', () => {
  test('agrees with the client to within 3 micros, never above it, across amounts, prices, rates and balances', () => {
    let cases = 0;
    let adjusted = 0;
    for (const amount of ['1', '10', '100', '1234.56'])
      for (const price of ['0.01', '0.1', '0.5', '0.73', '0.99'])
        for (const balanceFactor of ['0.5', '1', '1.01', '2'])
          for (const rate of ['0', '0.03', '0.04', '0.072'])
            for (const exponent of [0, 1, 2])
              for (const builderBps of [0, 25])
                for (const slip of [0, 10]) {
                  const amountMicros = micros(amount);
                  const balanceMicros = Math.round((amountMicros * micros(balanceFactor)) / 1_000_000);
                  const ours = adjustBuyAmountForFees({
                    amountMicros,
                    priceMicros: micros(price),
                    balanceMicros,
                    schedule: { rateMicros: micros(rate), exponent },
                    builderTakerFeeBps: builderBps,
                    feeSlippagePercent: slip,
                  });
                  const theirs =
                    clientAdjust(Number(amount), Number(price), balanceMicros / 1e6, Number(rate), exponent, builderBps / 10_000, slip) * 1e6;
                  expect(ours).toBeLessThanOrEqual(theirs + 1e-3);
                  expect(theirs - ours).toBeLessThan(3 + 1e-3);
                  cases += 1;
                  if (ours !== amountMicros) adjusted += 1;
                }
    expect(cases).toBe(3840);
    expect(adjusted).toBeGreaterThan(1000);
  });
});
