import { describe, expect, test } from 'bun:test';
import { input, level, midpoints, now, token, YES } from '../test/fixtures.ts';
import type { Decision } from './decision.ts';
import type { LlmParams } from './params.ts';
import { builtInStrategies, runStrategy } from './run-strategy.ts';
import type { Strategy } from './strategy.ts';

const base = (({ params: _p, ...rest }) => rest)(input({}, [token({ midpoints: midpoints(500_000, 500_000) })]));
const llmConfig = { kind: 'llm' as const, params: { model: 'x/y' } as LlmParams };
const answering = (decision: Decision): Strategy<LlmParams> => ({ kind: 'llm', decide: async () => decision });
const usage = { inputTokens: 100, outputTokens: 20, costMicros: 42 };

describe('runStrategy', () => {
  test('runs the configured built-in strategy', async () => {
    const tokens = [token({ book: { bids: [], asks: [level(470_000, 100_000_000)] }, midpoints: midpoints(500_000, 500_000) })];
    const d = await runStrategy(builtInStrategies(), { kind: 'mean-reversion', params: { windowSize: 2, bandMicros: 20_000, orderAmountMicros: 10_000_000 } }, { ...base, tokens }, now);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy' });
  });

  test('holds when an LLM bot runs where no LLM strategy is configured', async () => {
    const d = await runStrategy(builtInStrategies(), llmConfig, base, now);
    expect(d).toMatchObject({ kind: 'hold', code: 'strategy_unavailable' });
  });

  test('turns a strategy that throws into a hold with the reason', async () => {
    const throwing: Strategy<LlmParams> = { kind: 'llm', decide: async () => { throw new Error('boom'); } };
    const d = await runStrategy(builtInStrategies(throwing), llmConfig, base, now);
    expect(d).toEqual({ kind: 'hold', code: 'strategy_error', reasoning: 'the llm strategy failed: boom' });
  });

  test('refuses a trade off the tick, keeping the usage it cost', async () => {
    const offTick: Decision = { kind: 'trade', side: 'buy', tokenId: YES, amountMicros: 1_000_000, limitPriceMicros: 505_000, confidencePerMille: 500, reasoning: 'x', usage };
    const d = await runStrategy(builtInStrategies(answering(offTick)), llmConfig, base, now);
    expect(d).toMatchObject({ kind: 'hold', code: 'strategy_error', usage });
    expect(d.reasoning).toContain('not on the tick');
  });

  test('refuses a sell of more shares than held and a token that is not watched', async () => {
    const sell: Decision = { kind: 'trade', side: 'sell', tokenId: YES, sharesMicros: 1_000_000, limitPriceMicros: 500_000, confidencePerMille: 500, reasoning: 'x' };
    expect((await runStrategy(builtInStrategies(answering(sell)), llmConfig, base, now)).reasoning).toContain('exceeds the 0 shares held');
    const other: Decision = { ...sell, tokenId: '123' };
    expect((await runStrategy(builtInStrategies(answering(other)), llmConfig, base, now)).reasoning).toContain('not watched');
  });

  test('passes a well-formed trade through unchanged', async () => {
    const buy: Decision = { kind: 'trade', side: 'buy', tokenId: YES, amountMicros: 1_000_000, limitPriceMicros: 500_000, confidencePerMille: 500, reasoning: 'x', usage };
    expect(await runStrategy(builtInStrategies(answering(buy)), llmConfig, base, now)).toEqual(buy);
  });
});
