import type { Clock } from '@polymancer/core';
import type { AuditPort, CredentialsPort, KycProvider, KycStore, LiveBotStore, Notifier, PaperRecordPort, StepsStore, TierStore, UnlockStore } from './ports.ts';
import type { UnlockSettings } from './settings.ts';

export interface UnlockDeps {
  readonly store: UnlockStore;
  readonly steps: StepsStore;
  readonly kycStore: KycStore;
  readonly kyc: KycProvider;
  readonly tiers: TierStore;
  readonly liveBots: LiveBotStore;
  readonly paperRecord: PaperRecordPort;
  readonly credentials: CredentialsPort;
  readonly notifier: Notifier;
  readonly audit: AuditPort;
  readonly clock: Clock;
  readonly settings: UnlockSettings;
  /** Failures of best-effort follow-ups (a notification, re-observing bots) are reported here, never thrown at the caller. */
  readonly onBackgroundError?: (error: unknown, what: string) => void;
}
