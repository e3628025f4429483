/**
 * Builds the unlock service from configuration: the db stores, the KYC provider (sandbox or SumSub),
 * the bots service's paper record. The notifier and the credentials check are passed in (the
 * notification outbox and the credential vault are wired by the caller). Shared by `start` and the
 * standalone worker (both run the unlock sweep); the API's request-country resolver is the CLI's.
 */
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { createKycStore, createLiveBotStore, createStepsStore, createTierStore, createUnlockStore, type Database } from '@polymancer/db';
import { createSandboxKycProvider, createSumsubProvider } from '@polymancer/kyc';
import type { Logger } from '@polymancer/observability';
import { type AuditPort, type BotsPaperRecord, type CredentialsPort, createUnlockService, type KycProvider, type Notifier, paperRecordFromBots, type UnlockService, unlockSettingsFrom } from '@polymancer/unlock';

export function kycProviderFrom(config: Config, clock: Clock): KycProvider {
  return config.kyc.provider === 'sandbox' ? createSandboxKycProvider({ realMoney: config.realMoney }) : createSumsubProvider({ ...config.kyc, clock });
}

export interface UnlockWiring {
  readonly config: Config;
  readonly db: Database;
  readonly audit: AuditPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly paperRecords: { paperRecord(userId: string, botId: string): Promise<BotsPaperRecord> };
  readonly notifier: Notifier;
  readonly credentials: CredentialsPort;
  /** Default: from configuration. */
  readonly kyc?: KycProvider;
}

export function createUnlock(w: UnlockWiring): UnlockService {
  const log = w.logger.child({ component: 'unlock' });
  return createUnlockService({
    store: createUnlockStore(w.db),
    steps: createStepsStore(w.db),
    kycStore: createKycStore(w.db),
    kyc: w.kyc ?? kycProviderFrom(w.config, w.clock),
    tiers: createTierStore(w.db),
    liveBots: createLiveBotStore(w.db),
    paperRecord: paperRecordFromBots(w.paperRecords),
    credentials: w.credentials,
    notifier: w.notifier,
    audit: w.audit,
    clock: w.clock,
    settings: unlockSettingsFrom(w.config),
    onBackgroundError: (error, what) => log.warn({ what, code: (error as { code?: string }).code }, 'unlock follow-up failed'),
  });
}
