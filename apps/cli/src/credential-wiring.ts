/**
 * Builds the credential vault from configuration: master keys (CREDENTIALS_ENCRYPTION_KEYS, or the
 * local key file `start` generated), the exchange account and wallet-state reader over the configured
 * CLOB through the official client, the live-bot store, the notification outbox and the audit log.
 */
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { type AuditPort, configKeyProvider, createCredentialVault, type CredentialVault, type KeyRing, type Notifier } from '@polymancer/credentials';
import { createCredentialStore, createLiveBotStore, type Database } from '@polymancer/db';
import type { Logger } from '@polymancer/observability';
import { createExchangeAccount } from '@polymancer/polymarket';
import { localSecret } from './local-secrets.ts';

/** The local key file's name in the data folder (`credentials.secret`, mode 0600). */
export const localCredentialKeyName = 'credentials';

/**
 * CREDENTIALS_ENCRYPTION_KEYS as configured, else the local key file (generated on first use; config
 * refuses this in production and with real money).
 */
export function credentialKeysFrom(config: Config): { readonly keys: string; readonly generated: boolean } {
  if (config.credentialKeys.keys !== undefined) return { keys: config.credentialKeys.keys, generated: false };
  const secret = localSecret(config.dataDir, localCredentialKeyName);
  return { keys: `local:${secret.value}`, generated: secret.created };
}

export async function loadCredentialKeyRing(config: Config): Promise<KeyRing> {
  const { keys } = credentialKeysFrom(config);
  return configKeyProvider(keys, config.credentialKeys.activeKeyId).load();
}

export interface CredentialWiring {
  readonly db: Database;
  readonly clobUrl: string;
  readonly keyRing: KeyRing;
  readonly audit: AuditPort;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createVault(w: CredentialWiring): CredentialVault {
  const log = w.logger.child({ component: 'credentials' });
  const exchange = createExchangeAccount({ clobUrl: w.clobUrl });
  return createCredentialVault({
    store: createCredentialStore(w.db),
    keyRing: () => w.keyRing,
    exchange,
    wallets: exchange,
    liveBots: createLiveBotStore(w.db),
    notifier: w.notifier,
    audit: w.audit,
    clock: w.clock,
    onBackgroundError: (error, what) => log.warn({ what, code: (error as { code?: string }).code }, 'credential follow-up failed'),
  });
}
