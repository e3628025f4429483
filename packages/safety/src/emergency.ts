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
 */
import { type Clock, NotFoundError } from '@polymancer/core';
import type { OperatorActor } from './breakers.ts';
import type { AuditPort, EmergencyBot, EmergencyStore, Notifier } from './ports.ts';

export interface EmergencyDeps {
  readonly store: EmergencyStore;
  readonly audit: AuditPort;
  readonly clock: Clock;
  readonly notifier: Notifier;
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

  return {
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

    async tradingFrozen(userId: string): Promise<boolean> {
      return (await deps.store.tradingFrozen(userId)) ?? false;
    },
  };
}

export type Emergency = ReturnType<typeof createEmergency>;
