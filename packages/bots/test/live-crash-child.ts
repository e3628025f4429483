/**
 * A worker process for the crash tests: runs ONE live tick of one bot against the local exchange
 * and a real Postgres, and at the fault point named by `POLYMANCER_LIVE_FAULT` prints
 * `REACHED <point>` and waits — the parent then SIGKILLs it. No sleeps: the parent reacts to the line.
 * Input (env): DATABASE_URL, SIM_URL, BOT_ID, TICK_KEY, NOW_MS, ACCOUNT (JSON: account + key + creds),
 * DECISION (JSON: the strategy's decision).
 */
import { ManualClock } from '@polymancer/core';
import { createLiveOrderStore, createTickStore, openDatabase } from '@polymancer/db';
import { createPolymarketLiveVenue, createPolymarketMarketData } from '@polymancer/polymarket';
import { builtInStrategies, type StrategySet } from '@polymancer/strategies';
import type { Hex } from 'viem';
import { createMarketDataCache, type LiveFaultPoint, paperExecution, runTick } from '../src/index.ts';
import { TestAccounts } from './live-harness.ts';
import { ScriptedStrategy } from './tick-harness.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const fault = process.env.POLYMANCER_LIVE_FAULT as LiveFaultPoint | undefined;
const handle = await openDatabase({ databaseUrl: env('DATABASE_URL'), poolMax: 2 });
const clock = new ManualClock(Number(env('NOW_MS')));
const { userId, account, key, creds } = JSON.parse(env('ACCOUNT')) as { userId: string; account: { credentialId: string; walletType: 0; signerAddress: string; funderAddress: string }; key: Hex; creds: { key: string; secret: string; passphrase: string } };
const accounts = new TestAccounts();
accounts.set(userId, account, key, creds);
const strategy = new ScriptedStrategy();
strategy.queue.push(JSON.parse(env('DECISION')));
const strategies: StrategySet = { ...builtInStrategies(), 'mean-reversion': strategy as unknown as StrategySet['mean-reversion'] };
const simUrl = env('SIM_URL');

const result = await runTick(
  {
    store: createTickStore(handle.db, clock),
    marketData: createMarketDataCache(createPolymarketMarketData({ clobUrl: simUrl, gammaUrl: `${simUrl}/gamma`, synthetic: true }), { clock }),
    strategies,
    execution: paperExecution,
    clock,
    live: {
      accounts,
      venue: createPolymarketLiveVenue({ clobUrl: simUrl }),
      orders: createLiveOrderStore(handle.db),
      faultHook: async (point) => {
        if (point !== fault) return;
        process.stdout.write(`REACHED ${point}\n`);
        setInterval(() => {}, 1 << 30); // keeps the process alive: the parent kills it here
        await new Promise<never>(() => {});
      },
    },
  },
  { botId: env('BOT_ID'), tickKey: env('TICK_KEY') },
  clock.now(),
);
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
await handle.close();
