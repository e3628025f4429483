/**
 * Emergency procedures (spec "Emergency Procedures"): freeze a user, emergency-stop a bot.
 *
 * Guarantees
 * - A freeze takes effect on every tick of the user's bots not yet committed, including ticks already
 *   queued: `users.trading_frozen` is read by each tick's gate under its bot row lock, and setting it
 *   (here or by a direct SQL UPDATE, as the runbook does) takes those row locks first (migration 0005).
 * - An emergency stop pauses the bot and marks it with reason and time in one statement; the tick
 *   gate refuses an emergency-stopped bot even if something later sets it active.
 * - Users stop their own bots only (another user's bot is not found); operators freeze and stop any.
 *   Every action is audited with who, and the owner is notified of what an operator did.
 * - "Close all positions" emergency-stops the bot FIRST (so no tick races the sales), then sells every
 *   holding through the liquidator (which takes the tick's bot row lock), audits the request and the
 *   result (`bot.liquidation.requested`, `bot.liquidated`) and notifies the owner with the results
 *   (`bot.liquidated`) whoever asked. A holding the book cannot take fully is reported, not fatal.
 * - A run whose process died midway is closed as `interrupted` by `recoverInterruptedLiquidations`
 *   (the worker's `liquidation.recover` pass) once it is older than any run takes; the owner is told
 *   what it sold and what is still held, and it is audited (`bot.liquidation.interrupted`). The same
 *   pass rewrites a run whose live sale had no known outcome once reconciliation settled it
 *   (`bot.liquidation.settled`), and the owner is told the final results.
 */
import { type Clock, InfrastructureError, NotFoundError, ValidationError } from '@polymancer/core';
import type { OperatorActor } from './breakers.ts';
import type { AuditPort, EmergencyBot, EmergencyStore, LiquidationReport, LiquidatorPort, Notifier } from './ports.ts';

/**
 * A run still `running` after this died with its process. A run is bounded: each call to the exchange
 * waits at most LIVE_EXCHANGE_TIMEOUT_MS (10 s by default, 25 s at most) — a post with no answer by then
 * is outcome unknown, which ends the run's selling — and a sale is posted at most 4 times, waiting at
 * most 30 s between refusals (425 / 429), so a holding takes under 4 minutes even against an exchange
 * that hangs or keeps refusing. Known limitation: the bound is per holding; a run over many holdings
 * against an exchange that keeps asking for 30 s waits could outlast this and be closed as interrupted
 * while its sales go on (each sale is still recorded by the live order path).
 */
export const LIQUIDATION_STALE_AFTER_MS = 15 * 60_000;

export interface EmergencyDeps {
  readonly store: EmergencyStore;
  readonly audit: AuditPort;
  readonly clock: Clock;
  readonly notifier: Notifier;
  /** "Close all positions"; unset = not offered by this process (`closeAllPositions` throws `InfrastructureError`, HTTP 503). */
  readonly liquidator?: LiquidatorPort;
}

/** What the owner is told per holding, and what the audit event keeps. */
function holdingSummary(r: LiquidationReport['results'][number]) {
  return { tokenId: r.tokenId, outcome: r.outcome, status: r.status, soldSharesMicros: r.soldSharesMicros, remainingSharesMicros: r.remainingSharesMicros, proceedsMicros: r.proceedsMicros, pnlMicros: r.pnlMicros, reason: r.reason };
}

export type EmergencyActor = { readonly kind: 'user'; readonly userId: string; readonly ip?: string | null; readonly userAgent?: string | null } | ({ readonly kind: 'operator' } & OperatorActor);

function auditActor(actor: EmergencyActor) {
  return actor.kind === 'user'
    ? { actorId: actor.userId, actorType: 'user' as const, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null, via: {} }
    : { actorId: actor.operatorId, actorType: 'operator' as const, ip: actor.ip ?? null, userAgent: actor.userAgent ?? null, via: { via: actor.via, ...(actor.cliUser === undefined ? {} : { cliUser: actor.cliUser }) } };
}

export function createEmergency(deps: EmergencyDeps) {
  async function botFor(actor: EmergencyActor, botId: string): Promise<EmergencyBot> {
    const bot = await deps.store.findBot(botId, actor.kind === 'user' ? actor.userId : undefined);
    if (bot === undefined) throw new NotFoundError('Bot');
    return bot;
  }

  /** A run's results after the fact (the sweep's): audited as the system, and the owner told again. */
  async function reportAgain(run: LiquidationReport, action: 'bot.liquidation.interrupted' | 'bot.liquidation.settled'): Promise<void> {
    const holdings = run.results.map(holdingSummary);
    await deps.audit.record({
      actorId: null,
      actorType: 'system',
      action,
      subjectType: 'bot',
      subjectId: run.botId,
      details: { userId: run.userId, type: run.type, liquidationId: run.id, status: run.status, startedAt: run.startedAt.toISOString(), proceedsMicros: run.proceedsMicros, feesMicros: run.feesMicros, liquidationPnlMicros: run.liquidationPnlMicros, holdings },
    });
    await deps.notifier.notify(run.userId, 'bot.liquidated', {
      botId: run.botId,
      liquidationId: run.id,
      status: run.status,
      by: run.requestedByType,
      reason: run.reason,
      at: run.startedAt.toISOString(),
      proceedsMicros: run.proceedsMicros,
      liquidationPnlMicros: run.liquidationPnlMicros,
      holdings,
    });
  }

  const api = {
    /** Pause and mark the bot emergency-stopped. Stopping a stopped bot keeps its first reason and time. */
    async emergencyStop(actor: EmergencyActor, botId: string, reason: string): Promise<EmergencyBot> {
      const bot = await botFor(actor, botId);
      if (bot.emergencyStopped) return bot;
      const now = deps.clock.now();
      const stopped = await deps.store.emergencyStop(bot.id, reason, now);
      if (stopped === undefined) throw new NotFoundError('Bot');
      const { via, ...who } = auditActor(actor);
      await deps.audit.record({ ...who, action: 'bot.emergency_stopped', subjectType: 'bot', subjectId: bot.id, details: { ...via, userId: bot.userId, type: bot.type, reason } });
      if (actor.kind === 'operator') await deps.notifier.notify(bot.userId, 'bot.emergency_stopped', { botId: bot.id, reason, at: now.toISOString(), by: 'operator' });
      return stopped;
    },

    /**
     * The platform stops a bot whose ledger it can no longer vouch for (a trade's settlement failed on chain):
     * audited as the system, the owner told why. Undefined for no such bot; a stopped bot keeps its first reason.
     */
    async systemStop(botId: string, reason: string): Promise<EmergencyBot | undefined> {
      const bot = await deps.store.findBot(botId, undefined);
      if (bot === undefined || bot.emergencyStopped) return bot;
      const now = deps.clock.now();
      const stopped = await deps.store.emergencyStop(bot.id, reason, now);
      if (stopped === undefined) return undefined;
      await deps.audit.record({ actorId: null, actorType: 'system', action: 'bot.emergency_stopped', subjectType: 'bot', subjectId: bot.id, details: { userId: bot.userId, type: bot.type, reason } });
      await deps.notifier.notify(bot.userId, 'bot.emergency_stopped', { botId: bot.id, reason, at: now.toISOString(), by: 'system' });
      return stopped;
    },

    /** Clears the emergency mark; the bot stays paused until its owner resumes it. */
    async clearEmergencyStop(actor: EmergencyActor, botId: string): Promise<EmergencyBot> {
      const bot = await botFor(actor, botId);
      if (!bot.emergencyStopped) return bot;
      const cleared = await deps.store.clearEmergencyStop(bot.id, deps.clock.now());
      if (cleared === undefined) throw new NotFoundError('Bot');
      const { via, ...who } = auditActor(actor);
      await deps.audit.record({ ...who, action: 'bot.emergency_stop_cleared', subjectType: 'bot', subjectId: bot.id, details: { ...via, userId: bot.userId, stoppedAt: bot.emergencyStoppedAt?.toISOString() ?? null, stoppedReason: bot.emergencyStoppedReason } });
      return cleared;
    },

    /** Operators: freeze (or, with `frozen` false, resume) all of a user's trading. Audited; the user is told. */
    async setTradingFrozen(actor: { readonly kind: 'operator' } & OperatorActor, userId: string, frozen: boolean, reason: string): Promise<{ readonly userId: string; readonly frozen: boolean; readonly changed: boolean }> {
      const now = deps.clock.now();
      const was = await deps.store.setTradingFrozen(userId, frozen, now);
      if (was === undefined) throw new NotFoundError('User');
      const changed = was !== frozen;
      if (changed) {
        const { via, ...who } = auditActor(actor);
        await deps.audit.record({ ...who, action: frozen ? 'user.trading.frozen' : 'user.trading.resumed', subjectType: 'user', subjectId: userId, details: { ...via, reason } });
        await deps.notifier.notify(userId, frozen ? 'trading.frozen' : 'trading.resumed', { reason, at: now.toISOString() });
      }
      return { userId, frozen, changed };
    },

    /**
     * Emergency-stops the bot (if it is not already) and sells every holding at market. Users their own
     * bots, operators any (with a reason). Returns the finished run.
     */
    async closeAllPositions(actor: EmergencyActor, botId: string, reason: string): Promise<LiquidationReport> {
      const liquidator = deps.liquidator;
      if (liquidator === undefined) throw new InfrastructureError('close all positions is not available in this process', { retryable: false });
      const why = reason.trim();
      if (why.length === 0) throw new ValidationError('Invalid input: reason: a reason is required', { details: { issues: [{ path: 'reason', message: 'a reason is required' }] } });
      await api.emergencyStop(actor, botId, `close all positions: ${why}`);
      const bot = await botFor(actor, botId);
      const { via, ...who } = auditActor(actor);
      await deps.audit.record({ ...who, action: 'bot.liquidation.requested', subjectType: 'bot', subjectId: bot.id, details: { ...via, userId: bot.userId, type: bot.type, reason: why } });
      const requestedBy = actor.kind === 'user' ? { type: 'user' as const, id: actor.userId } : { type: 'operator' as const, id: actor.operatorId ?? `cli:${actor.cliUser ?? 'unknown'}` };
      const run = await liquidator.liquidate({ botId: bot.id, requestedBy, reason: why });
      if (run === undefined) throw new NotFoundError('Bot');
      const holdings = run.results.map(holdingSummary);
      await deps.audit.record({
        ...who,
        action: 'bot.liquidated',
        subjectType: 'bot',
        subjectId: bot.id,
        details: { ...via, userId: bot.userId, type: run.type, liquidationId: run.id, status: run.status, reason: why, proceedsMicros: run.proceedsMicros, feesMicros: run.feesMicros, liquidationPnlMicros: run.liquidationPnlMicros, holdings },
      });
      await deps.notifier.notify(bot.userId, 'bot.liquidated', {
        botId: bot.id,
        liquidationId: run.id,
        status: run.status,
        by: actor.kind,
        reason: why,
        at: (run.finishedAt ?? deps.clock.now()).toISOString(),
        proceedsMicros: run.proceedsMicros,
        liquidationPnlMicros: run.liquidationPnlMicros,
        holdings,
      });
      return run;
    },

    /**
     * The worker's `liquidation.recover` pass. Closes the runs whose process died (still `running` after
     * `staleAfterMs`) as `interrupted`, and rewrites finished runs whose live sale had no known outcome once
     * reconciliation has settled it; each owner is told the run's results again, and it is audited.
     */
    async recoverInterruptedLiquidations(staleAfterMs = LIQUIDATION_STALE_AFTER_MS): Promise<{ readonly interrupted: number; readonly settled: number }> {
      if (deps.liquidator === undefined) return { interrupted: 0, settled: 0 };
      const now = deps.clock.now();
      const interrupted = await deps.liquidator.recoverInterrupted(new Date(now.getTime() - staleAfterMs));
      for (const run of interrupted) await reportAgain(run, 'bot.liquidation.interrupted');
      const settled = await deps.liquidator.settleAwaitedSales();
      for (const run of settled) await reportAgain(run, 'bot.liquidation.settled');
      return { interrupted: interrupted.length, settled: settled.length };
    },

    /** The bot's liquidation runs, newest first (users their own bots, operators any). */
    async liquidations(actor: EmergencyActor, botId: string, limit = 20): Promise<LiquidationReport[]> {
      const bot = await botFor(actor, botId);
      return deps.liquidator === undefined ? [] : deps.liquidator.list(bot.id, limit);
    },

    async tradingFrozen(userId: string): Promise<boolean> {
      return (await deps.store.tradingFrozen(userId)) ?? false;
    },
  };
  return api;
}

export type Emergency = ReturnType<typeof createEmergency>;
