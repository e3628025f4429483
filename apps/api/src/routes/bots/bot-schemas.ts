/**
 * HTTP shapes of a bot: what clients send to create or update one, and what they get back.
 * Money is integer micros in JSON numbers (1 pUSD = 1_000_000), rates are basis points
 * (1 % = 100 bps), times are ISO-8601 strings. These schemas check types and structure (so
 * /openapi/json documents them); `@polymancer/bots` then checks ranges and formats and answers
 * 422 `validation_failed` with `details.issues: [{ path, message }]` per field either way.
 */
import { t } from 'elysia';

// Elysia's `t.Integer` also accepts numeric strings ("10"); request bodies take JSON numbers only.
const integer = (description: string) => t.Number({ multipleOf: 1, description });
const micros = (description: string) => integer(`${description} Integer micros: 1 pUSD = 1000000.`);
const bps = (description: string) => integer(`${description} Basis points: 1 % = 100.`);
const nullable = <S extends ReturnType<typeof t.Number>>(schema: S) => t.Union([schema, t.Null()]);

export const watchedMarketSchema = t.Object(
  {
    conditionId: t.String({ description: 'The market condition id: 0x followed by 64 hex digits (`GET /api/v1/markets` lists them).' }),
    tokenIds: t.Optional(t.Array(t.String({ description: 'An outcome token id (decimal digits).' }), { description: '1–20 outcome tokens of this market the bot trades, by token id.' })),
    outcome: t.Optional(t.String({ description: 'Instead of tokenIds: one outcome by name, e.g. "Yes", resolved to its token id through the venue (exact name, or a unique case-insensitive match).' })),
    outcomes: t.Optional(t.Array(t.String(), { description: 'Instead of tokenIds: 1–20 outcomes by name, e.g. ["Yes", "No"].' })),
  },
  {
    additionalProperties: false,
    description: 'One market and the outcomes of it the bot trades: give exactly one of `tokenIds`, `outcome` or `outcomes`. The bot stores (and answers) token ids.',
  },
);

export const strategySchema = t.Object(
  {
    kind: t.Union([t.Literal('mean-reversion'), t.Literal('momentum'), t.Literal('llm')], { description: 'Built-in `mean-reversion` or `momentum`, or `llm` (OpenRouter; refused with 422 `llm_strategy_unavailable` when no OPENROUTER_API_KEY is configured).' }),
    params: t.Optional(
      t.Record(t.String(), t.Unknown(), {
        description:
          'Per-kind parameters, unknown fields refused. mean-reversion: windowSize, bandMicros, orderAmountMicros, maxPositionSharesMicros. momentum: source (midpoints|trades), lookbackMoves, thresholdMicros, orderAmountMicros, maxSellSharesMicros, maxPositionSharesMicros, chaseTicks. llm (required): model, promptTemplate, temperature, timeoutMs, maxOutputTokens, maxOrderAmountMicros, inputPriceMicrosPerMillionTokens, outputPriceMicrosPerMillionTokens.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const riskInputSchema = t.Object(
  {
    maxTradeSizeMicros: t.Optional(nullable(micros('Most collateral per trade; null = no limit.'))),
    maxPositionPerMarketMicros: t.Optional(nullable(micros('Most cost basis held in one market; null = no limit.'))),
    dailyLossLimitMicros: t.Optional(nullable(micros('Loss over the current UTC day at which buys stop; null = no limit.'))),
    maxSlippageBps: t.Optional(nullable(bps('Most predicted slippage against the best price; null = no limit.'))),
    maxPriceMovementBps: t.Optional(
      bps('max_acceptable_price_movement_percent: refuse when the price moved this much against the bot between decision and execution. Default 100 (1 %).'),
    ),
    maxMarketImpactBps: t.Optional(bps('Most market impact (size / visible depth). Default 1000 (10 %).')),
  },
  { additionalProperties: false, description: 'Risk limits; missing fields keep their default (create) or current value (update).' },
);

export const feeModelSchema = t.Union(
  [
    t.Object({ kind: t.Literal('flat'), flatFeeBps: t.Optional(bps('Flat simulated fee on notional; default 200 (2 %).')) }, { additionalProperties: false }),
    t.Object({ kind: t.Literal('polymarket') }, { additionalProperties: false }),
  ],
  { description: "How paper fills are charged: the flat simulated fee, or Polymarket's own CLOB V2 fee for the market." },
);

export const realismInputSchema = t.Object(
  {
    enabled: t.Optional(t.Boolean()),
    artificialDelayMs: t.Optional(integer('Decision → execution delay; default 200.')),
    staleBookMs: t.Optional(integer('How old the book the strategy decides on is, 0–300000.')),
  },
  { additionalProperties: false, description: 'Optional paper realism (live-like delay and stale book).' },
);

const name = t.String({ description: '1–100 characters.' });
const intervalSecs = integer('Seconds between ticks, 5–86400; default 60.');
const startingBalanceMicros = micros('Starting paper balance; default 1000 pUSD. Cannot change once the bot has traded.');

export const createBotBodySchema = t.Object(
  {
    name,
    markets: t.Array(watchedMarketSchema, { description: '1–10 markets.' }),
    strategy: strategySchema,
    intervalSecs: t.Optional(intervalSecs),
    startingBalanceMicros: t.Optional(startingBalanceMicros),
    risk: t.Optional(riskInputSchema),
    feeModel: t.Optional(feeModelSchema),
    realism: t.Optional(realismInputSchema),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'my first bot',
        markets: [{ conditionId: `0x${'c3'.repeat(32)}`, outcome: 'Yes' }],
        strategy: { kind: 'momentum' },
        intervalSecs: 60,
        startingBalanceMicros: 100_000_000,
      },
    ],
  },
);

export const updateBotBodySchema = t.Object(
  {
    name: t.Optional(name),
    markets: t.Optional(t.Array(watchedMarketSchema)),
    strategy: t.Optional(strategySchema),
    intervalSecs: t.Optional(intervalSecs),
    startingBalanceMicros: t.Optional(startingBalanceMicros),
    risk: t.Optional(riskInputSchema),
    feeModel: t.Optional(feeModelSchema),
    realism: t.Optional(realismInputSchema),
  },
  { additionalProperties: false, description: 'Every field optional; risk and realism merge field by field over the current settings.' },
);

const isoTime = (description: string) => t.String({ format: 'date-time', description });
const nullableTime = (description: string) => t.Union([isoTime(description), t.Null()]);

export const botSchema = t.Object({
  id: t.String({ description: 'bot_…' }),
  name: t.String(),
  type: t.Union([t.Literal('paper'), t.Literal('live')]),
  status: t.Union([t.Literal('active'), t.Literal('paused'), t.Literal('stopped')], { description: 'A new bot starts paused.' }),
  emergencyStopped: t.Boolean(),
  shadowMode: t.Boolean({ description: 'Shadow trading (live bots): minimum-size live orders with the full-size paper fill beside each; PUT /api/v1/bots/:id/shadow-mode.' }),
  markets: t.Array(t.Object({ conditionId: t.String(), tokenIds: t.Array(t.String()) })),
  strategy: t.Object({ kind: t.String(), params: t.Record(t.String(), t.Unknown()) }),
  intervalSecs: t.Integer(),
  startingBalanceMicros: micros('Starting paper balance.'),
  paperBalanceMicros: micros('Current paper cash balance.'),
  risk: t.Object({
    maxTradeSizeMicros: t.Union([t.Integer(), t.Null()]),
    maxPositionPerMarketMicros: t.Union([t.Integer(), t.Null()]),
    dailyLossLimitMicros: t.Union([t.Integer(), t.Null()]),
    maxSlippageBps: t.Union([t.Integer(), t.Null()]),
    maxPriceMovementBps: t.Integer(),
    maxMarketImpactBps: t.Integer(),
  }),
  feeModel: t.Union([t.Object({ kind: t.Literal('flat'), flatFeeBps: t.Integer() }), t.Object({ kind: t.Literal('polymarket') })]),
  realism: t.Object({ enabled: t.Boolean(), artificialDelayMs: t.Integer(), staleBookMs: t.Integer() }),
  firstPaperTradeAt: nullableTime('When the bot first executed a paper trade.'),
  lastTickAt: nullableTime('When the bot last ticked.'),
  version: t.Integer({ description: 'Settings version; send it as `If-Match` on PATCH to refuse the edit (409 `conflict`) if the bot changed since you read it.' }),
  createdAt: isoTime('Created.'),
  updatedAt: isoTime('Last settings or status change.'),
});

export const botIdParamsSchema = t.Object({ id: t.String({ minLength: 1, maxLength: 64, description: 'bot_…' }) });
