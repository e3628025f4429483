/**
 * Live risk admission (issue 20 "Live risk"): what the live order path asks before it commits an
 * order as `submitting`, and tells once the order's outcome is known.
 *
 * Guarantees
 * - Atomic: the first-live-month volume cap and the daily loss limit are decided inside the ledger's
 *   transaction on the locked user and bot day rows, counting every order admitted and not yet
 *   settled at its worst case. Concurrent ticks can never both pass on the same headroom; the day's
 *   loss exceeds the limit by at most one order's worst case (tested on Postgres).
 * - Settling is idempotent: reconciliation may settle an order the live path already settled.
 *
 * Semantics: checks run in order — graduated rollout trade cap (pure), then, locked, the new live
 * user's daily volume and the daily loss admission. A refusal is a value with a stable code. None of
 * them blocks a SELL (it only reduces exposure); a SELL is still reserved, so its volume counts.
 * Known limitation: the loss the ledger holds is what the live path last reported (`settle`, or the
 * `observedLossMicros` passed to `admit`, whichever is larger at admission).
 */
import { admitAgainstDailyLoss, checkCollateral, checkGasBalance, checkNewLiveUserVolume, checkRolloutTradeCap, type Clock, type CollateralContext, type GasContext, type LiveCheckResult, type LiveWarning, newId, runLiveChecks, utcDayOf, worstCaseLossMicros } from '@polymancer/core';
import type { RiskLedgerStore, SettleOutcome } from './ports.ts';

export interface LiveRiskDeps {
  readonly ledger: RiskLedgerStore;
  readonly clock: Clock;
  /** The platform's graduated rollout start (LIVE_ROLLOUT_STARTED_AT); null = full limits. */
  readonly rolloutStartedAt: Date | null;
}

export interface LiveOrderAdmission {
  /** The live order's id, to settle the reservation under (also from reconciliation); default a new id. */
  readonly reservationId?: string;
  readonly botId: string;
  readonly userId: string;
  readonly side: 'BUY' | 'SELL';
  /** The order's size: BUY notional + fee, SELL notional (micros). */
  readonly tradeSizeMicros: number;
  /** The bot's daily loss limit, or null. */
  readonly dailyLossLimitMicros: number | null;
  /** Today's loss as the caller sees it now (positive = loss). */
  readonly observedLossMicros: number;
}

export type AdmissionResult =
  | { readonly ok: true; readonly reservationId: string; readonly warnings: readonly LiveWarning[] }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export function createLiveRisk(deps: LiveRiskDeps) {
  return {
    /** Gas and pUSD for the trade, from the chain reads the live path made. */
    checkWallet(gas: GasContext, collateral: CollateralContext): LiveCheckResult {
      return runLiveChecks([checkGasBalance(gas), checkCollateral(collateral)]);
    },

    async admit(order: LiveOrderAdmission): Promise<AdmissionResult> {
      const now = deps.clock.now();
      const rollout = checkRolloutTradeCap({ rolloutStartedAt: deps.rolloutStartedAt, side: order.side, tradeSizeMicros: order.tradeSizeMicros }, now);
      if (!rollout.ok) return rollout;
      const firstLiveAt = await deps.ledger.firstLiveAt(order.userId);
      const reservation = {
        id: order.reservationId ?? newId('order'),
        botId: order.botId,
        userId: order.userId,
        utcDay: utcDayOf(now),
        worstLossMicros: worstCaseLossMicros(order.side, order.tradeSizeMicros),
        volumeMicros: order.tradeSizeMicros,
      };
      const result = await deps.ledger.admit(reservation, now, (day) =>
        runLiveChecks([
          checkNewLiveUserVolume({ firstLiveAt, volumeTodayMicros: day.userVolumeMicros, side: order.side, tradeSizeMicros: order.tradeSizeMicros }, now),
          admitAgainstDailyLoss({ limitMicros: order.dailyLossLimitMicros, lossMicros: Math.max(day.lossMicros, order.observedLossMicros), inFlightWorstMicros: day.inFlightWorstMicros, side: order.side }),
        ]),
      );
      return result.ok ? { ok: true, reservationId: reservation.id, warnings: result.warnings } : result;
    },

    /**
     * The order's outcome is known: release its reservation and raise today's recorded loss to
     * `lossMicros` (positive = loss) — it never lowers it within the day. A fill with
     * `filledVolumeMicros` counts that volume instead of the reserved one.
     */
    settle(reservationId: string, outcome: SettleOutcome): Promise<boolean> {
      return deps.ledger.settle(reservationId, outcome, deps.clock.now());
    },

    /**
     * Releases reservations under which no order was ever committed, once older than any admission → commit
     * takes (`olderThanMs`, default 5 minutes: a closed-only check and a signature, each bounded): the process
     * died between the two, and its claim would otherwise hold the day's headroom until UTC midnight. Run by
     * the reconciliation job. Returns how many it released.
     */
    async releaseOrphans(olderThanMs = ORPHAN_RESERVATION_AFTER_MS, limit = 100): Promise<number> {
      let released = 0;
      const before = new Date(deps.clock.now().getTime() - olderThanMs);
      for (const id of await deps.ledger.orphanReservations(before, limit)) {
        if (await deps.ledger.settle(id, { filled: false, lossMicros: 0 }, deps.clock.now())) released += 1;
      }
      return released;
    },
  };
}

export type LiveRisk = ReturnType<typeof createLiveRisk>;

/** A reservation with no order this long after its admission was left by a process that died before committing. */
export const ORPHAN_RESERVATION_AFTER_MS = 5 * 60_000;
