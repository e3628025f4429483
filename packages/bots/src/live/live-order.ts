/**
 * A live order as the bots service stores it (`live_orders`): signed, committed as `submitting`
 * before it leaves the process, then answered. Money in micros, rates in bps.
 */

/** 0 EOA, 1 Polymarket proxy, 2 Gnosis Safe, 3 deposit wallet (POLY_1271). */
export type WalletType = 0 | 1 | 2 | 3;

/** Which exchange contract verifies the order: CTF Exchange V2, the neg-risk exchange V2, or ExchangeV3 (position markets). */
export type ExchangeKind = 'ctf_v2' | 'neg_risk_v2' | 'v3';

/**
 * `submitting` and `outcome_unknown` are unreconciled: the order may have reached the exchange and
 * only asking it settles the order. `not_found`: reconciliation found no trace of it at the exchange
 * after the grace period (never posted, or killed unfilled) — nothing was filled.
 */
export type LiveOrderStatus = 'submitting' | 'outcome_unknown' | 'matched' | 'rejected' | 'not_found';

export const UNRECONCILED_STATUSES: readonly LiveOrderStatus[] = ['submitting', 'outcome_unknown'];

export interface LiveOrderRecord {
  readonly id: string;
  readonly userId: string;
  readonly botId: string;
  readonly tickKey: string;
  readonly decisionId: string | null;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: 'buy' | 'sell';
  readonly orderType: 'FOK';
  /** `trade` (a tick's order; the default) or `liquidation` (a "close all positions" sale: its trade row has kind `liquidation`). */
  readonly purpose?: 'trade' | 'liquidation';
  readonly walletType: WalletType;
  readonly makerAddress: string;
  readonly signerAddress: string;
  readonly exchange: ExchangeKind;
  readonly salt: string;
  readonly orderHash: string;
  readonly signedOrder: Readonly<Record<string, unknown>>;
  readonly makerAmountMicros: number;
  readonly takerAmountMicros: number;
  readonly limitPriceMicros: number;
  readonly decisionPriceMicros: number | null;
  readonly predictedSharesMicros: number;
  readonly predictedNotionalMicros: number;
  readonly predictedPriceMicros: number;
  readonly predictedFeeMicros: number;
  readonly predictedSlippageBps: number;
  readonly bestPriceMicros: number;
  readonly status: LiveOrderStatus;
  readonly postAttempts: number;
  readonly rejectionCode: string | null;
  readonly rejectionReason: string | null;
  /** A refusal's `Retry-After` in ms, when the exchange sent one (absent on rows written before it was kept). */
  readonly retryAfterMs?: number | null;
  readonly filledSharesMicros: number | null;
  readonly filledNotionalMicros: number | null;
  readonly fillPriceMicros: number | null;
  readonly feeMicros: number | null;
  readonly actualSlippageBps: number | null;
  readonly transactionHashes: readonly string[] | null;
  readonly exchangeTradeIds: readonly string[] | null;
  readonly tradeLogId: string | null;
  /** `post` (the exchange's reply) or `reconciliation`. */
  readonly settledBy: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly answeredAt: Date | null;
}

/** What an answer changes on the order row. */
export type LiveOrderPatch = Partial<
  Pick<
    LiveOrderRecord,
    | 'status'
    | 'postAttempts'
    | 'rejectionCode'
    | 'rejectionReason'
    | 'retryAfterMs'
    | 'filledSharesMicros'
    | 'filledNotionalMicros'
    | 'fillPriceMicros'
    | 'feeMicros'
    | 'actualSlippageBps'
    | 'transactionHashes'
    | 'exchangeTradeIds'
    | 'tradeLogId'
    | 'settledBy'
    | 'answeredAt'
  >
> & { readonly updatedAt: Date };

/** Reads and the one write the live path makes outside a tick's transaction. */
export interface LiveOrderStore {
  /** The bot's `submitting` / `outcome_unknown` orders (at most one: a unique index). */
  unreconciled(botId: string): Promise<LiveOrderRecord[]>;
  /** Every unreconciled order of every bot (the reconciliation job). */
  allUnreconciled(limit: number): Promise<LiveOrderRecord[]>;
  /** Matched orders created since `since` whose settlement transaction hashes the post's answer did not carry, oldest first. */
  matchedWithoutHashes(since: Date, limit: number): Promise<LiveOrderRecord[]>;
  /** Records the hashes on a matched order that had none, and on its trade-log row; false when it had some already. */
  setTransactionHashes(orderId: string, hashes: readonly string[], at: Date): Promise<boolean>;
  /** `submitting` → `outcome_unknown` (a post whose answer never came); false when already answered. */
  markOutcomeUnknown(orderId: string, reason: string, attempts: number, at: Date): Promise<boolean>;
  byId(orderId: string): Promise<LiveOrderRecord | undefined>;
  listForBot(botId: string, limit: number): Promise<LiveOrderRecord[]>;
  /** Shadow trading: when the exchange answered the post of this order (its shadow pair's post latency). */
  shadowAnswered(orderId: string, at: Date): Promise<void>;
}
