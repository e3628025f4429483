/**
 * The ports the bots service talks to the world through. `@polymancer/db` implements the stores
 * (`createBotStore`, `createTickStore`, `createBotQueries`), the integrator supplies `MarketData`
 * (HTTP adapter over the CLOB/Gamma) and the audit log.
 */
import type { Bot } from './model/bot.ts';

/** A dotted-verb audit event (structurally `@polymancer/audit`'s `AuditEventInput`). */
export interface BotAuditEvent {
  readonly actorId: string | null;
  readonly actorType: 'user' | 'operator' | 'system';
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** `@polymancer/audit`'s `AuditLog` satisfies this. */
export interface AuditPort {
  record(event: BotAuditEvent): Promise<unknown>;
}

/** Bot settings storage. Every read is scoped by owner; deleted bots are invisible. */
export interface BotStore {
  insert(bot: Bot): Promise<void>;
  /**
   * Inserts unless the user already has `maxPerUser` bots (not deleted); false = refused, nothing written.
   * Two creates racing for the last place are decided one at a time (a per-user lock), so the quota holds.
   */
  insertWithinQuota(bot: Bot, maxPerUser: number): Promise<boolean>;
  findForUser(userId: string, botId: string): Promise<Bot | undefined>;
  listForUser(userId: string): Promise<Bot[]>;
  /**
   * Writes the settings of `bot` — never its status — if the stored row still has
   * `expectedVersion`, and stores `bot.version` (`conflict` otherwise, nothing written). With
   * `resetBalance`, also its starting and paper balance — only while the bot has never traded
   * (`already_traded` otherwise, nothing written).
   */
  update(bot: Bot, options: { readonly expectedVersion: number; readonly resetBalance?: boolean }): Promise<'updated' | 'not_found' | 'already_traded' | 'conflict'>;
  /** Sets only the status (pause, resume): a settings edit in flight cannot undo it, nor it the edit. */
  setStatus(userId: string, botId: string, status: Bot['status'], at: Date): Promise<boolean>;
  /**
   * Lets (`allow`) or stops letting a bot stopped by its daily loss limit on `utcDay` make
   * risk-reducing sells (buys stay held); false when the bot is not stopped for that day.
   */
  allowExitsWhileStopped(userId: string, botId: string, utcDay: string, at: Date, allow?: boolean): Promise<boolean>;
  /** Soft delete (trade history is kept for retention); false when it is gone. */
  softDelete(userId: string, botId: string, at: Date): Promise<boolean>;
  /** Active bots with their interval, for the scheduler. */
  listActive(): Promise<Array<{ readonly id: string; readonly intervalSecs: number }>>;
}
