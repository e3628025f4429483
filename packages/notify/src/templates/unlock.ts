/** Notifications of the unlock path (`@polymancer/unlock`): every state change of a bot's unlock, KYC, the tier, go-live. */
import { template, utc } from './template.ts';

const requirementNames: Readonly<Record<string, string>> = {
  paper_record: 'paper record',
  kyc: 'identity verification',
  risk_quiz: 'risk quiz',
  acknowledgment: 'risk acknowledgment',
  cooling_off: 'cooling-off',
  paid_tier: 'paid tier',
  credentials: 'valid exchange credentials',
  jurisdiction: 'jurisdiction',
};
const named = (keys: readonly string[]) => keys.map((k) => requirementNames[k] ?? k).join(', ');
const when = (iso: string | null) => (iso === null ? 'later' : utc(iso));

interface UnlockTransition {
  readonly botId: string;
  readonly botName: string;
  readonly from: string;
  readonly to: string;
  readonly unmet: readonly string[];
  readonly coolingOffStartedAt: string | null;
  readonly coolingOffEndsAt: string | null;
  readonly unlockedAt: string | null;
}

interface KycChange {
  readonly status: string;
  readonly reason: string | null;
  readonly provider: string;
}

export const unlockTemplates = {
  'unlock.cooling_off_started': template<UnlockTransition>({
    email: true,
    render: (d) => ({
      title: `${d.botName}: the 24-hour cooling-off has started`,
      body: `Every other requirement for live trading is met for ${d.botName}. The cooling-off ends at ${when(d.coolingOffEndsAt)}; if everything still holds then, the bot is unlocked and you may choose to go live.`,
    }),
  }),
  'unlock.cooling_off_interrupted': template<UnlockTransition>({
    email: true,
    render: (d) => ({
      title: `${d.botName}: cooling-off interrupted`,
      body: `The cooling-off for ${d.botName} stopped because a requirement no longer holds: ${named(d.unmet)}. It starts again from zero once everything holds.`,
    }),
  }),
  'unlock.unlocked': template<UnlockTransition>({
    email: true,
    render: (d) => ({
      title: `${d.botName} is unlocked for live trading`,
      body: `${d.botName} meets every requirement for live trading. Going live is never automatic: choose "Go live" in the app when you are ready. Live trading uses real money, which you may lose.`,
    }),
  }),
  'unlock.lapsed': template<UnlockTransition>({
    email: true,
    render: (d) => ({
      title: `${d.botName} is no longer unlocked`,
      body: `A live-trading requirement for ${d.botName} stopped holding: ${named(d.unmet)}. Once it holds again, a new 24-hour cooling-off starts.`,
    }),
  }),
  'unlock.quiz_passed': template<{ readonly score: number; readonly total: number }>({
    email: false,
    render: (d) => ({ title: 'Risk quiz passed', body: `You answered ${d.score} of ${d.total} questions right.` }),
  }),
  'unlock.acknowledged': template<{ readonly acknowledgedAt: string }>({
    email: false,
    render: (d) => ({ title: 'Risk acknowledged', body: `You confirmed at ${utc(d.acknowledgedAt)} that you understand you may lose real money.` }),
  }),
  'kyc.pending': template<KycChange>({
    email: false,
    render: () => ({ title: 'Identity check under way', body: 'Your identity verification has started. We will tell you when the review is done.' }),
  }),
  'kyc.verified': template<KycChange>({
    email: true,
    render: (d) => ({ title: 'Identity verified', body: d.provider === 'sandbox' ? 'Your SANDBOX identity check is complete (a demo: not a real verification).' : 'Your identity is verified.' }),
  }),
  'kyc.retry': template<KycChange>({
    email: true,
    render: (d) => ({ title: 'Identity check: please try again', body: `The identity check needs another try: ${d.reason ?? 'please resubmit your documents'}.` }),
  }),
  'kyc.rejected': template<KycChange>({
    email: true,
    render: (d) => ({ title: 'Identity could not be verified', body: `Your identity could not be verified${d.reason === null ? '' : `: ${d.reason}`}. Live trading is not available to this account.` }),
  }),
  'kyc.unverified': template<KycChange>({
    email: false,
    render: () => ({ title: 'Identity not verified', body: 'Your identity is not verified.' }),
  }),
  'tier.changed': template<{ readonly from: string; readonly to: string; readonly source: string; readonly expiresAt: string | null }>({
    email: true,
    render: (d) => ({
      title: `Your plan is now ${d.to}`,
      body: d.to === 'free' ? `Your ${d.from} plan ended. Live bots are paused until a paid plan is active again.` : `Your plan changed from ${d.from} to ${d.to}${d.expiresAt === null ? '' : `, paid until ${utc(d.expiresAt)}`}.`,
    }),
  }),
  'bot.went_live': template<{ readonly paperBotId: string; readonly liveBotId: string; readonly name: string }>({
    email: true,
    render: (d) => ({ title: `${d.name} is live`, body: `You made ${d.name} a live bot. It trades with real money under its risk limits; its paper bot stays as it was.` }),
  }),
  'bot.live_paused': template<{ readonly botId: string; readonly botName?: string; readonly reason: string; readonly unmet: readonly string[] }>({
    email: true,
    render: (d) => ({
      title: `Live bot ${d.botName ?? d.botId} paused`,
      body: `A live-trading requirement no longer holds (${named(d.unmet)}), so the live bot was paused. It can be resumed once every requirement holds again.`,
    }),
  }),
};
