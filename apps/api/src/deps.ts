import type { Auth } from '@polymancer/accounts';
import type { AuditLog } from '@polymancer/audit';
import type { BotQueries, BotService, LivePreflight } from '@polymancer/bots';
import type { Config } from '@polymancer/config';
import type { CredentialVault } from '@polymancer/credentials';
import type { Clock } from '@polymancer/core';
import type { DatabaseHandle } from '@polymancer/db';
import type { NotificationService } from '@polymancer/notify';
import type { Logger, Metrics } from '@polymancer/observability';
import type { Breakers, Emergency, SlippageReports } from '@polymancer/safety';
import type { UnlockService } from '@polymancer/unlock';
import type { MarketDirectory } from '@polymancer/polymarket';
import type { RequestCountryResolver } from './http/request-country.ts';
import type { Readiness } from './readiness.ts';

/** Everything the API needs, built by the composition root (the CLI's `start`, or a test). */
export interface ApiDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly database: DatabaseHandle;
  readonly audit: AuditLog;
  /** Accounts: better-auth plus sessions' freshness and roles (`createAuth` from @polymancer/accounts). */
  readonly auth: Auth;
  readonly readiness: Readiness;
  /** Bots: the user-scoped service (create … delete) and the read side (trades, positions, P&L, decisions, unlock progress). */
  readonly bots: { readonly service: BotService; readonly queries: BotQueries };
  /** The unlock path: eligibility, KYC, quiz, acknowledgment, tiers and billing, go-live. */
  readonly unlock: UnlockService;
  /** Where a request comes from (trusted proxy header, else the bundled IP database): see `http/request-country.ts`. */
  readonly requestCountry: RequestCountryResolver;
  /** Notifications: `notify` for services, and the caller's in-app list (`@polymancer/notify`). */
  readonly notifications: NotificationService;
  /** The credential vault: validated import, list, re-validate, rotate, delete, export (`@polymancer/credentials`). */
  readonly credentials: CredentialVault;
  /** Live trading's safety: circuit breakers and emergency procedures (`@polymancer/safety`). */
  readonly safety: { readonly breakers: Breakers; readonly emergency: Emergency; readonly slippage: SlippageReports };
  /** Pre-flight diagnosis of a bot's live trading (`createLivePreflight` from @polymancer/bots): `GET /api/v1/bots/:id/live-preflight`. */
  readonly preflight: LivePreflight;
  /** Markets of the configured venue for `/api/v1/markets*` (`createMarketDirectory` from @polymancer/polymarket); unset = those routes answer 503. */
  readonly markets?: MarketDirectory;
}
