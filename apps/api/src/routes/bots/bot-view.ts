/** A bot as the API shows it: the owner's id left out (it is the caller), times as ISO strings. */
import type { Bot } from '@polymancer/bots';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function botView(bot: Bot) {
  return {
    id: bot.id,
    name: bot.name,
    type: bot.type,
    status: bot.status,
    emergencyStopped: bot.emergencyStopped,
    shadowMode: bot.shadowMode === true,
    markets: bot.markets.map((m) => ({ conditionId: m.conditionId, tokenIds: [...m.tokenIds] })),
    strategy: { kind: bot.strategy.kind, params: { ...bot.strategy.params } as Record<string, unknown> },
    intervalSecs: bot.intervalSecs,
    startingBalanceMicros: bot.startingBalanceMicros,
    paperBalanceMicros: bot.paperBalanceMicros,
    risk: { ...bot.risk },
    feeModel: bot.feeModel.kind === 'flat' ? { kind: 'flat' as const, flatFeeBps: bot.feeModel.flatFeeBps } : { kind: 'polymarket' as const },
    realism: { ...bot.realism },
    firstPaperTradeAt: iso(bot.firstPaperTradeAt),
    lastTickAt: iso(bot.lastTickAt),
    version: bot.version,
    createdAt: bot.createdAt.toISOString(),
    updatedAt: bot.updatedAt.toISOString(),
  };
}
