/**
 * Crash tests of the live order path: a real child process runs a live tick against the local
 * exchange (over HTTP) and the shared Postgres, and is SIGKILLed at each dangerous point — after
 * signing, after committing `submitting`, after posting, before recording the answer. Then the
 * "restarted" worker (this process) runs what a restart runs — the job's retry of the same tick,
 * reconciliation, the next tick — and there is exactly one order at the exchange, exactly one
 * executed trade record, and no signed order was posted twice.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createBotQueryStore, createBotStore, createTickStore, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { privateKeyToAccount } from 'viem/accounts';
import { repoRoot } from '../../../test/processes.ts';
import { createBotQueries, type LiveFaultPoint, reconcileLiveOrders, runTick } from '../src/index.ts';
import { admin, liveBot, type LiveHarness, market, restingSell, startLive, TEST_KEYS, trader, type Trader } from './live-harness.ts';

const POINTS: readonly LiveFaultPoint[] = ['after_sign', 'after_submitting', 'after_post', 'before_record'];

/** Runs the child until it prints `REACHED <point>`, then SIGKILLs it. */
function runChildUntil(point: LiveFaultPoint, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'packages/bots/test/live-crash-child.ts')], {
      cwd: repoRoot,
      env: { ...process.env, ...env, POLYMANCER_LIVE_FAULT: point },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let killed = false;
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!killed && out.includes(`REACHED ${point}`)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => (killed && signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child exited (${code}, ${signal}) without reaching ${point}:\n${out}`))));
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('live order crash safety (child process SIGKILLed, postgres)', () => {
  let h: LiveHarness;
  let me: Trader;
  let maker: Trader;
  const botKey = TEST_KEYS[1]!;
  const botAddress = privateKeyToAccount(botKey).address;

  beforeAll(async () => {
    h = await startLive('postgres');
    me = await trader(h.sim, botKey);
    maker = await trader(h.sim, TEST_KEYS[2]!);
  }, 120_000); // starts a local exchange (and a database): slow on a loaded machine
  afterAll(async () => {
    await h.stop();
  });

  for (const [i, point] of POINTS.entries()) {
    test(`killed ${point.replace('_', ' ')}: on restart one order at the exchange, one trade record, nothing re-posted`, async () => {
      const userId = `usr_crash_${i}`;
      const account = { credentialId: `cred_crash_${i}`, walletType: 0 as const, signerAddress: botAddress, funderAddress: botAddress };
      h.accounts.set(userId, account, botKey, me.creds);
      await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: '100000000', tokens: {} });
      const m = await market(h.sim, 'binary');
      await restingSell(h.sim, maker, m.yes, 0.5, 500);
      const botId = await liveBot(h, userId, m.conditionId, [m.yes]);
      const decision = { kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'crash test buy' };

      const out = await runChildUntil(point, {
        DATABASE_URL: h.testDb.url ?? '',
        SIM_URL: h.sim.url,
        BOT_ID: botId,
        TICK_KEY: 'slot-1',
        NOW_MS: String(h.clock.now().getTime()),
        ACCOUNT: JSON.stringify({ userId, account, key: botKey, creds: me.creds }),
        DECISION: JSON.stringify(decision),
      });
      expect(out).toContain(`REACHED ${point}`);
      const ordersAtCrash = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      expect(ordersAtCrash.map((o) => o.status)).toEqual(point === 'after_sign' ? [] : ['submitting']);
      const abandonedHash = ordersAtCrash[0]?.orderHash;

      // The restart: the job retries the same tick, reconciliation runs (after its grace period),
      // and the bot's next ticks run. The strategy would buy again whenever it is asked.
      // The grace before an order the exchange does not know is declared not found (a post may be in flight).
      const deps = h.deps({ notFoundGraceMs: 5_000 });
      const retry = () => h.strategy.queue.splice(0, h.strategy.queue.length, decision as never);
      retry();
      const again = await runTick(deps, { botId, tickKey: 'slot-1' }, h.clock.now());
      expect(again.status).toBe(point === 'after_sign' ? 'completed' : 'duplicate');
      h.clock.advance(5_000);
      await reconcileLiveOrders({ store: deps.store, clock: h.clock, marketData: deps.marketData }, deps.live, h.clock.now());
      // A bot whose order filled holds a position: its strategy (asked again) is told to hold now.
      const [position] = await h.db.select().from(schema.botPositions).where(eq(schema.botPositions.botId, botId));
      h.strategy.queue.splice(0, h.strategy.queue.length);
      if ((position?.sharesMicros ?? 0) === 0) retry();
      await runTick(deps, { botId, tickKey: 'slot-2' }, h.clock.now());
      await runTick(deps, { botId, tickKey: 'slot-3' }, h.clock.now());

      const orders = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
      const matched = orders.filter((o) => o.status === 'matched');
      expect(matched).toHaveLength(1);
      const trades = await h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
      expect(trades.filter((t) => t.status === 'executed')).toHaveLength(1);
      expect(trades.filter((t) => t.status === 'executed')[0]?.orderId).toBe(matched[0]?.orderHash);
      // The exchange saw exactly one taker order from this bot in this market, and it is the matched one.
      const exchangeTrades = (await me.client.getTrades({ market: m.conditionId } as never)) as unknown as Array<{ taker_order_id: string }>;
      const takerOrders = new Set(exchangeTrades.map((t) => t.taker_order_id.toLowerCase()));
      expect([...takerOrders]).toEqual([String(matched[0]?.orderHash).toLowerCase()]);
      expect(orders.every((o) => o.status !== 'submitting' && o.status !== 'outcome_unknown')).toBe(true);
      if (point === 'after_submitting') {
        // Committed but never posted: settled as not found, never posted afterwards.
        expect(orders.find((o) => o.orderHash === abandonedHash)).toMatchObject({ status: 'not_found', settledBy: 'reconciliation' });
        expect(takerOrders.has(String(abandonedHash).toLowerCase())).toBe(false);
        expect(orders).toHaveLength(2);
      } else if (point === 'after_post' || point === 'before_record') {
        // Posted and matched, then the process died: reconciliation recorded the exchange's fill.
        expect(matched[0]).toMatchObject({ orderHash: abandonedHash, settledBy: 'reconciliation', filledSharesMicros: 20_000_000 });
        expect(orders).toHaveLength(1);
      } else {
        expect(orders).toHaveLength(1);
        expect(matched[0]?.settledBy).toBe('post');
      }
    });
  }

  test('shadow mode, killed before recording: one minimum-size order at the exchange, one paper leg, one pair; the retry adds nothing', async () => {
    const userId = 'usr_crash_shadow';
    const account = { credentialId: 'cred_crash_shadow', walletType: 0 as const, signerAddress: botAddress, funderAddress: botAddress };
    h.accounts.set(userId, account, botKey, me.creds);
    await admin(h.sim, `/_sim/wallets/${botAddress}`, { collateral: '100000000', tokens: {} });
    const m = await market(h.sim, 'binary');
    await restingSell(h.sim, maker, m.yes, 0.5, 500);
    const botId = await liveBot(h, userId, m.conditionId, [m.yes]);
    await h.db.update(schema.bots).set({ shadowMode: true }).where(eq(schema.bots.id, botId));
    const decision = { kind: 'trade', side: 'buy', tokenId: m.yes, amountMicros: 10_000_000, limitPriceMicros: 600_000, confidencePerMille: 900, reasoning: 'shadow crash test buy' };
    const out = await runChildUntil('before_record', {
      DATABASE_URL: h.testDb.url ?? '',
      SIM_URL: h.sim.url,
      BOT_ID: botId,
      TICK_KEY: 'slot-1',
      NOW_MS: String(h.clock.now().getTime()),
      ACCOUNT: JSON.stringify({ userId, account, key: botKey, creds: me.creds }),
      DECISION: JSON.stringify(decision),
    });
    expect(out).toContain('REACHED before_record');
    const pairsOf = () => h.db.select().from(schema.shadowPairs).where(eq(schema.shadowPairs.botId, botId));
    const tradesOf = () => h.db.select().from(schema.tradeLogs).where(eq(schema.tradeLogs.botId, botId));
    // The pair and the paper leg were committed with the `submitting` order, before the post.
    expect((await pairsOf()).map((p) => p.answeredAt)).toEqual([null]);
    expect((await tradesOf()).map((t) => [t.type, t.status])).toEqual([['paper', 'executed']]);

    const deps = h.deps({ notFoundGraceMs: 5_000 });
    h.strategy.queue.splice(0, h.strategy.queue.length, decision as never);
    expect((await runTick(deps, { botId, tickKey: 'slot-1' }, h.clock.now())).status).toBe('duplicate');
    h.strategy.queue.splice(0, h.strategy.queue.length);
    h.clock.advance(5_000);
    await reconcileLiveOrders({ store: deps.store, clock: h.clock, marketData: deps.marketData }, deps.live, h.clock.now());

    const orders = await h.db.select().from(schema.liveOrders).where(eq(schema.liveOrders.botId, botId));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'matched', settledBy: 'reconciliation', makerAmountMicros: 2_500_000, filledSharesMicros: 5_000_000 });
    const trades = await tradesOf();
    expect(trades.map((t) => [t.type, t.status, t.sharesMicros]).sort()).toEqual([
      ['live', 'executed', 5_000_000],
      ['paper', 'executed', 20_000_000],
    ]);
    const pairs = await pairsOf();
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ liveOrderId: orders[0]?.id, answeredAt: null });
    // Only reconciliation learned the outcome: no post latency for this pair.
    const queries = createBotQueries({ bots: createBotStore(h.db), queries: createBotQueryStore(h.db), ticks: createTickStore(h.db, h.clock), clock: h.clock });
    expect(await queries.shadowReport(userId, botId)).toMatchObject({ decisions: 1, liveFilled: 1, paperFilled: 1, livePending: 0, latency: { answered: 0, signedToAnswerP50Ms: null } });
  });
});
