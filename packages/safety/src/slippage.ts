/**
 * The slippage differential (issue 20 "Live risk"): per bot, live slippage actually paid against the
 * prediction, over its last `window` matched live orders; an alert over 1 percentage point, with a
 * suggested tighter `maxSlippageBps` (core `slippageDifferential`). When the owner opted in
 * (`setAutoTighten`), `applySuggestions` — run by the worker's `live.slippage` job — applies the
 * suggestion to the bot's limit.
 *
 * Guarantees
 * - A suggestion is applied only to a live bot whose owner opted in, only when it is tighter than the
 *   current limit, and only while the limit is still what the suggestion was computed from (the owner
 *   may edit it meanwhile: compare-and-set). Each change is audited (`bot.slippage.tightened`) and the
 *   owner notified (`bot.slippage_tightened`); the opt-in itself is audited (`bot.slippage.auto_tighten_set`).
 * - After a tightening, the differential counts only orders placed after it, so the same orders never
 *   tighten the limit twice.
 * - Owners who did not opt in are alerted instead (`bot.slippage_alert`, with the suggestion), once per bot
 *   per UTC day while the alert holds (`alertOwners`, the same job).
 */
import { type Clock, NotFoundError, type SlippageDifferential, slippageDifferential } from '@polymancer/core';
import type { AuditPort, Notifier, SlippageSetting, SlippageStore } from './ports.ts';

export const SLIPPAGE_WINDOW_ORDERS = 20;

export interface SlippageDeps {
  readonly store: SlippageStore;
  readonly window?: number;
  /** Needed by `setAutoTighten` and `applySuggestions`. */
  readonly audit?: AuditPort;
  readonly notifier?: Notifier;
  readonly clock?: Clock;
}

/** Who changes the opt-in: the bot's owner, with the request's origin for the audit trail. */
export interface SlippageActor {
  readonly userId: string;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

export type SlippageReport = SlippageDifferential & { readonly windowOrders: number; readonly currentMaxSlippageBps: number | null; readonly autoTighten: boolean };

export function createSlippageReports(deps: SlippageDeps) {
  const window = deps.window ?? SLIPPAGE_WINDOW_ORDERS;
  const needed = () => {
    if (deps.audit === undefined || deps.clock === undefined) throw new Error('slippage tightening needs the audit log and a clock');
    return { audit: deps.audit, clock: deps.clock };
  };

  async function differentialOf(bot: SlippageSetting): Promise<SlippageDifferential> {
    const samples = await deps.store.recentLiveSlippage(bot.botId, window, bot.tightenedAt);
    return slippageDifferential(samples, bot.maxSlippageBps);
  }

  return {
    async report(userId: string, botId: string): Promise<SlippageReport> {
      const bot = await deps.store.botLimit(userId, botId);
      if (bot === undefined) throw new NotFoundError('Bot');
      return { ...(await differentialOf(bot)), windowOrders: window, currentMaxSlippageBps: bot.maxSlippageBps, autoTighten: bot.autoTighten };
    },

    /** The owner opts in (or out) of having the suggestion applied to their bot. */
    async setAutoTighten(actor: SlippageActor, botId: string, enabled: boolean): Promise<SlippageReport> {
      const { audit, clock } = needed();
      const before = await deps.store.botLimit(actor.userId, botId);
      if (before === undefined) throw new NotFoundError('Bot');
      const after = await deps.store.setAutoTighten(actor.userId, botId, enabled, clock.now());
      if (after === undefined) throw new NotFoundError('Bot');
      if (before.autoTighten !== enabled) {
        await audit.record({
          actorId: actor.userId,
          actorType: 'user',
          action: 'bot.slippage.auto_tighten_set',
          subjectType: 'bot',
          subjectId: botId,
          ip: actor.ip ?? null,
          userAgent: actor.userAgent ?? null,
          details: { enabled },
        });
      }
      return { ...(await differentialOf(after)), windowOrders: window, currentMaxSlippageBps: after.maxSlippageBps, autoTighten: after.autoTighten };
    },

    /**
     * Alerts the owners who did not opt in, once per bot per UTC day while its live slippage runs over the
     * prediction by more than 1 pp, with the suggested tighter limit to apply themselves (the `live.slippage`
     * job's pass, with `applySuggestions`).
     */
    async alertOwners(limit = 500): Promise<{ readonly checked: number; readonly alerted: number }> {
      const { clock } = needed();
      const today = utcDayStart(clock.now());
      let checked = 0;
      let alerted = 0;
      for (const bot of await deps.store.notOptedIn(limit)) {
        checked += 1;
        const d = await differentialOf(bot);
        if (!d.alert || (await deps.store.alertedSince(bot.userId, bot.botId, today))) continue;
        await deps.notifier?.notify(bot.userId, 'bot.slippage_alert', { botId: bot.botId, meanExcessBps: d.meanExcessBps, samples: d.samples, currentMaxSlippageBps: bot.maxSlippageBps, suggestedMaxSlippageBps: d.suggestedMaxSlippageBps });
        alerted += 1;
      }
      return { checked, alerted };
    },

    /** Applies each opted-in live bot's suggestion (the `live.slippage` job's pass). */
    async applySuggestions(limit = 500): Promise<{ readonly checked: number; readonly tightened: number }> {
      const { audit, clock } = needed();
      let checked = 0;
      let tightened = 0;
      for (const bot of await deps.store.optedIn(limit)) {
        checked += 1;
        const d = await differentialOf(bot);
        const to = d.suggestedMaxSlippageBps;
        if (!d.alert || to === null || (bot.maxSlippageBps !== null && to >= bot.maxSlippageBps)) continue;
        const at = clock.now();
        if (!(await deps.store.tighten(bot.botId, bot.maxSlippageBps, to, at))) continue;
        tightened += 1;
        const details = { fromMaxSlippageBps: bot.maxSlippageBps, toMaxSlippageBps: to, meanExcessBps: d.meanExcessBps, samples: d.samples };
        await audit.record({ actorId: null, actorType: 'system', action: 'bot.slippage.tightened', subjectType: 'bot', subjectId: bot.botId, details });
        await deps.notifier?.notify(bot.userId, 'bot.slippage_tightened', { botId: bot.botId, ...details });
      }
      return { checked, tightened };
    },
  };
}

export type SlippageReports = ReturnType<typeof createSlippageReports>;

const utcDayStart = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
