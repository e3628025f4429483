import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { NotFoundError, ValidationError } from '@polymancer/core';
import { createBotStore, schema } from '@polymancer/db';
import { eq } from 'drizzle-orm';
import { LlmStrategyUnavailableError } from '@polymancer/strategies';
import { testEngines } from '../../../test/databases.ts';
import { CONDITION_A, CONDITION_B, createHarness, type Harness } from './harness.ts';

const validInput = {
  name: 'Fade the spikes',
  markets: [{ conditionId: CONDITION_A, tokenIds: ['111', '222'] }],
  strategy: { kind: 'mean-reversion', params: { windowSize: 5 } },
};

function issuesOf(error: unknown): Array<{ path: string; message: string }> {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details?.issues as Array<{ path: string; message: string }>;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

for (const engine of testEngines()) {
  describe(`bot service (${engine})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await createHarness(engine);
      await h.addUser('usr_alice');
      await h.addUser('usr_bob');
    });
    afterAll(() => h.testDb.dispose());

    test('creates a paused paper bot with the specification defaults and audits it', async () => {
      const bot = await h.bots.create('usr_alice', validInput);
      expect(bot.id.startsWith('bot_')).toBe(true);
      expect(bot.status).toBe('paused');
      expect(bot.type).toBe('paper');
      expect(bot.paperBalanceMicros).toBe(bot.startingBalanceMicros);
      expect(bot.startingBalanceMicros).toBe(1_000_000_000);
      expect(bot.intervalSecs).toBe(60);
      expect(bot.risk).toEqual({
        maxTradeSizeMicros: null,
        maxPositionPerMarketMicros: null,
        dailyLossLimitMicros: null,
        maxSlippageBps: null,
        maxPriceMovementBps: 100,
        maxMarketImpactBps: 1000,
      });
      expect(bot.feeModel).toEqual({ kind: 'flat', flatFeeBps: 200 });
      expect(bot.realism).toEqual({ enabled: false, artificialDelayMs: 200, staleBookMs: 0 });
      expect(bot.strategy.kind).toBe('mean-reversion');
      expect(bot.strategy.params).toMatchObject({ windowSize: 5, bandMicros: 20_000 });
      expect(await h.bots.get('usr_alice', bot.id)).toEqual(bot);
      expect(await h.auditActions()).toContain('bot.created');
    });

    test('refuses invalid fields with one issue per field path', async () => {
      const error = await failure(
        h.bots.create('usr_alice', {
          ...validInput,
          name: '',
          intervalSecs: 1,
          markets: [{ conditionId: 'nope', tokenIds: [] }],
          strategy: { kind: 'mean-reversion', params: { windowSize: 1 } },
          risk: { maxSlippageBps: -5, dailyLossLimitMicros: 1.5 },
          realism: { staleBookMs: 600_000 },
          feeModel: { kind: 'flat', flatFeeBps: 20_000 },
          colour: 'red',
        }),
      );
      const paths = issuesOf(error).map((i) => i.path);
      for (const path of [
        'name',
        'intervalSecs',
        'markets.0.conditionId',
        'markets.0.tokenIds',
        'strategy.params.windowSize',
        'risk.maxSlippageBps',
        'risk.dailyLossLimitMicros',
        'realism.staleBookMs',
        'feeModel.flatFeeBps',
      ]) {
        expect(paths).toContain(path);
      }
      expect(issuesOf(error).some((i) => i.message.includes('colour'))).toBe(true);
    });

    test('refuses an unknown strategy kind with a clear message', async () => {
      const issues = issuesOf(await failure(h.bots.create('usr_alice', { ...validInput, strategy: { kind: 'martingale' } })));
      expect(issues[0]?.path).toBe('strategy.kind');
      expect(issues[0]?.message).toContain('mean-reversion');
    });

    test('refuses an LLM bot when no OpenRouter key is configured', async () => {
      const error = await failure(h.bots.create('usr_alice', { ...validInput, strategy: { kind: 'llm', params: { model: 'openai/gpt-4o-mini' } } }));
      expect(error).toBeInstanceOf(LlmStrategyUnavailableError);
    });

    test('updates only the fields sent, merging risk and realism, and validates them', async () => {
      const bot = await h.bots.create('usr_alice', { ...validInput, risk: { dailyLossLimitMicros: 50_000_000 } });
      const updated = await h.bots.update('usr_alice', bot.id, {
        name: 'Renamed',
        risk: { maxSlippageBps: 150 },
        realism: { enabled: true },
        markets: [{ conditionId: CONDITION_B, tokenIds: ['333'] }],
      });
      expect(updated.name).toBe('Renamed');
      expect(updated.risk.maxSlippageBps).toBe(150);
      expect(updated.risk.dailyLossLimitMicros).toBe(50_000_000);
      expect(updated.realism).toEqual({ enabled: true, artificialDelayMs: 200, staleBookMs: 0 });
      expect(await h.bots.get('usr_alice', bot.id)).toEqual(updated);

      const issues = issuesOf(await failure(h.bots.update('usr_alice', bot.id, { intervalSecs: 10_000_000, risk: { maxMarketImpactBps: 20_000 } })));
      expect(issues.map((i) => i.path).sort()).toEqual(['intervalSecs', 'risk.maxMarketImpactBps']);
      expect(await h.auditActions()).toContain('bot.updated');
    });

    test('changes the starting balance, and the paper balance with it, only before the first trade', async () => {
      const bot = await h.bots.create('usr_alice', validInput);
      const raised = await h.bots.update('usr_alice', bot.id, { startingBalanceMicros: 5_000_000_000 });
      expect(raised.paperBalanceMicros).toBe(5_000_000_000);
      expect((await h.bots.get('usr_alice', bot.id)).paperBalanceMicros).toBe(5_000_000_000);
      await h.db.update(schema.bots).set({ firstPaperTradeAt: h.clock.now() }).where(eq(schema.bots.id, bot.id));
      const issues = issuesOf(await failure(h.bots.update('usr_alice', bot.id, { startingBalanceMicros: 1_000_000 })));
      expect(issues).toEqual([{ path: 'startingBalanceMicros', message: 'the starting balance cannot change once the bot has traded' }]);
      expect((await h.bots.get('usr_alice', bot.id)).paperBalanceMicros).toBe(5_000_000_000);
      // A first trade racing the update (the service read the bot before it): the store refuses.
      const store = createBotStore(h.db);
      expect(await store.update({ ...raised, startingBalanceMicros: 7, paperBalanceMicros: 7, version: raised.version + 1 }, { expectedVersion: raised.version, resetBalance: true })).toBe('already_traded');
      expect((await h.bots.get('usr_alice', bot.id)).paperBalanceMicros).toBe(5_000_000_000);
    });

    test('pauses, resumes and deletes, auditing each change', async () => {
      const bot = await h.bots.create('usr_alice', validInput);
      expect((await h.bots.resume('usr_alice', bot.id)).status).toBe('active');
      expect((await h.bots.pause('usr_alice', bot.id)).status).toBe('paused');
      await h.bots.delete('usr_alice', bot.id);
      expect(await failure(h.bots.get('usr_alice', bot.id))).toBeInstanceOf(NotFoundError);
      expect((await h.bots.list('usr_alice')).some((b) => b.id === bot.id)).toBe(false);
      const actions = await h.auditActions();
      for (const action of ['bot.resumed', 'bot.paused', 'bot.deleted']) expect(actions).toContain(action);
    });

    test("treats another user's bot as not found for every operation", async () => {
      const bot = await h.bots.create('usr_alice', validInput);
      for (const attempt of [
        () => h.bots.get('usr_bob', bot.id),
        () => h.bots.update('usr_bob', bot.id, { name: 'mine now' }),
        () => h.bots.pause('usr_bob', bot.id),
        () => h.bots.resume('usr_bob', bot.id),
        () => h.bots.delete('usr_bob', bot.id),
      ]) {
        expect(await failure(attempt())).toBeInstanceOf(NotFoundError);
      }
      expect(await h.bots.list('usr_bob')).toEqual([]);
      expect((await h.bots.get('usr_alice', bot.id)).name).toBe(validInput.name);
    });
  });
}
