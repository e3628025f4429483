import { describe, expect, test } from 'bun:test';
import { bookOf } from '../book/book-fixture.ts';
import type { Result } from '../result.ts';
import { marketCostBasisMicros } from './exposure.ts';
import { unrealizedAtMidpointMicros } from './mark.ts';
import {
  applyFill,
  averageEntryPriceMicros,
  emptyPosition,
  type Position,
  type PositionChange,
  type PositionError,
  settleResolved,
  unrealizedPnlMicros,
} from './position.ts';

function changed(r: Result<PositionChange, PositionError>): PositionChange {
  if (!r.ok) throw new Error(r.error.reason);
  return r.value;
}

// buy 100 @ 0.40 (fee 0.80), buy 50 @ 0.52 (fee 0.52), sell 60 @ 0.60 (fee 0.72)
function scenario() {
  const b1 = changed(applyFill(emptyPosition('yes'), { side: 'BUY', sharesMicros: 100_000_000, notionalMicros: 40_000_000, feeMicros: 800_000 }));
  const b2 = changed(applyFill(b1.position, { side: 'BUY', sharesMicros: 50_000_000, notionalMicros: 26_000_000, feeMicros: 520_000 }));
  const s1 = changed(applyFill(b2.position, { side: 'SELL', sharesMicros: 60_000_000, notionalMicros: 36_000_000, feeMicros: 720_000 }));
  return { b1, b2, s1 };
}

describe('positions', () => {
  test('a buy adds shares and cost including the fee, with the average entry', () => {
    const { b1, b2 } = scenario();
    expect(b1.cashDeltaMicros).toBe(-40_800_000);
    expect(b1.realizedPnlMicros).toBe(0);
    expect(averageEntryPriceMicros(b1.position)).toBe(408_000);
    expect(b2.position.sharesMicros).toBe(150_000_000);
    expect(b2.position.costBasisMicros).toBe(67_320_000);
    expect(averageEntryPriceMicros(b2.position)).toBe(448_800); // 67.32 / 150
  });

  test('a partial sell realizes proceeds net of fee minus the proportional cost', () => {
    const { s1 } = scenario();
    // cost removed 67.32 × 60/150 = 26.928; proceeds 36 − 0.72 = 35.28
    expect(s1.cashDeltaMicros).toBe(35_280_000);
    expect(s1.realizedPnlMicros).toBe(8_352_000);
    expect(s1.position.sharesMicros).toBe(90_000_000);
    expect(s1.position.costBasisMicros).toBe(40_392_000);
    expect(averageEntryPriceMicros(s1.position)).toBe(448_800);
    expect(s1.position.feesPaidMicros).toBe(2_040_000);
  });

  test('marks unrealized P&L at a price and at the book midpoint', () => {
    const { s1 } = scenario();
    expect(unrealizedPnlMicros(s1.position, 550_000)).toBe(9_108_000); // 90 × 0.55 − 40.392
    const book = bookOf({ bids: [['0.54', '10']], asks: [['0.56', '10']] });
    expect(unrealizedAtMidpointMicros(s1.position, book)).toBe(9_108_000);
    expect(unrealizedAtMidpointMicros(s1.position, bookOf({ bids: [['0.54', '10']] }))).toBeUndefined();
  });

  test('settles a winner at one dollar a share and a loser at zero, reconciling cash with realized P&L', () => {
    const { b1, b2, s1 } = scenario();
    const win = settleResolved(s1.position, true);
    expect(win.cashDeltaMicros).toBe(90_000_000);
    expect(win.realizedPnlMicros).toBe(49_608_000);
    expect(win.position.sharesMicros).toBe(0);
    expect(win.position.costBasisMicros).toBe(0);
    const cash = b1.cashDeltaMicros + b2.cashDeltaMicros + s1.cashDeltaMicros + win.cashDeltaMicros;
    expect(cash).toBe(win.position.realizedPnlMicros);
    expect(cash).toBe(57_960_000);

    const lose = settleResolved(s1.position, false);
    expect(lose.cashDeltaMicros).toBe(0);
    expect(lose.realizedPnlMicros).toBe(-40_392_000);
    expect(lose.position.realizedPnlMicros).toBe(8_352_000 - 40_392_000);
  });

  test('selling everything removes the whole cost basis with no rounding residue', () => {
    let p: Position = changed(applyFill(emptyPosition('t'), { side: 'BUY', sharesMicros: 3, notionalMicros: 10, feeMicros: 0 })).position;
    const part = changed(applyFill(p, { side: 'SELL', sharesMicros: 1, notionalMicros: 4, feeMicros: 0 }));
    expect(part.position.costBasisMicros).toBe(7); // 10 × 1/3 = 3.33 → 3 removed
    p = part.position;
    const rest = changed(applyFill(p, { side: 'SELL', sharesMicros: 2, notionalMicros: 6, feeMicros: 0 }));
    expect(rest.position.costBasisMicros).toBe(0);
    expect(part.realizedPnlMicros + rest.realizedPnlMicros).toBe(0);
  });

  test('refuses to sell more than is held or to apply an empty fill', () => {
    const { s1 } = scenario();
    const r = applyFill(s1.position, { side: 'SELL', sharesMicros: 90_000_001, notionalMicros: 1, feeMicros: 0 });
    expect(!r.ok && r.error.code).toBe('insufficient_position');
    const z = applyFill(s1.position, { side: 'BUY', sharesMicros: 0, notionalMicros: 0, feeMicros: 0 });
    expect(!z.ok && z.error.code).toBe('invalid_fill');
  });
});

describe('market exposure', () => {
  test('sums cost basis over the market’s tokens only', () => {
    const yes = { ...emptyPosition('yes'), costBasisMicros: 3_000_000 };
    const no = { ...emptyPosition('no'), costBasisMicros: 2_000_000 };
    const other = { ...emptyPosition('other'), costBasisMicros: 9_000_000 };
    expect(marketCostBasisMicros([yes, no, other], ['yes', 'no'])).toBe(5_000_000);
  });
});
