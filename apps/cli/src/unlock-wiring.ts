/**
 * Builds the unlock service and the request-country resolver from configuration: the db stores,
 * the KYC provider (sandbox or SumSub), the bots service's paper record, the bundled IP database.
 * The notifier and the credentials check are passed in (the notification outbox and the credential
 * vault are wired by the caller).
 */
import { createRequestCountryResolver, type RequestCountryResolver } from '@polymancer/api';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { createKycStore, createLiveBotStore, createStepsStore, createTierStore, createUnlockStore, type Database } from '@polymancer/db';
import { createCountryLookup, isLocalAddress } from '@polymancer/geoip';
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

export function requestCountryFrom(config: Config): RequestCountryResolver {
  const lookup = createCountryLookup();
  return createRequestCountryResolver({ header: config.jurisdiction.requestCountryHeader, countryOf: (ip) => lookup.countryOf(ip), isLocal: isLocalAddress });
}

