/**
 * Issue 16 through HTTP: a bot stopped by its daily loss limit sells — risk-reducing — once its
 * owner asks (PUT /api/v1/bots/:id/allow-exits-while-stopped), never buys, and holds again when the
 * owner withdraws the permission. Real tick, real stores, paper execution, audited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Decision } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { createApiHarness, type ApiHarness } from './api-harness.ts';
import { errorOf, queryRows, signUp, type SignedIn } from './accounts-helpers.ts';
import { buyYes, createBot, createTicker, getJson, send, type Ticker, YES_TOKEN } from './bots-helpers.ts';

const sellYes = (sharesMicros: number): Decision => ({ kind: 'trade', side: 'sell', tokenId: YES_TOKEN, sharesMicros, limitPriceMicros: 10_000, reasoning: 'get out', confidencePerMille: 700 });

interface TradeJson {
  readonly side: string | null;
  readonly status: string;
}

for (const engine of testEngines()) {
  describe(`allowing exits while the daily loss limit stops a bot, over HTTP on ${engine}`, () => {
    let h: ApiHarness;
    let a: SignedIn;
    let ticker: Ticker;
    beforeAll(async () => {
      h = await createApiHarness(engine);
      // 08:00 UTC tomorrow: every tick of the test falls on one UTC day.
      const now = new Date();
      h.clock.set(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 8));
      a = await signUp(h, 'stopped-owner');
      ticker = createTicker(h);
    }, 300_000);
    afterAll(() => h.dispose(), 300_000);

    /** Executed trades' sides, oldest first (the trade log lists newest first). */
    const executed = async (botId: string) =>
      (await getJson<{ items: TradeJson[] }>(h, a.token, `/api/v1/bots/${botId}/trades`)).items
        .filter((t) => t.status === 'executed')
        .map((t) => t.side)
        .reverse();
    const yesShares = async (botId: string) => {
      const positions = await getJson<{ items: Array<{ tokenId: string; sharesMicros: number }> }>(h, a.token, `/api/v1/bots/${botId}/positions`);
      return positions.items.find((p) => p.tokenId === YES_TOKEN)?.sharesMicros ?? 0;
    };
    const allow = (botId: string, value: boolean) => send(h, a.token, 'PUT', `/api/v1/bots/${botId}/allow-exits-while-stopped`, { allow: value });

    test('the stopped bot sells when its owner allows exits, never buys, and holds again when withdrawn', async () => {
      // Buying 10 pUSD at 0.50 (2 % fee) marked at the 0.49 midpoint loses ~0.4 pUSD: over the 0.2 limit.
      const bot = await createBot(h, a.token, { risk: { dailyLossLimitMicros: 200_000 } });
      expect((await send(h, a.token, 'POST', `/api/v1/bots/${bot.id}/resume`)).status).toBe(200);

      const early = await allow(bot.id, true);
      expect(early.status).toBe(409);
      expect((await errorOf(early)).code).toBe('conflict');

      await ticker.tick(bot.id, buyYes(10_000_000));
      const held = await yesShares(bot.id);
      expect(held).toBeGreaterThan(0);
      expect(await executed(bot.id)).toEqual(['buy']);

      // Stopped, exits not allowed: a sell is not even asked for.
      await ticker.tick(bot.id, sellYes(held));
      expect(await executed(bot.id)).toEqual(['buy']);

      const allowed = await allow(bot.id, true);
      expect(allowed.status).toBe(200);
      const now = h.clock.now();
      const nextMidnight = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
      expect(await allowed.json()).toEqual({ botId: bot.id, utcDay: now.toISOString().slice(0, 10), exitsAllowed: true, resumesAt: nextMidnight.toISOString() });
      // The queued sell now goes through; a buy is held.
      await ticker.tick(bot.id);
      expect(await executed(bot.id)).toEqual(['buy', 'sell']);
      expect(await yesShares(bot.id)).toBe(0);
      await ticker.tick(bot.id, buyYes(5_000_000));
      expect(await executed(bot.id)).toEqual(['buy', 'sell']);
      const decisions = await getJson<{ items: Array<{ kind: string; holdCode: string | null }> }>(h, a.token, `/api/v1/bots/${bot.id}/decisions`);
      expect(decisions.items.filter((d) => d.holdCode === 'daily_loss_stopped')).toHaveLength(1);

      // Withdrawn: the bot holds again (a sell stays unasked).
      const withdrawn = await allow(bot.id, false);
      expect(withdrawn.status).toBe(200);
      expect(await withdrawn.json()).toMatchObject({ exitsAllowed: false });
      await ticker.tick(bot.id, buyYes(5_000_000));
      expect(await executed(bot.id)).toEqual(['buy', 'sell']);

      const actions = await queryRows<{ action: string; subject_id: string }>(h, `select action, subject_id from audit_events where subject_id = '${bot.id}' and action like 'bot.daily_loss%' order by occurred_at, action`);
      expect(actions.map((r) => r.action).sort()).toEqual(['bot.daily_loss_exits_allowed', 'bot.daily_loss_exits_disallowed', 'bot.daily_loss_stopped'].sort());
    }, 60_000);

    test('refuses a body that is not {allow: boolean} with 422, before touching the bot', async () => {
      const bot = await createBot(h, a.token);
      for (const body of [{}, { allow: 'yes' }, { allow: null }]) {
        const res = await send(h, a.token, 'PUT', `/api/v1/bots/${bot.id}/allow-exits-while-stopped`, body);
        expect({ body, status: res.status }).toEqual({ body, status: 422 });
      }
    });
  });
}
