/**
 * The row a live order is committed as before it leaves the process (`submitting`): what was signed,
 * what the fill-or-kill simulation predicted, and no answer yet. One shape for every order the live
 * path posts — a tick's trade, a shadow leg, a liquidation sale — so reconciliation reads them alike.
 */
import type { FokFill } from '@polymancer/core';
import type { ExchangeKind, LiveOrderRecord, WalletType } from './live-order.ts';
import type { SignedLiveOrder } from './ports.ts';

export interface SubmittingOrderInput {
  readonly id: string;
  readonly userId: string;
  readonly botId: string;
  readonly tickKey: string;
  readonly decisionId: string | null;
  readonly conditionId: string;
  readonly tokenId: string;
  readonly outcome: string;
  readonly side: 'buy' | 'sell';
  readonly purpose?: 'trade' | 'liquidation';
  readonly walletType: WalletType;
  readonly exchange: ExchangeKind;
  readonly signed: SignedLiveOrder;
  readonly limitPriceMicros: number;
  readonly decisionPriceMicros: number | null;
  /** The prediction: the fill-or-kill simulation on the book the order was decided on. */
  readonly predicted: FokFill;
  readonly now: Date;
}

export function submittingOrder(input: SubmittingOrderInput): LiveOrderRecord {
  const { signed, predicted, now } = input;
  return {
    id: input.id,
    userId: input.userId,
    botId: input.botId,
    tickKey: input.tickKey,
    decisionId: input.decisionId,
    conditionId: input.conditionId,
    tokenId: input.tokenId,
    outcome: input.outcome,
    side: input.side,
    orderType: 'FOK',
    ...(input.purpose === undefined ? {} : { purpose: input.purpose }),
    walletType: input.walletType,
    makerAddress: signed.makerAddress,
    signerAddress: signed.signerAddress,
    exchange: input.exchange,
    salt: signed.salt,
    orderHash: signed.orderHash,
    signedOrder: signed.payload,
    makerAmountMicros: signed.makerAmountMicros,
    takerAmountMicros: signed.takerAmountMicros,
    limitPriceMicros: input.limitPriceMicros,
    decisionPriceMicros: input.decisionPriceMicros,
    predictedSharesMicros: predicted.sharesMicros,
    predictedNotionalMicros: predicted.notionalMicros,
    predictedPriceMicros: predicted.averagePriceMicros,
    predictedFeeMicros: predicted.feeMicros,
    predictedSlippageBps: predicted.slippageBps,
    bestPriceMicros: predicted.bestPriceMicros,
    status: 'submitting',
    postAttempts: 0,
    rejectionCode: null,
    rejectionReason: null,
    filledSharesMicros: null,
    filledNotionalMicros: null,
    fillPriceMicros: null,
    feeMicros: null,
    actualSlippageBps: null,
    transactionHashes: null,
    exchangeTradeIds: null,
    tradeLogId: null,
    settledBy: null,
    createdAt: now,
    updatedAt: now,
    answeredAt: null,
  };
}
