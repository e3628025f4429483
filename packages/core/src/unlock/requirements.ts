/**
 * The eight requirements a bot must meet before it may trade live (the specification's "Unlock
 * Mechanism", issue 19). Each is reported with its state, what is missing, and — for the timed
 * ones — when it will be met.
 */
export const requirementKeys = [
  'paper_record',
  'kyc',
  'risk_quiz',
  'acknowledgment',
  'cooling_off',
  'paid_tier',
  'credentials',
  'jurisdiction',
] as const;

export type RequirementKey = (typeof requirementKeys)[number];

/**
 * - `met`: holds now;
 * - `waiting`: in progress and will be met at `expectedAt` without the user doing anything more
 *   (paper trading time, the cooling-off, a KYC review under way);
 * - `missing`: the user must act (take the quiz, type the acknowledgment, buy a tier, ...);
 * - `blocked`: cannot be met as things stand (KYC finally rejected, a blocked country).
 */
export type RequirementState = 'met' | 'waiting' | 'missing' | 'blocked';

export interface Requirement {
  readonly key: RequirementKey;
  readonly state: RequirementState;
  /** What is missing, in words the app shows; null when met. */
  readonly missing: string | null;
  /** When a timed requirement was or will be met (null: not timed, or unknown yet). */
  readonly metAt: Date | null;
  readonly expectedAt: Date | null;
  /** Figures behind the state (counts, countries, tier); never a secret. */
  readonly details: Readonly<Record<string, unknown>>;
}

export function requirement(
  key: RequirementKey,
  state: RequirementState,
  missing: string | null,
  details: Readonly<Record<string, unknown>> = {},
  times: { readonly metAt?: Date | null; readonly expectedAt?: Date | null } = {},
): Requirement {
  return { key, state, missing: state === 'met' ? null : missing, metAt: times.metAt ?? null, expectedAt: times.expectedAt ?? null, details };
}
