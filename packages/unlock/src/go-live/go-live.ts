/**
 * Explicit activation. Unlock is eligibility, never activation: only `goLive`, called by the user
 * with a fresh session (the route's `requireFreshAuth`), creates a live bot.
 *
 * Go-live creates a LIVE COPY of the unlocked paper bot rather than flipping its type: the paper
 * bot's simulated balance and positions are not money the user holds, so a live bot must start
 * flat; the paper record that earned the unlock stays intact and may keep running beside the live
 * bot for comparison; and a paper bot and its live copy are the "paper and live side by side" the
 * specification allows. The copy takes the paper bot's markets, strategy and risk limits (the
 * settings the record was earned with), Polymarket's real fee model, no paper realism, no paper
 * balance, and starts active.
 *
 * The rule for creating a bot live: a new bot is created live only this way — as the live copy of
 * a paper bot of the same user that is unlocked at that moment (every requirement holds now,
 * re-checked with this request's country). One live copy per paper bot at a time; a bot created
 * through `POST /api/v1/bots` is always paper.
 */
import { newId, NotFoundError, type RequestCountry } from '@polymancer/core';
import type { UnlockDeps } from '../deps.ts';
import type { Eligibility } from '../eligibility/eligibility.ts';
import { AlreadyLiveError, LiveRequirementsUnmetError, NotLiveError, NotUnlockedError } from '../errors.ts';
import type { RequestMeta } from '../ports.ts';

export interface Activation {
  readonly paperBotId: string;
  readonly liveBotId: string;
  readonly activationId: string;
  readonly activatedAt: Date;
}

const MAX_NAME = 100;

export function createGoLive(deps: UnlockDeps, eligibility: Eligibility) {
  return {
    async goLive(userId: string, botId: string, options: { readonly name?: string }, requestCountry: RequestCountry, meta: RequestMeta): Promise<Activation> {
      const audit = (action: string, details: Record<string, unknown>) =>
        deps.audit.record({ actorId: userId, actorType: 'user', action, subjectType: 'bot', subjectId: botId, ip: meta.ip, userAgent: meta.userAgent, details });
      await audit('bot.go_live.requested', {});
      const view = await eligibility.observe(userId, botId, requestCountry);
      if (view.bot.type === 'live') {
        await audit('bot.go_live.refused', { reason: 'already_live' });
        throw new AlreadyLiveError('This bot is already live', { details: { liveBotId: view.bot.id } });
      }
      if (!view.unlocked) {
        const unmet = view.requirements.filter((r) => r.state !== 'met').map((r) => r.key);
        await audit('bot.go_live.refused', { reason: 'not_unlocked', unmet });
        throw new NotUnlockedError('This bot is not unlocked for live trading yet', { details: { unmet } });
      }
      const at = deps.clock.now();
      const name = (options.name ?? `${view.bot.name} (live)`).slice(0, MAX_NAME);
      const activationId = newId('liveActivation');
      const outcome = await deps.liveBots.createLiveCopy({ userId, paperBotId: botId, liveBotId: newId('bot'), activationId, name, unlock: view.evaluation.state, at });
      if (outcome.outcome === 'not_found') throw new NotFoundError('Bot', { details: { botId } });
      if (outcome.outcome === 'already_live') {
        await audit('bot.go_live.refused', { reason: 'already_live', liveBotId: outcome.liveBotId });
        throw new AlreadyLiveError('This paper bot already has a live bot', { details: { liveBotId: outcome.liveBotId } });
      }
      const activation: Activation = { paperBotId: botId, liveBotId: outcome.liveBotId, activationId, activatedAt: at };
      await audit('bot.went_live', { activationId, paperBotId: botId, liveBotId: outcome.liveBotId, name, unlockedAt: view.evaluation.state.unlockedAt, requestCountry: requestCountry.country });
      await deps.audit.record({ actorId: userId, actorType: 'user', action: 'bot.created', subjectType: 'bot', subjectId: outcome.liveBotId, ip: meta.ip, userAgent: meta.userAgent, details: { name, type: 'live', sourceBotId: botId } });
      await deps.notifier.notify(userId, 'bot.went_live', { paperBotId: botId, liveBotId: outcome.liveBotId, name }).catch((e: unknown) => deps.onBackgroundError?.(e, 'notify'));
      return activation;
    },

    /**
     * Shadow trading on or off for a live bot (packages/bots `live/shadow.ts`): its decisions go live at
     * the market's minimum size with the full-size fill on paper beside them. Either way real orders
     * keep going out (and turning it off restores full-size live orders), so both directions pass the
     * go-live gates: the route's fresh session, and every unlock requirement holding now (re-checked
     * with this request's country). Refusals: 404, 409 `not_live` (a paper bot), 409 `not_unlocked`
     * (`details.unmet`). Requested, refused and changed are audited.
     */
    async setShadowMode(userId: string, botId: string, enabled: boolean, requestCountry: RequestCountry, meta: RequestMeta): Promise<{ readonly botId: string; readonly shadowMode: boolean; readonly changed: boolean; readonly at: Date }> {
      const audit = (action: string, details: Record<string, unknown>) =>
        deps.audit.record({ actorId: userId, actorType: 'user', action, subjectType: 'bot', subjectId: botId, ip: meta.ip, userAgent: meta.userAgent, details });
      await audit('bot.shadow_mode.requested', { enabled });
      const view = await eligibility.observe(userId, botId, requestCountry);
      if (view.bot.type !== 'live') {
        await audit('bot.shadow_mode.refused', { enabled, reason: 'not_live' });
        throw new NotLiveError('Shadow trading runs on a live bot: take this bot live first (POST /api/v1/bots/:id/go-live)', { details: { botId } });
      }
      if (!view.unlocked) {
        const unmet = view.requirements.filter((r) => r.state !== 'met').map((r) => r.key);
        await audit('bot.shadow_mode.refused', { enabled, reason: 'not_unlocked', unmet });
        throw new NotUnlockedError('This bot is not unlocked for live trading', { details: { unmet } });
      }
      const at = deps.clock.now();
      const outcome = await deps.liveBots.setShadowMode({ userId, botId, enabled, at });
      if (outcome.outcome === 'not_found') throw new NotFoundError('Bot', { details: { botId } });
      if (outcome.outcome === 'not_live') {
        await audit('bot.shadow_mode.refused', { enabled, reason: 'not_live' });
        throw new NotLiveError('Shadow trading runs on a live bot: take this bot live first (POST /api/v1/bots/:id/go-live)', { details: { botId } });
      }
      await audit(enabled ? 'bot.shadow_mode.enabled' : 'bot.shadow_mode.disabled', { changed: outcome.changed, requestCountry: requestCountry.country });
      return { botId, shadowMode: enabled, changed: outcome.changed, at };
    },

    /**
     * May this live bot run (be resumed)? Every requirement must hold now; otherwise
     * `LiveRequirementsUnmetError` names what is missing. Paper bots always may.
     */
    async assertLiveBotMayRun(userId: string, botId: string): Promise<void> {
      const bot = await deps.store.bot(userId, botId);
      if (bot === undefined || bot.type !== 'live') return;
      const view = await eligibility.observe(userId, botId);
      if (view.unlocked) return;
      const unmet = view.requirements.filter((r) => r.state !== 'met').map((r) => r.key);
      throw new LiveRequirementsUnmetError('This live bot cannot run until every live requirement holds again', { details: { unmet } });
    },
  };
}

export type GoLive = ReturnType<typeof createGoLive>;
