/**
 * A trade-log row as the API shows it, the trades query string, and the conversion of both.
 * Money in integer micros (JSON numbers), prices in micro-dollars per share, rates in bps.
 */
import type { ListedTrade, Page, TradeFilter } from '@polymancer/bots';
import { t } from 'elysia';
import { pageQueryFields, timeBound } from '../bots/query-params.ts';

const int = (description?: string) => t.Union([t.Integer(description === undefined ? {} : { description }), t.Null()]);
const str = () => t.Union([t.String(), t.Null()]);

export const tradeSchema = t.Object({
  id: t.String({ description: 'trd_…' }),
  botId: t.String(),
  type: t.Union([t.Literal('paper'), t.Literal('live')]),
  kind: t.Union([t.Literal('trade'), t.Literal('settlement'), t.Literal('liquidation')], { description: 'A strategy trade, the settlement of a position when its market resolved, or a "close all positions" sale (its P&L is reported apart from trading P&L).' }),
  status: t.String({ description: 'executed | rejected (live trades may also be pending | failed).' }),
  side: t.Union([t.Literal('buy'), t.Literal('sell'), t.Null()]),
  marketId: t.String({ description: 'The condition id.' }),
  tokenId: str(),
  amountMicros: int('Collateral: a buy pays this notional (or asked for it, when rejected); a sell receives it.'),
  sharesMicros: int('Shares in micros (1 share = 1000000).'),
  decisionPriceMicros: int('Best price when the strategy decided, micro-dollars per share.'),
  executionPriceMicros: int('Average fill price, micro-dollars per share.'),
  feeMicros: int(),
  predictedSlippageBps: int(),
  actualSlippageBps: int(),
  marketImpactBps: int(),
  feeModel: str(),
  orderId: str(),
  transactionHash: t.Union([t.String(), t.Null()], { description: 'The settlement transaction of a live trade (the first, when the exchange reported several), or the redemption of a settlement.' }),
  settlementStatus: t.Union([t.Literal('submitted'), t.Literal('pending'), t.Literal('confirmed'), t.Literal('finalized'), t.Literal('failed'), t.Null()], {
    description: 'That transaction on chain, as last checked (every 30 s): pending (known, not mined), confirmed (≥ 1 block), finalized (≥ 12 blocks) or failed (reverted). Null for paper trades and where no chain is watched.',
  }),
  settlementConfirmations: int('Blocks on top of the transaction, counting its own.'),
  rejectionCode: str(),
  rejectionReason: str(),
  decisionId: str(),
  latencyMs: int(),
  bookAgeMs: int(),
  realizedPnlMicros: int(),
  createdAt: t.String({ format: 'date-time' }),
});

export const tradePageSchema = t.Object({
  items: t.Array(tradeSchema, { description: 'Newest first.' }),
  nextCursor: t.Union([t.String(), t.Null()], { description: 'Pass as `cursor` for the next (older) page; null on the last page.' }),
});

export const tradeFilterFields = {
  type: t.Optional(t.Union([t.Literal('paper'), t.Literal('live')])),
  status: t.Optional(t.Union([t.Literal('executed'), t.Literal('rejected'), t.Literal('pending'), t.Literal('failed')])),
  kind: t.Optional(t.Union([t.Literal('trade'), t.Literal('settlement'), t.Literal('liquidation')])),
  from: t.Optional(timeBound('Only trades at or after this time (ISO-8601).')),
  to: t.Optional(timeBound('Only trades before this time (ISO-8601).')),
  ...pageQueryFields,
};

export interface TradeQuery {
  readonly type?: 'paper' | 'live';
  readonly status?: 'executed' | 'rejected' | 'pending' | 'failed';
  readonly kind?: 'trade' | 'settlement' | 'liquidation';
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

/** The query string as the service's filter; undefined fields are left out (exact optional types). */
export function tradeFilter(query: TradeQuery, botId: string | undefined): TradeFilter {
  return {
    ...(botId === undefined ? {} : { botId }),
    ...(query.type === undefined ? {} : { type: query.type }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.from === undefined ? {} : { from: new Date(query.from) }),
    ...(query.to === undefined ? {} : { to: new Date(query.to) }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  };
}

export function tradePageView(page: Page<ListedTrade>) {
  return { items: page.items.map(tradeView), nextCursor: page.nextCursor };
}

const SETTLEMENT_STATUSES = ['submitted', 'pending', 'confirmed', 'finalized', 'failed'] as const;

function tradeView(r: ListedTrade) {
  const { userId: _owner, tickKey: _tick, createdAt, settlementStatus, ...rest } = r;
  return { ...rest, settlementStatus: SETTLEMENT_STATUSES.find((s) => s === settlementStatus) ?? null, createdAt: createdAt.toISOString() };
}
