/**
 * Circuit breakers (issue 20): platform-wide stops for all live trading.
 *
 * Guarantees
 * - A breaker opens when core's `evaluateBreakers` trips it over its window, and stays open until an
 *   operator resumes it (audited `circuit_breaker.resumed` with who and when); nothing closes it on
 *   its own. Each opening is audited once (`circuit_breaker.tripped`), however many workers evaluate.
 * - Counting restarts at a resume: the failures that tripped a breaker cannot trip it again.
 * - The live path asks `openBreaker()` before it commits an order and again before it posts.
 *
 * Semantics: the live path records every exchange API call's outcome and every live bot failure;
 * recording a failure evaluates at once (a success cannot trip anything). `evaluate()` may also run
 * on a schedule.
 */
import { type BreakerName, breakerNames, breakerWindowStart, type BreakerPolicy, type Clock, defaultBreakerPolicy, evaluateBreakers, isExchangeApiError } from '@polymancer/core';
import { BreakerNotOpenError } from './errors.ts';
import type { AuditPort, BreakerState, BreakerStore, Notifier } from './ports.ts';

export interface OperatorActor {
  /** The operator's user id, or null for the CLI (which names the OS user in `via`). */
  readonly operatorId: string | null;
  readonly via: 'api' | 'cli';
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  readonly cliUser?: string;
}

export interface BreakerDeps {
  readonly store: BreakerStore;
  readonly audit: AuditPort;
  readonly clock: Clock;
  /** Tells every operator when a breaker trips (only an operator can resume it); unset = audited only. */
  readonly notifier?: Notifier;
  readonly policy?: BreakerPolicy;
}

export interface OpenBreaker {
  readonly name: BreakerName;
  readonly reason: string;
  readonly openedAt: Date | null;
}

export function createBreakers(deps: BreakerDeps) {
  const policy = deps.policy ?? defaultBreakerPolicy;

  async function evaluate(): Promise<readonly BreakerName[]> {
    const now = deps.clock.now();
    const states = await deps.store.list();
    const resumedAt = (name: BreakerName) => states.find((s) => s.name === name)?.resumedAt ?? null;
    const counts = await deps.store.windowCounts({
      botsSince: breakerWindowStart(now, policy.windowMs, resumedAt('bot_failures')),
      exchangeSince: breakerWindowStart(now, policy.windowMs, resumedAt('exchange_errors')),
    });
    const opened: BreakerName[] = [];
    for (const trip of evaluateBreakers(counts, policy)) {
      if (!(await deps.store.trip(trip.name, { reason: trip.reason, details: trip.details, at: now }))) continue;
      opened.push(trip.name);
      await deps.audit.record({ actorId: null, actorType: 'system', action: 'circuit_breaker.tripped', subjectType: 'circuit_breaker', subjectId: trip.name, details: { reason: trip.reason, ...trip.details } });
      if (deps.notifier !== undefined) {
        for (const operatorId of await deps.store.operatorIds()) await deps.notifier.notify(operatorId, 'circuit_breaker.tripped', { name: trip.name, reason: trip.reason, at: now.toISOString() });
      }
    }
    return opened;
  }

  return {
    evaluate,

    /** One exchange API call's outcome (`status` null = no answer: timeout, refused, dropped). */
    async recordExchangeCall(call: { readonly status: number | null; readonly code?: string }): Promise<void> {
      const ok = !isExchangeApiError(call.status);
      await deps.store.recordExchangeCall({ at: deps.clock.now(), ok, status: call.status, code: call.code ?? null });
      if (!ok) await evaluate();
    },

    /** A live bot failed (its tick broke, or the exchange refused its order for a reason not its own). */
    async recordBotFailure(botId: string, code: string): Promise<void> {
      await deps.store.recordBotFailure({ at: deps.clock.now(), botId, code });
      await evaluate();
    },

    /** The first open breaker, or undefined when live trading may proceed. */
    async openBreaker(): Promise<OpenBreaker | undefined> {
      const open = (await deps.store.list()).find((s) => s.open);
      return open === undefined ? undefined : { name: open.name, reason: open.reason ?? 'circuit breaker open', openedAt: open.openedAt };
    },

    status(): Promise<readonly BreakerState[]> {
      return deps.store.list();
    },

    /** Operators only (the route or CLI checks the role): closes an open breaker, audited. */
    async resume(actor: OperatorActor, name: BreakerName, reason: string | null = null): Promise<BreakerState> {
      const now = deps.clock.now();
      const by = actor.operatorId ?? `cli:${actor.cliUser ?? 'unknown'}`;
      const was = await deps.store.resume(name, by, now);
      if (was === undefined) throw new BreakerNotOpenError(`The ${name} circuit breaker is not open`);
      await deps.audit.record({
        actorId: actor.operatorId,
        actorType: 'operator',
        action: 'circuit_breaker.resumed',
        subjectType: 'circuit_breaker',
        subjectId: name,
        ip: actor.ip ?? null,
        userAgent: actor.userAgent ?? null,
        details: { via: actor.via, ...(actor.cliUser === undefined ? {} : { cliUser: actor.cliUser }), openedAt: was.openedAt?.toISOString() ?? null, trippedReason: was.reason, reason },
      });
      return (await deps.store.list()).find((s) => s.name === name) as BreakerState;
    },
  };
}

export type Breakers = ReturnType<typeof createBreakers>;
export { breakerNames };
