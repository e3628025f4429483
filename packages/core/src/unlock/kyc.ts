/**
 * Identity verification status: `unverified` → `pending` (verification started or under review) →
 * `verified` (GREEN) or `rejected` (RED, final). A RED review the user may retry (reviewRejectType
 * RETRY) sends them back to `pending` with the provider's user-facing reason. The provider's latest
 * review is the truth: a later review replaces an earlier one (the caller drops stale events).
 */
export const kycStatuses = ['unverified', 'pending', 'verified', 'rejected'] as const;
export type KycStatus = (typeof kycStatuses)[number];

export type KycReview =
  | { readonly answer: 'GREEN' }
  | { readonly answer: 'RED'; readonly rejectType: 'FINAL' | 'RETRY'; readonly labels: readonly string[]; readonly userMessage: string | null };

export type KycSignal =
  /** The user opened a verification (applicant created, SDK token issued). */
  | { readonly kind: 'started' }
  /** Documents submitted, on hold, or reset by the provider: a review is (again) outstanding. */
  | { readonly kind: 'pending' }
  | { readonly kind: 'reviewed'; readonly review: KycReview };

export interface KycTransition {
  readonly status: KycStatus;
  /** Why the user is where they are, in words they may see; null when nothing needs saying. */
  readonly reason: string | null;
}

export function nextKycStatus(current: KycStatus, signal: KycSignal): KycTransition {
  switch (signal.kind) {
    case 'started':
      // Starting again changes nothing once a review concluded or is under way.
      return { status: current === 'unverified' ? 'pending' : current, reason: null };
    case 'pending':
      return { status: 'pending', reason: null };
    case 'reviewed': {
      const r = signal.review;
      if (r.answer === 'GREEN') return { status: 'verified', reason: null };
      if (r.rejectType === 'RETRY') {
        return { status: 'pending', reason: r.userMessage ?? 'The identity check needs another try: please resubmit your documents.' };
      }
      return { status: 'rejected', reason: r.userMessage ?? 'Your identity could not be verified.' };
    }
  }
}
