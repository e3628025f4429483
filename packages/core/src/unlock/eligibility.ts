/**
 * The unlock state machine: whether a bot may go live.
 *
 * Guarantees
 * - Pure: the verdict depends only on the facts passed in and `now`; no I/O, no clock.
 * - A bot is `unlocked` only after every requirement other than the cooling-off (paper record, KYC,
 *   risk quiz, acknowledgment, paid tier, valid credentials, jurisdiction) was observed met, then
 *   stayed met at every later observation for the whole cooling-off (24 h by default). The
 *   cooling-off never starts before the other seven hold, and restarts from zero if any of them is
 *   observed unmet before it ends.
 * - An unlocked bot whose requirements stop holding is locked again (`lapsed`): eligibility is a
 *   standing condition, not a badge. Unlocking again takes a new cooling-off.
 * - Every requirement is reported, met or not, with what is missing and, for the timed ones (paper
 *   trading time, cooling-off), when it will be met.
 *
 * Semantics
 * - States: `locked` → (the other seven met) `cooling_off` (from `coolingOffStartedAt`) → (still met
 *   at or after start + cooling-off) `unlocked` (at `unlockedAt`); `cooling_off` → `locked` when one
 *   lapses (`interrupted`); `unlocked` → `locked` when one lapses (`lapsed`).
 * - `advanceUnlock` returns the next state and the transition taken (null when nothing changed);
 *   the caller persists the state with compare-and-set so a transition is applied — and
 *   announced — once, and records an audit event and a notification per transition.
 *
 * Known limitations
 * - "Stayed met" is as observed: a lapse that begins and ends between two observations goes
 *   unseen. The service observes on every eligibility read, on every event that changes a fact
 *   (KYC review, tier change, quiz, acknowledgment) and in a sweep every minute.
 */
import { type CountryStatus, judgeJurisdiction, type JurisdictionFacts, type JurisdictionLists } from './jurisdiction.ts';
import type { KycStatus } from './kyc.ts';
import { requirement, type Requirement, type RequirementKey } from './requirements.ts';
import { ACKNOWLEDGMENT_TEXT } from './acknowledgment.ts';
import { isPaidTier } from './tiers.ts';

export type UnlockStateName = 'locked' | 'cooling_off' | 'unlocked';

export interface UnlockState {
  readonly state: UnlockStateName;
  readonly coolingOffStartedAt: Date | null;
  readonly unlockedAt: Date | null;
}

export const lockedState: UnlockState = { state: 'locked', coolingOffStartedAt: null, unlockedAt: null };

/** The bot's own paper record as the bots service judges it (its rule decides `met`). */
export interface PaperRecordSummary {
  readonly met: boolean;
  readonly firstQualifyingTradeAt: Date | null;
  readonly paperTradingMs: number;
  readonly requiredPaperTradingMs: number;
  /** This bot's executed paper trades that count toward unlock. */
  readonly qualifyingTrades: number;
  readonly requiredTrades: number;
  /** Executed trades that do not count (made under settings looser than the platform minimums). */
  readonly notCountingTrades: number;
}

export interface EligibilityFacts {
  readonly paperRecord: PaperRecordSummary;
  readonly kyc: {
    readonly status: KycStatus;
    readonly provider: string | null;
    /** Whether that provider is the sandbox (a demo, not an identity check). */
    readonly sandbox: boolean;
    readonly verifiedAt: Date | null;
    /** The provider's user-facing reason (a RED retry or final rejection). */
    readonly reason: string | null;
  };
  readonly quiz: { readonly passedAt: Date | null; readonly passMark: number; readonly total: number; readonly nextAttemptAt: Date | null };
  readonly acknowledgedAt: Date | null;
  readonly tier: { readonly tier: string; readonly expiresAt: Date | null; readonly willRenew: boolean | null };
  readonly credentials: { readonly valid: boolean; readonly reason: string | null };
  readonly jurisdiction: JurisdictionFacts;
}

export interface EligibilityRules {
  readonly coolingOffMs: number;
  readonly jurisdiction: JurisdictionLists;
  /** False when the deployment trades real money: a sandbox "verification" then does not count. */
  readonly sandboxKycAccepted: boolean;
}

export type UnlockTransitionName = 'cooling_off_started' | 'cooling_off_interrupted' | 'unlocked' | 'lapsed';

export interface UnlockTransition {
  readonly name: UnlockTransitionName;
  readonly from: UnlockStateName;
  readonly to: UnlockStateName;
  /** Requirements that were unmet (interrupted, lapsed). */
  readonly unmet: readonly RequirementKey[];
}

export interface UnlockEvaluation {
  /** All eight, in the specification's order. */
  readonly requirements: readonly Requirement[];
  readonly state: UnlockState;
  readonly transition: UnlockTransition | null;
  readonly unlocked: boolean;
  readonly coolingOffEndsAt: Date | null;
  /** The stricter of the KYC and request countries' status (for the live path's close-only rule). */
  readonly jurisdictionStatus: CountryStatus | 'unknown';
}

const HOUR_MS = 3_600_000;

function hours(ms: number): string {
  const h = Math.ceil(ms / HOUR_MS);
  return `${h} hour${h === 1 ? '' : 's'}`;
}

function paperRecordRequirement(p: PaperRecordSummary): Requirement {
  const details = {
    firstQualifyingTradeAt: p.firstQualifyingTradeAt,
    paperTradingMs: p.paperTradingMs,
    requiredPaperTradingMs: p.requiredPaperTradingMs,
    qualifyingTrades: p.qualifyingTrades,
    requiredTrades: p.requiredTrades,
    notCountingTrades: p.notCountingTrades,
  };
  const timeMetAt = p.firstQualifyingTradeAt === null ? null : new Date(p.firstQualifyingTradeAt.getTime() + p.requiredPaperTradingMs);
  if (p.met) return requirement('paper_record', 'met', null, details, { metAt: timeMetAt });
  const missingTrades = Math.max(0, p.requiredTrades - p.qualifyingTrades);
  const missingMs = Math.max(0, p.requiredPaperTradingMs - p.paperTradingMs);
  const parts: string[] = [];
  if (missingTrades > 0) parts.push(`${missingTrades} more qualifying paper trade${missingTrades === 1 ? '' : 's'} by this bot`);
  if (p.firstQualifyingTradeAt === null) parts.push(`${hours(p.requiredPaperTradingMs)} of paper trading from this bot's first trade`);
  else if (missingMs > 0) parts.push(`${hours(missingMs)} more of paper trading`);
  const onlyTime = missingTrades === 0 && p.firstQualifyingTradeAt !== null;
  return requirement('paper_record', onlyTime ? 'waiting' : 'missing', parts.join(' and ') || 'the paper record is not complete', details, {
    expectedAt: onlyTime ? timeMetAt : null,
  });
}

function kycRequirement(k: EligibilityFacts['kyc'], rules: EligibilityRules): Requirement {
  const details = { status: k.status, provider: k.provider, sandbox: k.sandbox, verifiedAt: k.verifiedAt };
  switch (k.status) {
    case 'verified':
      if (k.sandbox && !rules.sandboxKycAccepted) {
        return requirement('kyc', 'missing', 'A sandbox verification does not count where real money is traded: verify your identity with the real provider', details);
      }
      return requirement('kyc', 'met', null, details, { metAt: k.verifiedAt });
    case 'pending':
      return k.reason === null
        ? requirement('kyc', 'waiting', 'Your identity check is under review', details)
        : requirement('kyc', 'missing', `Your identity check needs another try: ${k.reason}`, details);
    case 'rejected':
      return requirement('kyc', 'blocked', k.reason === null ? 'Your identity could not be verified' : `Your identity could not be verified: ${k.reason}`, details);
    case 'unverified':
      return requirement('kyc', 'missing', 'Verify your identity', details);
  }
}

function quizRequirement(q: EligibilityFacts['quiz']): Requirement {
  const details = { passedAt: q.passedAt, passMark: q.passMark, total: q.total, nextAttemptAt: q.nextAttemptAt };
  if (q.passedAt !== null) return requirement('risk_quiz', 'met', null, details, { metAt: q.passedAt });
  const when = q.nextAttemptAt === null ? '' : ` (next attempt from ${q.nextAttemptAt.toISOString()})`;
  return requirement('risk_quiz', 'missing', `Pass the risk quiz: ${q.passMark} of ${q.total} answers right${when}`, details);
}

function jurisdictionRequirement(f: JurisdictionFacts, lists: JurisdictionLists): { readonly req: Requirement; readonly status: CountryStatus | 'unknown' } {
  const v = judgeJurisdiction(f, lists);
  const details = { kycCountry: f.kycCountry, requestCountry: f.request?.country ?? null, requestCountrySource: f.request?.source ?? null };
  if (v.status === 'allowed') return { req: requirement('jurisdiction', 'met', null, details), status: 'allowed' };
  if (v.status === 'unknown') {
    const missing =
      v.which === 'kyc'
        ? 'The country of your identity document is known once your identity is verified'
        : 'We could not tell which country your requests come from';
    return { req: requirement('jurisdiction', 'missing', missing, details), status: 'unknown' };
  }
  const whose = v.which === 'kyc' ? 'your identity document' : 'your requests';
  const what = v.status === 'blocked' ? 'where live trading is not available' : 'where positions may only be closed, not opened';
  return { req: requirement('jurisdiction', 'blocked', `The country of ${whose} (${v.country}) is one ${what}`, { ...details, status: v.status }), status: v.status };
}

function coolingOffRequirement(s: UnlockState, othersUnmet: readonly RequirementKey[], coolingOffMs: number): Requirement {
  const endsAt = s.coolingOffStartedAt === null ? null : new Date(s.coolingOffStartedAt.getTime() + coolingOffMs);
  const details = { coolingOffMs, startedAt: s.coolingOffStartedAt, endsAt };
  if (s.state === 'unlocked') return requirement('cooling_off', 'met', null, details, { metAt: s.unlockedAt });
  if (s.state === 'cooling_off') return requirement('cooling_off', 'waiting', `The ${hours(coolingOffMs)} cooling-off is running`, details, { expectedAt: endsAt });
  return requirement('cooling_off', 'missing', `The ${hours(coolingOffMs)} cooling-off starts once every other requirement is met (still missing: ${othersUnmet.join(', ')})`, details);
}

/** The next state of the machine given whether the seven other requirements hold now. */
export function advanceUnlock(current: UnlockState, unmetOthers: readonly RequirementKey[], now: Date, coolingOffMs: number): { readonly state: UnlockState; readonly transition: UnlockTransition | null } {
  const othersMet = unmetOthers.length === 0;
  const t = (name: UnlockTransitionName, to: UnlockStateName): UnlockTransition => ({ name, from: current.state, to, unmet: unmetOthers });
  switch (current.state) {
    case 'locked':
      if (!othersMet) return { state: current, transition: null };
      return { state: { state: 'cooling_off', coolingOffStartedAt: now, unlockedAt: null }, transition: t('cooling_off_started', 'cooling_off') };
    case 'cooling_off': {
      if (!othersMet) return { state: lockedState, transition: t('cooling_off_interrupted', 'locked') };
      const started = current.coolingOffStartedAt ?? now;
      if (now.getTime() - started.getTime() < coolingOffMs) return { state: current, transition: null };
      return { state: { state: 'unlocked', coolingOffStartedAt: started, unlockedAt: now }, transition: t('unlocked', 'unlocked') };
    }
    case 'unlocked':
      if (othersMet) return { state: current, transition: null };
      return { state: lockedState, transition: t('lapsed', 'locked') };
  }
}

/** Judges every requirement and advances the machine one step. */
export function evaluateUnlock(facts: EligibilityFacts, current: UnlockState, now: Date, rules: EligibilityRules): UnlockEvaluation {
  const jurisdiction = jurisdictionRequirement(facts.jurisdiction, rules.jurisdiction);
  const others: Requirement[] = [
    paperRecordRequirement(facts.paperRecord),
    kycRequirement(facts.kyc, rules),
    quizRequirement(facts.quiz),
    facts.acknowledgedAt !== null
      ? requirement('acknowledgment', 'met', null, { text: ACKNOWLEDGMENT_TEXT }, { metAt: facts.acknowledgedAt })
      : requirement('acknowledgment', 'missing', `Type exactly: "${ACKNOWLEDGMENT_TEXT}"`, { text: ACKNOWLEDGMENT_TEXT }),
    isPaidTier(facts.tier.tier)
      ? requirement('paid_tier', 'met', null, { ...facts.tier })
      : requirement('paid_tier', 'missing', 'Subscribe to the Basic or Pro tier', { ...facts.tier }),
    facts.credentials.valid
      ? requirement('credentials', 'met', null, {})
      : requirement('credentials', 'missing', facts.credentials.reason ?? 'Import valid Polymarket API credentials', {}),
    jurisdiction.req,
  ];
  const unmet = others.filter((r) => r.state !== 'met').map((r) => r.key);
  const { state, transition } = advanceUnlock(current, unmet, now, rules.coolingOffMs);
  const coolingOff = coolingOffRequirement(state, unmet, rules.coolingOffMs);
  const [paper, kyc, quiz, ack, tier, creds, juris] = others as [Requirement, Requirement, Requirement, Requirement, Requirement, Requirement, Requirement];
  return {
    requirements: [paper, kyc, quiz, ack, coolingOff, tier, creds, juris],
    state,
    transition,
    unlocked: state.state === 'unlocked',
    coolingOffEndsAt: state.coolingOffStartedAt === null ? null : new Date(state.coolingOffStartedAt.getTime() + rules.coolingOffMs),
    jurisdictionStatus: jurisdiction.status,
  };
}
