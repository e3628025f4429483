import type { PaperRecordSummary } from '@polymancer/core';
import type { PaperRecordPort } from './ports.ts';

/** The bots service's `paperRecord` query as it reports (structurally `@polymancer/bots`' `PaperRecord`). */
export interface BotsPaperRecord {
  readonly met: boolean;
  readonly firstQualifyingTradeAt: Date | null;
  readonly paperTradingMs: number;
  readonly requiredPaperTradingMs: number;
  readonly qualifyingTrades: number;
  readonly requiredPaperTrades: number;
  readonly nonQualifyingTrades: number;
}

/** Eligibility's paper record is the bots service's unlock rule (core `paperRecordStatus`), never a second copy of it. */
export function paperRecordFromBots(queries: { paperRecord(userId: string, botId: string): Promise<BotsPaperRecord> }): PaperRecordPort {
  return {
    async paperRecord(userId, botId): Promise<PaperRecordSummary> {
      const p = await queries.paperRecord(userId, botId);
      return {
        met: p.met,
        firstQualifyingTradeAt: p.firstQualifyingTradeAt,
        paperTradingMs: p.paperTradingMs,
        requiredPaperTradingMs: p.requiredPaperTradingMs,
        qualifyingTrades: p.qualifyingTrades,
        requiredTrades: p.requiredPaperTrades,
        notCountingTrades: p.nonQualifyingTrades,
      };
    },
  };
}
