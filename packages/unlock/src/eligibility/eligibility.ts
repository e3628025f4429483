/**
 * Observing a bot's eligibility: gathers the facts through the ports, runs core's unlock state
 * machine (`evaluateUnlock`), and applies its transition with compare-and-set so that each
 * transition is stored, audited and announced exactly once however many observers race (a read of
 * `live-eligibility`, a webhook, the sweep). A live bot whose requirements lapse is paused.
 */
import { type EligibilityFacts, evaluateUnlock, NotFoundError, type PaperRecordSummary, type RequestCountry, type Requirement, RISK_QUIZ_QUESTION_COUNT, quizAvailability, type UnlockEvaluation } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { BotRef, UserUnlockFacts } from '../ports.ts';

export interface EligibilityView {
  readonly bot: BotRef;
  readonly evaluation: UnlockEvaluation;
  readonly requirements: readonly Requirement[];
  readonly unlocked: boolean;
}

const transitionNotice = {
  cooling_off_started: 'unlock.cooling_off_started',
  cooling_off_interrupted: 'unlock.cooling_off_interrupted',
  unlocked: 'unlock.unlocked',
  lapsed: 'unlock.lapsed',
} as const;

export function createEligibility(deps: UnlockDeps) {
  const { store, settings } = deps;
  const background = (what: string) => (error: unknown) => deps.onBackgroundError?.(error, what);

  async function facts(user: UserUnlockFacts, bot: BotRef, now: Date): Promise<EligibilityFacts> {
    const [paperRecord, credentials] = await Promise.all([paperRecordOf(user.userId, bot), deps.credentials.credentialStatus(user.userId)]);
    const quiz = quizAvailability(user.quizFailedAt, user.quizPassedAt !== null, now, settings.quiz);
    return {
      paperRecord,
      kyc: { status: user.kycStatus, provider: user.kycProvider, sandbox: user.kycProvider === 'sandbox', verifiedAt: user.kycVerifiedAt, reason: user.kycReason },
      quiz: { passedAt: user.quizPassedAt, passMark: settings.quiz.passMark, total: RISK_QUIZ_QUESTION_COUNT, nextAttemptAt: 'nextAttemptAt' in quiz ? quiz.nextAttemptAt : null },
      acknowledgedAt: user.acknowledgedAt,
      tier: { tier: user.tier, expiresAt: user.tierExpiresAt, willRenew: user.tierWillRenew },
      credentials,
      jurisdiction: { kycCountry: user.kycCountry, request: user.requestCountry, localRequestsAllowed: !settings.realMoney },
    };
  }

  /** A live bot stands on the record of the paper bot it went live from; that record cannot shrink, and outlives the paper bot's deletion. */
  async function paperRecordOf(userId: string, bot: BotRef): Promise<PaperRecordSummary> {
    if (bot.sourceBotId === null) return deps.paperRecord.paperRecord(userId, bot.id);
    try {
      return await deps.paperRecord.paperRecord(userId, bot.sourceBotId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return { met: true, firstQualifyingTradeAt: null, paperTradingMs: 0, requiredPaperTradingMs: 0, qualifyingTrades: 0, requiredTrades: 0, notCountingTrades: 0 };
    }
  }

  const rules = { coolingOffMs: settings.coolingOffMs, jurisdiction: settings.jurisdiction, sandboxKycAccepted: !settings.realMoney };

  async function announce(bot: BotRef, e: UnlockEvaluation, now: Date): Promise<void> {
    const t = e.transition;
    if (t === null) return;
    const details = { from: t.from, to: t.to, unmet: t.unmet, coolingOffStartedAt: e.state.coolingOffStartedAt, coolingOffEndsAt: e.coolingOffEndsAt, unlockedAt: e.state.unlockedAt };
    const action = t.name === 'unlocked' ? 'bot.unlocked' : `bot.unlock.${t.name}`;
    await deps.audit.record({ actorId: null, actorType: 'system', action, subjectType: 'bot', subjectId: bot.id, details });
    await deps.notifier.notify(bot.userId, transitionNotice[t.name], { botId: bot.id, botName: bot.name, ...details }).catch(background('notify'));
    if (t.name === 'lapsed' && bot.type === 'live') {
      const paused = await deps.liveBots.pauseLiveBots(bot.userId, now, bot.id);
      for (const id of paused) {
        await deps.audit.record({ actorId: null, actorType: 'system', action: 'bot.paused', subjectType: 'bot', subjectId: id, details: { reason: 'live_requirements_lapsed', unmet: t.unmet } });
        await deps.notifier.notify(bot.userId, 'bot.live_paused', { botId: id, botName: bot.name, reason: 'live_requirements_lapsed', unmet: t.unmet }).catch(background('notify'));
      }
    }
  }

  /**
   * Evaluates the bot now and applies the transition the machine takes. `requestCountry`, when the
   * observation comes from the user's own request, is remembered as where their requests come from.
   */
  async function observe(userId: string, botId: string, requestCountry?: RequestCountry): Promise<EligibilityView> {
    const bot = await store.bot(userId, botId);
    if (bot === undefined) throw new NotFoundError('Bot', { details: { botId } });
    const now = deps.clock.now();
    if (requestCountry !== undefined) await store.recordRequestCountry(userId, requestCountry, now);
    // A transition lost to a concurrent observer is re-evaluated from the state that observer stored.
    for (let attempt = 0; ; attempt += 1) {
      const user = await store.userFacts(userId);
      if (user === undefined) throw new NotFoundError('User');
      const current = await store.unlockState(bot.id);
      const evaluation = evaluateUnlock(await facts(user, bot, now), current, now, rules);
      if (evaluation.transition !== null) {
        const saved = await store.saveUnlockState(bot, current.version, evaluation.state, now);
        if (!saved && attempt < 3) continue;
        if (saved) await announce(bot, evaluation, now);
      }
      return { bot, evaluation, requirements: evaluation.requirements, unlocked: evaluation.unlocked };
    }
  }

  /** Re-observes every bot of the user (after a fact changed: KYC, tier, quiz, acknowledgment). */
  async function observeUser(userId: string): Promise<void> {
    for (const bot of await store.listBots(userId)) await observe(userId, bot.id);
  }

  /** The minute sweep: cooling-offs that ended, paper records completed by time, lapses nobody asked about. */
  async function sweep(): Promise<number> {
    let observed = 0;
    for (const { userId, botId } of await store.botsToObserve()) {
      try {
        await observe(userId, botId);
        observed += 1;
      } catch (error) {
        background('sweep')(error);
      }
    }
    return observed;
  }

  return { observe, observeUser, sweep };
}

export type Eligibility = ReturnType<typeof createEligibility>;
