/**
 * The paper record a bot needs before it may go live (the first step of the unlock path): at least
 * 24 hours of paper trading and 10 executed paper trades, by THIS bot, counting only trades made
 * under the platform's paper rules (`paper-rules.ts`). The 24 hours run from the bot's first
 * qualifying trade. Settlements of resolved markets are not trades and never count.
 *
 * Pure: the caller supplies the counts and `now`.
 */

export const REQUIRED_PAPER_TRADING_MS = 24 * 60 * 60 * 1000;
export const REQUIRED_PAPER_TRADES = 10;

export interface PaperRecordFacts {
  /** When this bot's first qualifying paper trade executed; null before one. */
  readonly firstQualifyingTradeAt: Date | null;
  /** This bot's executed paper trades that count toward unlock. */
  readonly qualifyingTrades: number;
}

export interface PaperRecordStatus {
  /** Time since the first qualifying trade (0 before it). */
  readonly paperTradingMs: number;
  readonly requiredPaperTradingMs: number;
  readonly requiredPaperTrades: number;
  readonly timeMet: boolean;
  readonly tradesMet: boolean;
  /** Both requirements met. */
  readonly met: boolean;
}

export function paperRecordStatus(facts: PaperRecordFacts, now: Date): PaperRecordStatus {
  const first = facts.firstQualifyingTradeAt;
  const paperTradingMs = first === null ? 0 : Math.max(0, now.getTime() - first.getTime());
  const timeMet = first !== null && paperTradingMs >= REQUIRED_PAPER_TRADING_MS;
  const tradesMet = facts.qualifyingTrades >= REQUIRED_PAPER_TRADES;
  return { paperTradingMs, requiredPaperTradingMs: REQUIRED_PAPER_TRADING_MS, requiredPaperTrades: REQUIRED_PAPER_TRADES, timeMet, tradesMet, met: timeMet && tradesMet };
}
