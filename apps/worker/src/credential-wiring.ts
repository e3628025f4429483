/**
 * Builds the credential vault from configuration: master keys (CREDENTIALS_ENCRYPTION_KEYS, or the
 * local key file generated into the data folder), the exchange account and wallet-state reader over
 * the configured CLOB through the official client, the live-bot store, the notification outbox and
 * the audit log. `start` and the standalone worker share it (same data folder → same local key).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { type AuditPort, createCredentialVault, type CredentialVault, type KeyRing, type Notifier, parseKeyRing } from '@polymancer/credentials';
import { createCredentialStore, createExportRequestStore, createLiveBotStore, type Database } from '@polymancer/db';
import type { Logger } from '@polymancer/observability';
import { createChainReader, createChainWalletState, createExchangeAccount, type SigningEnvironment } from '@polymancer/polymarket';

/** The local key file in the data folder (mode 0600); config refuses it in production and with real money. */
export const localCredentialKeyFile = 'credentials.key';

/** CREDENTIALS_ENCRYPTION_KEYS as configured, else the local key file (generated on first use). */
export function credentialKeysFrom(config: Config): { readonly keys: string; readonly generatedFile: string | null } {
  if (config.credentialKeys.keys !== undefined) return { keys: config.credentialKeys.keys, generatedFile: null };
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, localCredentialKeyFile);
  if (existsSync(path)) return { keys: `local:${readFileSync(path, 'utf8').trim()}`, generatedFile: null };
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return { keys: `local:${key}`, generatedFile: path };
}

export function credentialKeyRingFrom(config: Config): KeyRing {
  return parseKeyRing(credentialKeysFrom(config).keys, config.credentialKeys.activeKeyId);
}

export interface CredentialWiring {
  readonly db: Database;
  readonly clobUrl: string;
  /** POLYGON_RPC_URL: balances and approvals are read from the chain; unset = from the exchange's balance-allowance endpoint. */
  readonly rpcUrl?: string | undefined;
  /** The chain the exchange signs for and the contracts read on it (`signingEnvironment`); default Polygon's. */
  readonly signing?: SigningEnvironment;
  readonly keyRing: KeyRing;
  readonly audit: AuditPort;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function createVault(w: CredentialWiring): CredentialVault {
  const log = w.logger.child({ component: 'credentials' });
  const exchange = createExchangeAccount({ clobUrl: w.clobUrl, ...(w.signing === undefined ? {} : { chainId: w.signing.chainId }) });
  return createCredentialVault({
    store: createCredentialStore(w.db),
    exports: createExportRequestStore(w.db),
    keyRing: () => w.keyRing,
    exchange,
    wallets: w.rpcUrl === undefined ? exchange : createChainWalletState(createChainReader({ rpcUrl: w.rpcUrl, ...(w.signing === undefined ? {} : { contracts: w.signing.contracts }) })),
    liveBots: createLiveBotStore(w.db),
    notifier: w.notifier,
    audit: w.audit,
    clock: w.clock,
    onBackgroundError: (error, what) => log.warn({ what, code: (error as { code?: string }).code }, 'credential follow-up failed'),
  });
}
