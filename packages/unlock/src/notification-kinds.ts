/** Every notification kind the unlock service sends (each has a template in `@polymancer/notify`'s `templates/unlock.ts`). */
export const unlockNotificationKinds = [
  'unlock.cooling_off_started',
  'unlock.cooling_off_interrupted',
  'unlock.unlocked',
  'unlock.lapsed',
  'unlock.quiz_passed',
  'unlock.acknowledged',
  'kyc.pending',
  'kyc.verified',
  'kyc.retry',
  'kyc.rejected',
  'kyc.unverified',
  'tier.changed',
  'bot.went_live',
  'bot.live_paused',
] as const;
