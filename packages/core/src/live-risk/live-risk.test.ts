import { describe, expect, test } from 'bun:test';
import { checkCollateral } from './collateral.ts';
import { admitAgainstDailyLoss, worstCaseLossMicros } from './daily-loss-admission.ts';
import { checkGasBalance, WEI_PER_POL } from './gas-balance.ts';
import { type LiveCheckResult, runLiveChecks } from './live-check.ts';
import { checkNewLiveUserVolume, checkRolloutTradeCap, inFirstLiveMonth, rolloutPhase } from './rollout.ts';
import { slippageDifferential } from './slippage-differential.ts';

const codeOf = (r: LiveCheckResult) => (r.ok ? (r.warnings[0]?.code ?? 'ok') : r.code);
const DAY = 86_400_000;

describe('gas balance (wallets that pay gas)', () => {
  test('passes at 0.1 POL, warns just under it, blocks just under 0.01 POL', () => {
    expect(codeOf(checkGasBalance({ walletPaysGas: true, polBalanceWei: WEI_PER_POL / 10n }))).toBe('ok');
    const low = checkGasBalance({ walletPaysGas: true, polBalanceWei: WEI_PER_POL / 10n - 1n });
    expect(codeOf(low)).toBe('gas_low');
    expect(low.ok && low.warnings[0]?.message).toBe('the wallet holds 0.0999 POL, under 0.1 POL; top it up before trades are blocked at 0.01 POL');
    expect(codeOf(checkGasBalance({ walletPaysGas: true, polBalanceWei: WEI_PER_POL / 100n }))).toBe('gas_low');
    const blocked = checkGasBalance({ walletPaysGas: true, polBalanceWei: WEI_PER_POL / 100n - 1n });
    expect(codeOf(blocked)).toBe('gas_too_low');
    expect(!blocked.ok && blocked.reason).toBe('the wallet holds 0.0099 POL, under the 0.01 POL needed to pay gas; send POL to the wallet');
  });
  test('never blocks a gasless wallet (proxy, Safe, deposit wallet), even with no POL', () => {
    expect(codeOf(checkGasBalance({ walletPaysGas: false, polBalanceWei: 0n }))).toBe('ok');
  });
});

describe('pUSD balance and allowance for the trade', () => {
  const buy = { side: 'BUY' as const, costMicros: 5_100_000, exchangeName: 'CTF Exchange V2' };
  test('passes a buy the balance and allowance both cover (an unlimited allowance too)', () => {
    expect(codeOf(checkCollateral({ ...buy, balanceMicros: 5_100_000n, allowanceMicros: 2n ** 256n - 1n }))).toBe('ok');
  });
  test('trips on balance first, then on allowance, naming the fix', () => {
    const poor = checkCollateral({ ...buy, balanceMicros: 5_099_999n, allowanceMicros: 0n });
    expect(codeOf(poor)).toBe('insufficient_collateral_balance');
    expect(!poor.ok && poor.reason).toBe('the trade costs $5.1 but the wallet holds $5.099999 pUSD; deposit pUSD to the trading wallet');
    const unapproved = checkCollateral({ ...buy, balanceMicros: 10_000_000n, allowanceMicros: 5_099_999n });
    expect(codeOf(unapproved)).toBe('insufficient_collateral_allowance');
    expect(!unapproved.ok && unapproved.reason).toContain('approve pUSD to the CTF Exchange V2');
  });
  test('a sell spends no pUSD', () => {
    expect(codeOf(checkCollateral({ ...buy, side: 'SELL', balanceMicros: 0n, allowanceMicros: 0n }))).toBe('ok');
  });
});

describe('graduated rollout', () => {
  const start = new Date('2026-06-01T00:00:00Z');
  const at = (days: number) => new Date(start.getTime() + days * DAY);
  test('weeks 1–2: $1 max trade; weeks 3–4: $10; from week 5: full limits; none before the start', () => {
    expect(rolloutPhase(start, at(-0.001)).phase).toBe('not_started');
    expect(rolloutPhase(start, at(0))).toEqual({ phase: 'weeks_1_2', maxTradeMicros: 1_000_000 });
    expect(rolloutPhase(start, at(13.999))).toEqual({ phase: 'weeks_1_2', maxTradeMicros: 1_000_000 });
    expect(rolloutPhase(start, at(14))).toEqual({ phase: 'weeks_3_4', maxTradeMicros: 10_000_000 });
    expect(rolloutPhase(start, at(27.999))).toEqual({ phase: 'weeks_3_4', maxTradeMicros: 10_000_000 });
    expect(rolloutPhase(start, at(28))).toEqual({ phase: 'full', maxTradeMicros: null });
    expect(rolloutPhase(null, at(0))).toEqual({ phase: 'full', maxTradeMicros: null });
  });
  test('trips a $1.000001 trade in week 2 and a $10.000001 trade in week 4; passes both caps exactly', () => {
    expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 1_000_000 }, at(10)))).toBe('ok');
    const w2 = checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 1_000_001 }, at(10));
    expect(codeOf(w2)).toBe('rollout_trade_cap_exceeded');
    expect(!w2.ok && w2.reason).toBe("trade of $1.000001 exceeds the $1 maximum live trade during weeks 1–2 of the platform's graduated rollout");
    expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 10_000_000 }, at(20)))).toBe('ok');
    expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 10_000_001 }, at(20)))).toBe('rollout_trade_cap_exceeded');
    expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 500_000_000 }, at(28)))).toBe('ok');
    expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'BUY', tradeSizeMicros: 1 }, at(-1)))).toBe('rollout_trade_cap_exceeded');
  });
  test('never blocks a sell: a $500 sale in week 1, in week 3 and before the start all pass', () => {
    for (const day of [-1, 10, 20]) expect(codeOf(checkRolloutTradeCap({ rolloutStartedAt: start, side: 'SELL', tradeSizeMicros: 500_000_000 }, at(day)))).toBe('ok');
  });
});

describe("a user's first live month", () => {
  const firstLiveAt = new Date('2026-06-01T12:00:00Z');
  const at = (days: number) => new Date(firstLiveAt.getTime() + days * DAY);
  test('caps live volume at $100 per UTC day for 30 days', () => {
    expect(codeOf(checkNewLiveUserVolume({ firstLiveAt, volumeTodayMicros: 90_000_000, side: 'BUY', tradeSizeMicros: 10_000_000 }, at(29)))).toBe('ok');
    const over = checkNewLiveUserVolume({ firstLiveAt, volumeTodayMicros: 90_000_000, side: 'BUY', tradeSizeMicros: 10_000_001 }, at(29));
    expect(codeOf(over)).toBe('new_live_user_daily_volume_cap_exceeded');
    expect(!over.ok && over.reason).toBe("today's live volume would reach $100.000001, over the $100 a day allowed in a user's first 30 days of live trading");
    expect(codeOf(checkNewLiveUserVolume({ firstLiveAt: null, volumeTodayMicros: 0, side: 'BUY', tradeSizeMicros: 100_000_001 }, at(0)))).toBe('new_live_user_daily_volume_cap_exceeded');
  });
  test('never blocks a sell, even past $100 already traded today', () => {
    expect(codeOf(checkNewLiveUserVolume({ firstLiveAt, volumeTodayMicros: 100_000_000, side: 'SELL', tradeSizeMicros: 50_000_000 }, at(1)))).toBe('ok');
    expect(codeOf(checkNewLiveUserVolume({ firstLiveAt: null, volumeTodayMicros: 0, side: 'SELL', tradeSizeMicros: 100_000_001 }, at(0)))).toBe('ok');
  });
  test('full limits once 30 days have passed', () => {
    expect(inFirstLiveMonth(firstLiveAt, at(29.999))).toBe(true);
    expect(inFirstLiveMonth(firstLiveAt, at(30))).toBe(false);
    expect(codeOf(checkNewLiveUserVolume({ firstLiveAt, volumeTodayMicros: 5_000_000_000, side: 'BUY', tradeSizeMicros: 1_000_000_000 }, at(30)))).toBe('ok');
  });
});

describe('slippage differential', () => {
  const samples = (pairs: [number, number][]) => pairs.map(([predictedBps, actualBps]) => ({ predictedBps, actualBps }));
  test('alerts when live slippage exceeds predicted by more than 1 pp on average, and suggests a tighter limit', () => {
    // excesses 100, 120, 90, 110, 85 → total 505 / 5 = 101 bps
    const r = slippageDifferential(samples([[10, 110], [20, 140], [0, 90], [30, 140], [5, 90]]), 300);
    expect(r).toEqual({ samples: 5, meanExcessBps: 101, alert: true, suggestedMaxSlippageBps: 199 });
  });
  test('does not alert at exactly 1 pp, nor on too few trades; rounds the mean against the user', () => {
    expect(slippageDifferential(samples([[0, 100], [0, 100], [0, 100], [0, 100], [0, 100]]), 300).alert).toBe(false);
    expect(slippageDifferential(samples([[0, 500], [0, 500]]), 300)).toMatchObject({ alert: false, meanExcessBps: 500 });
    expect(slippageDifferential(samples([[0, 1], [0, 0]]), 300).meanExcessBps).toBe(1);
  });
  test('suggests from 5 % when the bot has no slippage limit, never below zero', () => {
    const big = samples(Array.from({ length: 5 }, () => [0, 800] as [number, number]));
    expect(slippageDifferential(big, null).suggestedMaxSlippageBps).toBe(0);
    const mid = samples(Array.from({ length: 5 }, () => [0, 150] as [number, number]));
    expect(slippageDifferential(mid, null).suggestedMaxSlippageBps).toBe(350);
  });
});

describe('daily loss admission', () => {
  const base = { limitMicros: 10_000_000, lossMicros: 0, inFlightWorstMicros: 0, side: 'BUY' as const };
  test('admits while recorded loss plus in-flight worst case is under the limit', () => {
    expect(codeOf(admitAgainstDailyLoss({ ...base, lossMicros: 4_000_000, inFlightWorstMicros: 5_999_999 }))).toBe('ok');
  });
  test('refuses once loss plus in-flight reaches the limit, naming both', () => {
    const r = admitAgainstDailyLoss({ ...base, lossMicros: 4_000_000, inFlightWorstMicros: 6_000_000 });
    expect(codeOf(r)).toBe('daily_loss_limit_reached');
    expect(!r.ok && r.reason).toBe("today's loss of $4 with $6 at risk in open orders has reached the daily loss limit of $10; live buying resumes tomorrow (UTC)");
  });
  test('never blocks a sell; no limit = no block; a gain counts as no loss', () => {
    expect(codeOf(admitAgainstDailyLoss({ ...base, side: 'SELL', lossMicros: 50_000_000 }))).toBe('ok');
    expect(codeOf(admitAgainstDailyLoss({ ...base, limitMicros: null, lossMicros: 50_000_000 }))).toBe('ok');
    expect(codeOf(admitAgainstDailyLoss({ ...base, lossMicros: -50_000_000, inFlightWorstMicros: 9_999_999 }))).toBe('ok');
    expect(worstCaseLossMicros('BUY', 3)).toBe(3);
    expect(worstCaseLossMicros('SELL', 3)).toBe(0);
  });
});

describe('runLiveChecks', () => {
  test('returns the first failure, else every warning', () => {
    const warn = checkGasBalance({ walletPaysGas: true, polBalanceWei: WEI_PER_POL / 20n });
    const fail = checkGasBalance({ walletPaysGas: true, polBalanceWei: 0n });
    expect(runLiveChecks([warn, warn])).toMatchObject({ ok: true, warnings: [{ code: 'gas_low' }, { code: 'gas_low' }] });
    expect(codeOf(runLiveChecks([warn, fail]))).toBe('gas_too_low');
  });
});
