/**
 * HTTP shapes of markets: a market as a list item, and in full with its fee schedule and books.
 * Prices are micro-dollars per share (0.53 → 530000), sizes share micros (1 share = 1000000).
 */
import type { BookSummary, Market, MarketDetail } from '@polymancer/polymarket';
import { t } from 'elysia';

const nullableInt = (description: string) => t.Union([t.Integer(), t.Null()], { description });

export const conditionIdParamsSchema = t.Object({
  conditionId: t.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: 'The market condition id: 0x followed by 64 hex digits.', examples: [`0x${'c3'.repeat(32)}`] }),
});

const outcomeSchema = t.Object({
  outcome: t.String({ description: 'The outcome name, e.g. "Yes".' }),
  tokenId: t.String({ description: 'Its CLOB token id (decimal text): what a bot watches and trades.' }),
  priceMicros: nullableInt('Last displayed price, micro-dollars per share; null when the venue states none.'),
});

export const marketSchema = t.Object({
  conditionId: t.String(),
  question: t.String(),
  slug: t.Union([t.String(), t.Null()]),
  active: t.Boolean(),
  closed: t.Boolean(),
  acceptingOrders: t.Union([t.Boolean(), t.Null()]),
  negRisk: t.Boolean(),
  endDate: t.Union([t.String({ format: 'date-time' }), t.Null()]),
  tickSizeMicros: nullableInt('Price tick, micro-dollars (10000 = 0.01).'),
  minOrderSizeMicros: nullableInt('Smallest order, share micros (5000000 = 5 shares).'),
  outcomes: t.Array(outcomeSchema),
  resolution: t.Object({
    state: t.Union([t.Literal('open'), t.Literal('closed'), t.Literal('resolved')]),
    winningOutcome: t.Union([t.String(), t.Null()], { description: 'The outcome that pays 1 when one does; null while open, or for a split payout.' }),
  }),
});

const bookSchema = t.Object({
  bestBidMicros: nullableInt('Highest bid, micro-dollars per share.'),
  bestAskMicros: nullableInt('Lowest ask, micro-dollars per share.'),
  midpointMicros: nullableInt('(best bid + best ask) / 2, rounded down; null unless both sides quote.'),
  bidSharesMicros: t.Integer({ description: 'Shares resting on the bid side, share micros.' }),
  askSharesMicros: t.Integer({ description: 'Shares resting on the ask side, share micros.' }),
  at: t.String({ format: 'date-time', description: 'When the venue produced the book.' }),
});

export const marketDetailSchema = t.Object({
  ...marketSchema.properties,
  outcomes: t.Array(t.Object({ ...outcomeSchema.properties, book: t.Union([bookSchema, t.Null()], { description: 'Null for a closed market.' }) })),
  feeSchedule: t.Union(
    [
      t.Object({
        rateMicros: t.Integer({ description: 'Fee rate × 10^6 (0.04 → 40000); the taker fee per share is rate × (p(1−p))^exponent.' }),
        exponent: t.Integer(),
        takerOnly: t.Boolean({ description: 'Makers pay nothing when true.' }),
      }),
      t.Null(),
    ],
    { description: "What the exchange charges at match time; null for a closed market. Rate 0 = no fee." },
  ),
});

export const marketPageSchema = t.Object({
  items: t.Array(marketSchema),
  nextOffset: t.Union([t.Integer(), t.Null()], { description: 'Pass as `offset` for the next page; null on the last page.' }),
});

export function marketView(m: Market) {
  return {
    conditionId: m.conditionId,
    question: m.question,
    slug: m.slug ?? null,
    active: m.active,
    closed: m.closed,
    acceptingOrders: m.acceptingOrders ?? null,
    negRisk: m.negRisk,
    endDate: m.endDateMs === undefined ? null : new Date(m.endDateMs).toISOString(),
    tickSizeMicros: m.tickSizeMicros ?? null,
    minOrderSizeMicros: m.minOrderSizeMicros ?? null,
    outcomes: m.outcomes.map((o) => ({ outcome: o.outcome, tokenId: o.tokenId, priceMicros: o.priceMicros ?? null })),
    resolution: { state: m.resolution.state, winningOutcome: m.resolution.state === 'resolved' ? (m.resolution.winningOutcome ?? null) : null },
  };
}

function bookView(b: BookSummary | undefined) {
  if (b === undefined) return null;
  return { bestBidMicros: b.bestBidMicros, bestAskMicros: b.bestAskMicros, midpointMicros: b.midpointMicros, bidSharesMicros: b.bidSharesMicros, askSharesMicros: b.askSharesMicros, at: new Date(b.timestampMs).toISOString() };
}

export function marketDetailView(d: MarketDetail) {
  const base = marketView(d.market);
  return {
    ...base,
    outcomes: base.outcomes.map((o) => ({ ...o, book: bookView(d.books.find((b) => b.tokenId === o.tokenId)) })),
    feeSchedule: d.feeSchedule === null ? null : { rateMicros: d.feeSchedule.rateMicros, exponent: d.feeSchedule.exponent, takerOnly: d.feeSchedule.takerOnly },
  };
}
