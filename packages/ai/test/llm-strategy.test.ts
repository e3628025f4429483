import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { type LlmParams, llmParamsSchema, type StrategyInput } from '@polymancer/strategies';
import { createLlmStrategy, llmStrategyAvailable } from '../src/index.ts';
import { type ChatCompletionsServer, startChatCompletionsServer } from './chat-completions-server.ts';

const YES = '71321045679252212594626385532706912750332728571942532289631379312455583992563';
const NO = '52114319501245915516055106046884209969926127482827954674443846427813813222426';
const now = new Date('2026-11-26T03:00:00.000Z');

function input(overrides: Partial<LlmParams> = {}): StrategyInput<LlmParams> {
  return {
    market: {
      question: 'Will it rain in Lisbon on 1 December?',
      outcomes: [
        { tokenId: YES, outcome: 'Yes' },
        { tokenId: NO, outcome: 'No' },
      ],
      tickSizeMicros: 10_000,
      minOrderSizeMicros: 5_000_000,
    },
    tokens: [
      {
        tokenId: YES,
        outcome: 'Yes',
        book: { bids: [{ priceMicros: 520_000, sizeMicros: 150_000_000 }], asks: [{ priceMicros: 540_000, sizeMicros: 80_000_000 }] },
        midpoints: [{ at: new Date('2026-11-26T02:59:00Z'), priceMicros: 525_000 }],
        trades: [{ priceMicros: 530_000, sizeMicros: 10_000_000, side: 'buy', at: new Date('2026-11-26T02:59:30Z') }],
        position: { sharesMicros: 25_500_000, avgEntryPriceMicros: 410_000 },
      },
      {
        tokenId: NO,
        outcome: 'No',
        book: { bids: [{ priceMicros: 460_000, sizeMicros: 80_000_000 }], asks: [{ priceMicros: 480_000, sizeMicros: 150_000_000 }] },
        midpoints: [],
        trades: [],
        position: { sharesMicros: 0, avgEntryPriceMicros: 0 },
      },
    ],
    balanceMicros: 250_000_000,
    params: llmParamsSchema.parse({ model: 'openai/gpt-4o-mini', temperature: 0.3, ...overrides }),
  };
}

/** A chat message's content: a string, or an array of `{ type: 'text', text }` parts. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : '')).join('');
  return '';
}

const answer = (fields: Record<string, unknown>) =>
  JSON.stringify({ action: 'buy', token: 'Yes', amount: '12.5', limitPrice: '0.55', reasoning: 'Rain is likely.', confidence: 70, ...fields });

let server: ChatCompletionsServer;
beforeAll(() => {
  server = startChatCompletionsServer();
});
afterEach(() => {
  server.releaseAll();
  server.requests.length = 0;
});
afterAll(async () => {
  await server.stop();
});

const strategy = () => createLlmStrategy({ apiKey: 'sk-or-test', baseUrl: server.baseUrl });

describe('LLM strategy against a local chat-completions server', () => {
  test('turns a valid answer into a trade intent with tokens and provider cost recorded', async () => {
    server.reply({ kind: 'content', content: answer({}), usage: { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876, cost: 0.00123 } });
    const d = await strategy().decide(input(), now);
    expect(d).toEqual({
      kind: 'trade',
      side: 'buy',
      tokenId: YES,
      amountMicros: 12_500_000,
      limitPriceMicros: 550_000,
      confidencePerMille: 700,
      reasoning: 'Rain is likely.',
      usage: { inputTokens: 812, outputTokens: 64, costMicros: 1_230, costSource: 'provider' },
    });
  });

  test('sends the question, outcomes, prices, book, position and balance to the model with the bot settings', async () => {
    server.reply({ kind: 'content', content: answer({ action: 'hold', token: null, amount: null, limitPrice: null }) });
    await strategy().decide(input(), now);
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.path).toBe('/api/v1/chat/completions');
    expect(request?.headers['authorization']).toBe('Bearer sk-or-test');
    const body = request?.body as { model: string; temperature: number; response_format: { type: string }; usage: unknown; messages: { role: string; content: unknown }[] };
    expect(body.model).toBe('openai/gpt-4o-mini');
    expect(body.temperature).toBe(0.3);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.usage).toEqual({ include: true });
    expect(textOf(body.messages.find((m) => m.role === 'system')?.content)).toContain('fill-or-kill');
    const prompt = textOf(body.messages.find((m) => m.role === 'user')?.content);
    expect(prompt).toContain('Will it rain in Lisbon on 1 December?');
    expect(prompt).toContain(`Yes → ${YES}`);
    expect(prompt).toContain(`No → ${NO}`);
    expect(prompt).toContain('Yes: best bid 0.52, best ask 0.54, midpoint 0.53, last trade 0.53');
    expect(prompt).toContain('asks 0.54 × 80');
    expect(prompt).toContain('Yes: 25.5 shares at an average entry of 0.41');
    expect(prompt).toContain('No: no shares');
    expect(prompt).toContain('Available balance: 250 pUSD');
  });

  test('fills a custom prompt template', async () => {
    server.reply({ kind: 'content', content: answer({ action: 'hold', token: null, amount: null, limitPrice: null }) });
    await strategy().decide(input({ promptTemplate: 'Q={{question}} B={{ balance }} T={{tickSize}}' }), now);
    const body = server.requests[0]?.body as { messages: { role: string; content: string }[] };
    expect(textOf(body.messages.find((m) => m.role === 'user')?.content)).toBe('Q=Will it rain in Lisbon on 1 December? B=250 T=0.01');
  });

  test('turns a sell answer naming the token id into a sell of shares', async () => {
    server.reply({ kind: 'content', content: answer({ action: 'sell', token: YES, amount: '20', limitPrice: '0.52' }) });
    const d = await strategy().decide(input(), now);
    expect(d).toMatchObject({ kind: 'trade', side: 'sell', tokenId: YES, sharesMicros: 20_000_000, limitPriceMicros: 520_000 });
  });

  test('records a hold answer with its reasoning and usage', async () => {
    server.reply({ kind: 'content', content: answer({ action: 'hold', token: null, amount: null, limitPrice: null, reasoning: 'No edge.' }) });
    const d = await strategy().decide(input(), now);
    expect(d).toEqual({ kind: 'hold', code: 'llm_hold', reasoning: 'No edge.', usage: { inputTokens: 812, outputTokens: 64, costMicros: 0, costSource: 'none' } });
  });

  test('prices tokens with the bot’s per-model prices when the provider reports no cost', async () => {
    server.reply({ kind: 'content', content: answer({}) });
    // 812 × 150000 + 64 × 600000 = 160_200_000 → / 1e6 = 160.2 → 161 micros (rounded up)
    const d = await strategy().decide(input({ inputPriceMicrosPerMillionTokens: 150_000, outputPriceMicrosPerMillionTokens: 600_000 }), now);
    expect(d.usage).toEqual({ inputTokens: 812, outputTokens: 64, costMicros: 161, costSource: 'price-params' });
  });

  test('holds on an answer that is not JSON, recording the reason and the tokens spent', async () => {
    server.reply({ kind: 'content', content: 'I think you should buy Yes!' });
    const d = await strategy().decide(input(), now);
    expect(d).toMatchObject({ kind: 'hold', code: 'llm_malformed_answer', usage: { inputTokens: 812, outputTokens: 64 } });
    expect(d.reasoning).toContain('could not parse');
    expect(d.reasoning).toContain('I think you should buy Yes!');
  });

  test('holds on JSON that does not match the answer schema', async () => {
    server.reply({ kind: 'content', content: JSON.stringify({ action: 'maybe', reasoning: 'hmm', confidence: 50 }) });
    const d = await strategy().decide(input(), now);
    expect(d).toMatchObject({ kind: 'hold', code: 'llm_malformed_answer' });
    expect(d.reasoning).toContain('did not match schema');
  });

  test('holds on a limit price off the tick, naming the tick', async () => {
    server.reply({ kind: 'content', content: answer({ limitPrice: '0.555' }) });
    const d = await strategy().decide(input(), now);
    expect(d).toMatchObject({ kind: 'hold', code: 'llm_invalid_answer' });
    expect(d.reasoning).toContain('limit price 0.555 is not on the tick 0.01');
    expect(d.usage?.inputTokens).toBe(812);
  });

  test('holds on amounts that are not exact decimals, unknown tokens, or more than the balance', async () => {
    server.reply({ kind: 'content', content: answer({ amount: '1e3' }) });
    server.reply({ kind: 'content', content: answer({ token: 'Maybe' }) });
    server.reply({ kind: 'content', content: answer({ amount: '300' }) });
    server.reply({ kind: 'content', content: answer({ action: 'sell', amount: '30' }) });
    const reasons = [];
    for (let i = 0; i < 4; i++) {
      const d = await strategy().decide(input(), now);
      expect(d).toMatchObject({ kind: 'hold', code: 'llm_invalid_answer' });
      reasons.push(d.reasoning);
    }
    expect(reasons[0]).toContain('"1e3" is not a decimal number');
    expect(reasons[1]).toContain('"Maybe" is not a watched outcome');
    expect(reasons[2]).toContain('exceeds the balance');
    expect(reasons[3]).toContain('exceeds the 25500000 shares held');
  });

  test('caps a buy at the bot’s maxOrderAmountMicros', async () => {
    server.reply({ kind: 'content', content: answer({ amount: '100' }) });
    const d = await strategy().decide(input({ maxOrderAmountMicros: 20_000_000 }), now);
    expect(d).toMatchObject({ kind: 'trade', side: 'buy', amountMicros: 20_000_000 });
  });

  test('holds when the model does not answer within the timeout', async () => {
    server.reply({ kind: 'hang' });
    const d = await strategy().decide(input({ timeoutMs: 50 }), now);
    expect(d).toEqual({ kind: 'hold', code: 'llm_timeout', reasoning: 'the model did not answer within 50 ms' });
    expect(server.requests).toHaveLength(1);
  });

  test('holds with the status when the provider fails', async () => {
    server.reply({ kind: 'status', status: 503, body: { error: { message: 'upstream overloaded', code: 503 } } });
    const d = await strategy().decide(input(), now);
    expect(d).toMatchObject({ kind: 'hold', code: 'llm_error' });
    expect(d.reasoning).toContain('HTTP 503');
    expect(d.usage).toBeUndefined();
    expect(server.requests).toHaveLength(1); // no provider-level retry by default: the next tick retries
  });
});

describe('llmStrategyAvailable', () => {
  test('refuses without an API key, with a message that names the setting', () => {
    const r = llmStrategyAvailable({});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('llm_strategy_unavailable');
      expect(r.error.message).toContain('OPENROUTER_API_KEY');
    }
    expect(llmStrategyAvailable({ apiKey: '  ' }).ok).toBe(false);
  });

  test('accepts a configured key', () => {
    expect(llmStrategyAvailable({ apiKey: 'sk-or-1' })).toEqual({ ok: true, value: true });
  });
});
