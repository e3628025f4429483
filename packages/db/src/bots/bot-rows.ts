import type { Bot, FeeModelSetting, StoredPosition } from '@polymancer/bots';
import type { StrategyConfig } from '@polymancer/strategies';
import { botPositions, bots } from '../schema/index.ts';

export type BotRow = typeof bots.$inferSelect;

export function botFromRow(row: BotRow): Bot {
  const feeModel: FeeModelSetting = row.feeModel === 'polymarket' ? { kind: 'polymarket' } : { kind: 'flat', flatFeeBps: row.flatFeeBps };
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    type: row.type,
    status: row.status,
    emergencyStopped: row.emergencyStopped,
    markets: row.watchedMarkets,
    // Validated by the strategies' schemas when written; the tick trusts what is stored.
    strategy: { kind: row.strategyKind, params: row.strategyParams } as StrategyConfig,
    intervalSecs: row.intervalSecs,
    startingBalanceMicros: row.startingBalanceMicros,
    paperBalanceMicros: row.paperBalanceMicros,
    risk: {
      maxTradeSizeMicros: row.maxTradeSizeMicros,
      maxPositionPerMarketMicros: row.maxPositionPerMarketMicros,
      dailyLossLimitMicros: row.dailyLossLimitMicros,
      maxSlippageBps: row.maxSlippageBps,
      maxPriceMovementBps: row.maxPriceMovementBps,
      maxMarketImpactBps: row.maxMarketImpactBps,
    },
    feeModel,
    realism: { enabled: row.realismEnabled, artificialDelayMs: row.artificialDelayMs, staleBookMs: row.staleBookMs },
    firstPaperTradeAt: row.firstPaperTradeAt,
    lastTickAt: row.lastTickAt,
    shadowMode: row.shadowMode,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * The settings columns of a bot and its version (never the status, which only pause and resume
 * write, nor balances or tick state, which only the tick writes).
 */
export function settingsColumns(bot: Bot) {
  return {
    name: bot.name,
    version: bot.version,
    watchedMarkets: bot.markets,
    strategyKind: bot.strategy.kind,
    strategyParams: bot.strategy.params as Record<string, unknown>,
    intervalSecs: bot.intervalSecs,
    maxTradeSizeMicros: bot.risk.maxTradeSizeMicros,
    maxPositionPerMarketMicros: bot.risk.maxPositionPerMarketMicros,
    dailyLossLimitMicros: bot.risk.dailyLossLimitMicros,
    maxSlippageBps: bot.risk.maxSlippageBps,
    maxPriceMovementBps: bot.risk.maxPriceMovementBps,
    maxMarketImpactBps: bot.risk.maxMarketImpactBps,
    feeModel: bot.feeModel.kind,
    flatFeeBps: bot.feeModel.kind === 'flat' ? bot.feeModel.flatFeeBps : 200,
    realismEnabled: bot.realism.enabled,
    artificialDelayMs: bot.realism.artificialDelayMs,
    staleBookMs: bot.realism.staleBookMs,
    updatedAt: bot.updatedAt,
  };
}

export type PositionRow = typeof botPositions.$inferSelect;

/** A stored position as the bots service reads it. */
export function positionFromRow(r: PositionRow): StoredPosition {
  return {
    tokenId: r.tokenId,
    conditionId: r.conditionId,
    outcome: r.outcome,
    sharesMicros: r.sharesMicros,
    costBasisMicros: r.costBasisMicros,
    realizedPnlMicros: r.realizedPnlMicros,
    feesPaidMicros: r.feesPaidMicros,
    markPriceMicros: r.markPriceMicros,
    settledAt: r.settledAt,
    settlementPriceMicros: r.settlementPriceMicros,
  };
}
