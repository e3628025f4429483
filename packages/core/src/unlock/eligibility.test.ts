import { describe, expect, test } from 'bun:test';
import { type EligibilityFacts, type EligibilityRules, evaluateUnlock, lockedState, type UnlockState } from './eligibility.ts';
import { defaultBlockedCountries, defaultCloseOnlyCountries } from './jurisdiction.ts';
import type { RequirementKey } from './requirements.ts';

const HOUR = 3_600_000;
const t0 = new Date('2026-03-02T09:00:00Z');
const at = (h: number) => new Date(t0.getTime() + h * HOUR);
const rules: EligibilityRules = { coolingOffMs: 24 * HOUR, jurisdiction: { blocked: defaultBlockedCountries, closeOnly: defaultCloseOnlyCountries }, sandboxKycAccepted: true };

function allMet(): EligibilityFacts {
  return {
    paperRecord: { met: true, firstQualifyingTradeAt: at(-48), paperTradingMs: 48 * HOUR, requiredPaperTradingMs: 24 * HOUR, qualifyingTrades: 12, requiredTrades: 10, notCountingTrades: 0 },
    kyc: { status: 'verified', provider: 'sumsub', sandbox: false, verifiedAt: at(-5), reason: null },
    quiz: { passedAt: at(-4), passMark: 5, total: 5, nextAttemptAt: null },
    acknowledgedAt: at(-3),
    tier: { tier: 'basic', expiresAt: null, willRenew: true },
    credentials: { valid: true, reason: null },
    jurisdiction: { kycCountry: 'PT', request: { country: 'PT', source: 'header' }, localRequestsAllowed: false },
  };
}

/** One requirement unmet, everything else as in `allMet`. */
const breakers: Record<Exclude<RequirementKey, 'cooling_off'>, (f: EligibilityFacts) => EligibilityFacts> = {
  paper_record: (f) => ({ ...f, paperRecord: { ...f.paperRecord, met: false, qualifyingTrades: 9 } }),
  kyc: (f) => ({ ...f, kyc: { ...f.kyc, status: 'pending', verifiedAt: null } }),
  risk_quiz: (f) => ({ ...f, quiz: { ...f.quiz, passedAt: null } }),
  acknowledgment: (f) => ({ ...f, acknowledgedAt: null }),
  paid_tier: (f) => ({ ...f, tier: { tier: 'free', expiresAt: null, willRenew: null } }),
  credentials: (f) => ({ ...f, credentials: { valid: false, reason: 'no credentials imported' } }),
  jurisdiction: (f) => ({ ...f, jurisdiction: { ...f.jurisdiction, kycCountry: 'US' } }),
};

const unlocked: UnlockState = { state: 'unlocked', coolingOffStartedAt: at(-30), unlockedAt: at(-6) };

describe('unlock state machine', () => {
  test('reports all eight requirements in order', () => {
    const e = evaluateUnlock(allMet(), lockedState, t0, rules);
    expect(e.requirements.map((r) => r.key)).toEqual(['paper_record', 'kyc', 'risk_quiz', 'acknowledgment', 'cooling_off', 'paid_tier', 'credentials', 'jurisdiction']);
  });

  test('with the other seven met, the cooling-off starts now and ends 24 h later', () => {
    const e = evaluateUnlock(allMet(), lockedState, t0, rules);
    expect(e.transition?.name).toBe('cooling_off_started');
    expect(e.state).toEqual({ state: 'cooling_off', coolingOffStartedAt: t0, unlockedAt: null });
    expect(e.unlocked).toBe(false);
    const c = e.requirements.find((r) => r.key === 'cooling_off');
    expect(c).toMatchObject({ state: 'waiting', expectedAt: at(24) });
  });

  test('unlocks once the cooling-off has run with everything still met', () => {
    const cooling: UnlockState = { state: 'cooling_off', coolingOffStartedAt: t0, unlockedAt: null };
    expect(evaluateUnlock(allMet(), cooling, at(23.9), rules).transition).toBeNull();
    const e = evaluateUnlock(allMet(), cooling, at(24), rules);
    expect(e.transition?.name).toBe('unlocked');
    expect(e.unlocked).toBe(true);
    expect(e.state.unlockedAt).toEqual(at(24));
    expect(e.requirements.every((r) => r.state === 'met')).toBe(true);
  });

  for (const [key, breakOne] of Object.entries(breakers)) {
    test(`${key} alone blocks: no cooling-off starts, and an unlocked bot lapses`, () => {
      const facts = breakOne(allMet());
      const e = evaluateUnlock(facts, lockedState, t0, rules);
      expect(e.transition).toBeNull();
      expect(e.state).toEqual(lockedState);
      const unmet = e.requirements.filter((r) => r.state !== 'met').map((r) => r.key);
      expect(unmet.sort()).toEqual(([key, 'cooling_off'] as RequirementKey[]).sort());
      expect(e.requirements.find((r) => r.key === key)?.missing).toBeString();
      const lapsed = evaluateUnlock(facts, unlocked, t0, rules);
      expect(lapsed.transition).toMatchObject({ name: 'lapsed', unmet: [key] });
      expect(lapsed.unlocked).toBe(false);
    });
  }

  test('cooling-off alone blocks: the other seven met, not yet 24 h', () => {
    const cooling: UnlockState = { state: 'cooling_off', coolingOffStartedAt: t0, unlockedAt: null };
    const e = evaluateUnlock(allMet(), cooling, at(12), rules);
    expect(e.unlocked).toBe(false);
    expect(e.requirements.filter((r) => r.state !== 'met').map((r) => r.key)).toEqual(['cooling_off']);
  });

  test('a lapse during the cooling-off interrupts it, and it restarts from zero', () => {
    const cooling: UnlockState = { state: 'cooling_off', coolingOffStartedAt: t0, unlockedAt: null };
    const interrupted = evaluateUnlock(breakers.paid_tier(allMet()), cooling, at(20), rules);
    expect(interrupted.transition).toMatchObject({ name: 'cooling_off_interrupted', unmet: ['paid_tier'] });
    const restarted = evaluateUnlock(allMet(), interrupted.state, at(21), rules);
    expect(restarted.state.coolingOffStartedAt).toEqual(at(21));
    expect(evaluateUnlock(allMet(), restarted.state, at(44), rules).unlocked).toBe(false);
    expect(evaluateUnlock(allMet(), restarted.state, at(45), rules).unlocked).toBe(true);
  });

  test('the paper record waiting only on time says when it will be met', () => {
    const f = allMet();
    const e = evaluateUnlock({ ...f, paperRecord: { ...f.paperRecord, met: false, firstQualifyingTradeAt: at(-20), paperTradingMs: 20 * HOUR } }, lockedState, t0, rules);
    expect(e.requirements[0]).toMatchObject({ key: 'paper_record', state: 'waiting', expectedAt: at(4) });
  });

  test('a sandbox verification counts only where no real money is traded', () => {
    const f = allMet();
    const sandboxed = { ...f, kyc: { ...f.kyc, provider: 'sandbox', sandbox: true } };
    expect(evaluateUnlock(sandboxed, lockedState, t0, rules).requirements[1]?.state).toBe('met');
    expect(evaluateUnlock(sandboxed, lockedState, t0, { ...rules, sandboxKycAccepted: false }).requirements[1]?.state).toBe('missing');
  });

  test('a final KYC rejection and a blocked country are reported as blocked, a close-only request country too', () => {
    const f = allMet();
    expect(evaluateUnlock({ ...f, kyc: { ...f.kyc, status: 'rejected', verifiedAt: null, reason: 'document forged' } }, lockedState, t0, rules).requirements[1]?.state).toBe('blocked');
    const closeOnly = evaluateUnlock({ ...f, jurisdiction: { ...f.jurisdiction, request: { country: 'SG', source: 'header' } } }, lockedState, t0, rules);
    expect(closeOnly.requirements[7]).toMatchObject({ state: 'blocked', details: { status: 'close_only' } });
    expect(closeOnly.jurisdictionStatus).toBe('close_only');
  });
});
