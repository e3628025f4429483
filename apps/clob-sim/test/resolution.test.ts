import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { admin, emptyMarket, startSim, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startSim({ marketMakers: false });
}, 60_000);
afterAll(() => h.stop());

type GammaMarket = { closed: boolean; outcomePrices: string; umaResolutionStatus?: string };
const gamma = async (conditionId: string): Promise<GammaMarket> => ((await (await fetch(`${h.sim.url}/gamma/markets?condition_ids=${conditionId}`)).json()) as GammaMarket[])[0]!;

describe('resolving a market at payouts per outcome', () => {
  test('a market resolved "invalid" shows 50/50 payouts on Gamma and redeems each share for half a dollar', async () => {
    const m = await emptyMarket(h.sim);
    const holder = privateKeyToAccount(generatePrivateKey()).address;
    await admin(h.sim, `/_sim/wallets/${holder}`, { tokens: { [m.yes]: '10000000', [m.no]: '3000001' } });
    const resolved = await admin(h.sim, `/_sim/markets/${m.conditionId}/resolve`, { invalid: true });
    expect(resolved.status).toBe(200);
    expect(resolved.json.tokens.map((t: { winner: boolean }) => t.winner)).toEqual([false, false]);
    expect(await gamma(m.conditionId)).toMatchObject({ closed: true, outcomePrices: '["0.5", "0.5"]', umaResolutionStatus: 'resolved' });
    const redeemed = await admin(h.sim, `/_sim/wallets/${holder}/redeem`, { conditionId: m.conditionId });
    // 10 × 0.5 + 3.000001 × 0.5 rounded down to the micro per outcome.
    expect(redeemed.json.redeemed).toBe(String(5_000_000 + 1_500_000));
  }, 120_000);

  test('a split resolution shows its payouts and a winner still shows 1/0', async () => {
    const split = await emptyMarket(h.sim);
    expect((await admin(h.sim, `/_sim/markets/${split.conditionId}/resolve`, { payouts: { [split.yes]: '0.25', [split.no]: '0.75' } })).status).toBe(200);
    expect((await gamma(split.conditionId)).outcomePrices).toBe('["0.25", "0.75"]');
    const won = await emptyMarket(h.sim);
    const answer = await admin(h.sim, `/_sim/markets/${won.conditionId}/resolve`, { winner: won.no });
    expect(answer.json.tokens.map((t: { winner: boolean }) => t.winner)).toEqual([false, true]);
    expect((await gamma(won.conditionId)).outcomePrices).toBe('["0", "1"]');
  }, 120_000);

  test('payouts that do not sum to one, unknown tokens, bad numbers and a second resolution are refused', async () => {
    const m = await emptyMarket(h.sim);
    const path = `/_sim/markets/${m.conditionId}/resolve`;
    expect(await admin(h.sim, path, { payouts: { [m.yes]: '0.5', [m.no]: '0.4' } })).toEqual({ status: 400, json: { error: 'payouts must sum to 1' } });
    expect((await admin(h.sim, path, { payouts: { '123': '1' } })).status).toBe(400);
    expect((await admin(h.sim, path, { payouts: { [m.yes]: 0.5, [m.no]: '0.5' } })).status).toBe(400);
    expect((await admin(h.sim, path, { payouts: { [m.yes]: '1.5' } })).status).toBe(400);
    expect((await admin(h.sim, path, {})).status).toBe(400);
    expect((await admin(h.sim, path, { winner: m.yes })).status).toBe(200);
    expect((await admin(h.sim, path, { winner: m.no })).status).toBe(409);
  }, 120_000);
});
