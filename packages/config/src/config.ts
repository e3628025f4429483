import { join } from 'node:path';
import { ConfigError } from '@polymancer/core';
import { type ExchangeEnvironment, resolveEnvironment } from './environments.ts';
import { settings } from './settings.ts';

/** Polymarket's data API (public trade prints) of the named environments; local and custom keep what was set. */
const HOSTED_DATA_URLS: Readonly<Partial<Record<ExchangeEnvironment['name'], string>>> = {
  mainnet: 'https://data-api.polymarket.com',
  preproduction: 'https://data-api-preprod-int.polymarket.com',
};

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** The owner role's URL that migrations run as; undefined = they run as `databaseUrl` (one role). */
  readonly databaseMigrationUrl: string | undefined;
  readonly databasePoolMax: number;
  readonly authSecret: string | undefined;
  readonly freshAuthWindowSecs: number;
  readonly authRateLimit: { readonly windowSecs: number; readonly max: number };
  readonly corsOrigins: readonly string[];
  readonly trustProxy: boolean;
  /** With `trustProxy`: how many proxies we control append to X-Forwarded-For. */
  readonly trustProxyHops: number;
  /** Per-account backoff on failed sign-ins (shared by every instance through the database). */
  readonly signInBackoff: { readonly freeFailures: number; readonly maxDelaySecs: number; readonly forgetAfterSecs: number };
  /** Where `/metrics` is served: with a bearer token on the API port, and/or on a separate listener. */
  readonly metrics: { readonly token: string | undefined; readonly port: number | undefined; readonly host: string };
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly maxBodyBytes: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly workerHeartbeatCron: string;
  readonly readyHeartbeatMaxAgeSecs: number;
  readonly ticks: { readonly concurrency: number; readonly llmConcurrency: number };
  readonly polymarket: { readonly clobUrl: string | undefined; readonly gammaUrl: string | undefined; readonly dataUrl: string | undefined };
  /** The exchange environment (POLYMARKET_ENVIRONMENT): hosts, chain id and contracts together, validated at start. */
  readonly exchangeEnvironment: ExchangeEnvironment;
  /**
   * Polymarket's relayer (gasless redemptions of deposit wallets, proxy wallets and Safes): the environment's host
   * and how to authenticate (`@polymancer/polymarket` `RelayerAuth`). `url` undefined = none configured (on the
   * local environment the worker then relays on the local chain itself).
   */
  readonly relayer: { readonly url: string | undefined; readonly auth: RelayerAuthConfig | undefined };
  /** LIVE_ROLLOUT_STARTED_AT: the platform's graduated rollout start; undefined = no rollout caps. */
  readonly liveRolloutStartedAt: Date | undefined;
  /** LIVE_EXCHANGE_TIMEOUT_MS: how long each live call to the exchange (a post, a lookup) waits for an answer. */
  readonly liveExchangeTimeoutMs: number;
  readonly polygonRpcUrl: string | undefined;
  readonly clobSim: { readonly port: number; readonly seed: number; readonly chain: 'auto' | 'off'; readonly replayDir: string | undefined };
  readonly openRouter: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly demoUser: boolean;
  /** Most bots one user may have (MAX_BOTS_PER_USER). */
  readonly maxBotsPerUser: number;
  /** Signed checkpoints of the audit chain head: the key and the file they are published to (both outside the database). */
  readonly auditCheckpoints: { readonly keyFile: string; readonly file: string; readonly cron: string };
  /** The credential vault's master keys (`id:base64key,…`) and the active key id; unset = a generated local key (never in production). */
  readonly credentialKeys: { readonly keys: string | undefined; readonly activeKeyId: string | undefined };
  /** Whether the deployment trades real money: REAL_MONEY_TRADING, or always in production. The one definition every rule uses. */
  readonly realMoney: boolean;
  readonly kyc:
    | { readonly provider: 'sandbox' }
    | {
        readonly provider: 'sumsub';
        readonly baseUrl: string;
        readonly appToken: string;
        readonly secretKey: string;
        readonly webhookSecret: string;
        readonly levelName: string;
        readonly accessTokenTtlSecs: number;
      };
  readonly revenueCat: { readonly webhookAuthorization: string | undefined; readonly entitlementTiers: Readonly<Record<string, 'basic' | 'pro'>>; readonly expiryGraceSecs: number };
  readonly jurisdiction: { readonly blockedCountries: readonly string[]; readonly closeOnlyCountries: readonly string[]; readonly requestCountryHeader: string | undefined };
  readonly unlock: {
    readonly coolingOffSecs: number;
    readonly quiz: { readonly passMark: number; readonly maxFailedAttempts: number; readonly retryWaitSecs: number; readonly lockoutSecs: number };
  };
}

export type RelayerAuthConfig =
  | { readonly kind: 'relayer_api_key'; readonly apiKey: string; readonly address: string }
  | { readonly kind: 'builder'; readonly key: string; readonly secret: string; readonly passphrase: string };

type Env = Readonly<Record<string, string | undefined>>;

/** Parses the environment once. Every problem is reported together, each naming its setting. */
export function loadConfig(env: Env = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const s of settings) {
    const raw = env[s.env];
    const input = raw === undefined || raw === '' ? s.default : raw;
    const parsed = s.schema.safeParse(input);
    if (parsed.success) values[s.env] = parsed.data;
    else problems.push(`${s.env}${given(s.secret, raw)}: ${parsed.error.issues.map(issueMessage).join('; ')}`);
  }
  const certFile = values.TLS_CERT_FILE as string | undefined;
  const keyFile = values.TLS_KEY_FILE as string | undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE: set both or neither');
  }
  for (const origin of (values.CORS_ORIGINS as string[] | undefined) ?? []) {
    if (!isOrigin(origin)) problems.push(`CORS_ORIGINS: ${JSON.stringify(origin)} is not an origin (scheme://host[:port], no path)`);
  }
  if (values.METRICS_PORT !== undefined && values.METRICS_PORT !== 0 && values.METRICS_PORT === values.PORT) {
    problems.push('METRICS_PORT: must differ from PORT (the metrics listener is a separate socket)');
  }
  const envName = values.POLYMANCER_ENV as Config['env'];
  if (values.DATABASE_MIGRATION_URL !== undefined && values.DATABASE_URL === undefined) {
    problems.push('DATABASE_MIGRATION_URL: needs DATABASE_URL (the app role\'s URL); the embedded database is single-user and has no roles');
  }
  if (envName === 'production' && values.DATABASE_URL === undefined) {
    problems.push('DATABASE_URL: required in production (the embedded database is for one laptop, not for real users)');
  }
  if (envName === 'production' && values.POLYMARKET_CLOB_URL === undefined) {
    problems.push('POLYMARKET_CLOB_URL: required in production (the local exchange is a simulator, never the venue of a production deployment)');
  }
  if (envName === 'production' && values.AUTH_SECRET === undefined) {
    problems.push('AUTH_SECRET: required in production (a generated local secret is not acceptable)');
  }
  // One definition of real money everywhere (paper-record rules, KYC, billing, jurisdiction, credentials):
  // a production deployment always trades real money; REAL_MONEY_TRADING turns it on elsewhere.
  const realMoney = (values.REAL_MONEY_TRADING as boolean) || envName === 'production';
  const kycProvider = values.KYC_PROVIDER as 'sandbox' | 'sumsub';
  if (kycProvider === 'sandbox' && realMoney) {
    problems.push('KYC_PROVIDER: the sandbox provider is a demo and is refused where real money is traded (POLYMANCER_ENV=production or REAL_MONEY_TRADING=true); use sumsub');
  }
  if (kycProvider === 'sumsub') {
    for (const name of ['SUMSUB_APP_TOKEN', 'SUMSUB_SECRET_KEY', 'SUMSUB_WEBHOOK_SECRET']) {
      if (values[name] === undefined) problems.push(`${name}: required with KYC_PROVIDER=sumsub`);
    }
  }
  if (envName === 'production' && (values.UNLOCK_COOLING_OFF_SECS as number) < 86_400) {
    problems.push('UNLOCK_COOLING_OFF_SECS: at least 86400 (24 hours) in production');
  }
  if (realMoney && values.CREDENTIALS_ENCRYPTION_KEYS === undefined) {
    problems.push('CREDENTIALS_ENCRYPTION_KEYS: required in production and with REAL_MONEY_TRADING (a generated local key is not acceptable for live trading)');
  }
  const credentialKeys = values.CREDENTIALS_ENCRYPTION_KEYS as string | undefined;
  const activeKeyId = values.CREDENTIALS_ACTIVE_KEY_ID as string | undefined;
  if (credentialKeys !== undefined && activeKeyId !== undefined && !credentialKeys.split(',').some((entry) => entry.trim().startsWith(`${activeKeyId}:`))) {
    problems.push(`CREDENTIALS_ACTIVE_KEY_ID: ${activeKeyId} is not one of the ids in CREDENTIALS_ENCRYPTION_KEYS`);
  }
  const blocked = values.JURISDICTION_BLOCKED_COUNTRIES as string[] | undefined;
  const closeOnly = values.JURISDICTION_CLOSE_ONLY_COUNTRIES as string[] | undefined;
  const both = (blocked ?? []).filter((c) => (closeOnly ?? []).includes(c));
  if (both.length > 0) problems.push(`JURISDICTION_CLOSE_ONLY_COUNTRIES: ${both.join(', ')} also listed as blocked`);
  const exchange = resolveEnvironment({
    environment: values.POLYMARKET_ENVIRONMENT as 'auto' | ExchangeEnvironment['name'],
    clobUrl: values.POLYMARKET_CLOB_URL as string | undefined,
    gammaUrl: values.POLYMARKET_GAMMA_URL as string | undefined,
    relayerUrl: values.POLYMARKET_RELAYER_URL as string | undefined,
    rpcUrl: values.POLYGON_RPC_URL as string | undefined,
    chainId: values.POLYMARKET_CHAIN_ID as number | undefined,
    contractsJson: values.POLYMARKET_CONTRACTS as string | undefined,
  });
  problems.push(...exchange.problems);
  const relayerApiKey = values.POLYMARKET_RELAYER_API_KEY as string | undefined;
  const relayerApiKeyAddress = values.POLYMARKET_RELAYER_API_KEY_ADDRESS as string | undefined;
  if ((relayerApiKey === undefined) !== (relayerApiKeyAddress === undefined)) problems.push('POLYMARKET_RELAYER_API_KEY_ADDRESS: set together with POLYMARKET_RELAYER_API_KEY (the address shown beside the key)');
  if (relayerApiKeyAddress !== undefined && !/^0x[0-9a-fA-F]{40}$/.test(relayerApiKeyAddress)) problems.push('POLYMARKET_RELAYER_API_KEY_ADDRESS: must be 0x followed by 40 hex digits');
  const builder = ['POLYMARKET_BUILDER_API_KEY', 'POLYMARKET_BUILDER_SECRET', 'POLYMARKET_BUILDER_PASSPHRASE'].map((name) => values[name] as string | undefined);
  if (builder.some((v) => v !== undefined) && builder.some((v) => v === undefined)) problems.push('POLYMARKET_BUILDER_API_KEY: set together with POLYMARKET_BUILDER_SECRET and POLYMARKET_BUILDER_PASSPHRASE');
  const relayerAuth: RelayerAuthConfig | undefined =
    relayerApiKey !== undefined && relayerApiKeyAddress !== undefined
      ? { kind: 'relayer_api_key', apiKey: relayerApiKey, address: relayerApiKeyAddress }
      : builder.every((v) => v !== undefined)
        ? { kind: 'builder', key: builder[0] as string, secret: builder[1] as string, passphrase: builder[2] as string }
        : undefined;
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`, { details: { problems } });
  }
  const port = values.PORT as number;
  return {
    env: envName,
    port,
    host: values.HOST as string,
    publicUrl: ((values.PUBLIC_URL as string | undefined) ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir: values.POLYMANCER_DATA_DIR as string,
    databaseUrl: values.DATABASE_URL as string | undefined,
    databaseMigrationUrl: values.DATABASE_MIGRATION_URL as string | undefined,
    databasePoolMax: values.DATABASE_POOL_MAX as number,
    authSecret: values.AUTH_SECRET as string | undefined,
    freshAuthWindowSecs: values.FRESH_AUTH_WINDOW_SECS as number,
    authRateLimit: { windowSecs: values.AUTH_RATE_LIMIT_WINDOW_SECS as number, max: values.AUTH_RATE_LIMIT_MAX as number },
    corsOrigins: (values.CORS_ORIGINS as string[]).map((origin) => origin.toLowerCase()),
    trustProxy: values.TRUST_PROXY as boolean,
    trustProxyHops: values.TRUST_PROXY_HOPS as number,
    signInBackoff: {
      freeFailures: values.SIGN_IN_FREE_FAILURES as number,
      maxDelaySecs: values.SIGN_IN_BACKOFF_MAX_SECS as number,
      forgetAfterSecs: values.SIGN_IN_FAILURES_FORGOTTEN_AFTER_SECS as number,
    },
    metrics: { token: values.METRICS_TOKEN as string | undefined, port: values.METRICS_PORT as number | undefined, host: values.METRICS_HOST as string },
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    maxBodyBytes: values.MAX_BODY_BYTES as number,
    logLevel: values.LOG_LEVEL as Config['logLevel'],
    workerHeartbeatCron: values.WORKER_HEARTBEAT_CRON as string,
    readyHeartbeatMaxAgeSecs: values.READY_HEARTBEAT_MAX_AGE_SECS as number,
    ticks: { concurrency: values.TICK_CONCURRENCY as number, llmConcurrency: values.LLM_TICK_CONCURRENCY as number },
    // A named environment's hosts (mainnet, preproduction) fill in the URLs; local and custom keep what was set.
    polymarket: {
      clobUrl: exchange.environment.clobUrl,
      gammaUrl: (values.POLYMARKET_GAMMA_URL as string | undefined) ?? (exchange.environment.name === 'mainnet' || exchange.environment.name === 'preproduction' ? exchange.environment.gammaUrl : undefined),
      dataUrl: (values.POLYMARKET_DATA_URL as string | undefined) ?? HOSTED_DATA_URLS[exchange.environment.name],
    },
    exchangeEnvironment: exchange.environment,
    relayer: { url: exchange.environment.relayerUrl, auth: relayerAuth },
    liveRolloutStartedAt: values.LIVE_ROLLOUT_STARTED_AT === undefined ? undefined : new Date(values.LIVE_ROLLOUT_STARTED_AT as string),
    liveExchangeTimeoutMs: values.LIVE_EXCHANGE_TIMEOUT_MS as number,
    polygonRpcUrl: values.POLYGON_RPC_URL as string | undefined,
    clobSim: { port: values.CLOB_SIM_PORT as number, seed: values.CLOB_SIM_SEED as number, chain: values.CLOB_SIM_CHAIN as 'auto' | 'off', replayDir: values.CLOB_SIM_REPLAY_DIR as string | undefined },
    openRouter: { apiKey: values.OPENROUTER_API_KEY as string | undefined, baseUrl: values.OPENROUTER_BASE_URL as string | undefined },
    mail: { smtpUrl: values.SMTP_URL as string | undefined, from: values.MAIL_FROM as string },
    demoUser: (values.DEMO_USER as boolean) && envName !== 'production',
    maxBotsPerUser: values.MAX_BOTS_PER_USER as number,
    auditCheckpoints: {
      keyFile: (values.AUDIT_CHECKPOINT_KEY_FILE as string | undefined) ?? join(values.POLYMANCER_DATA_DIR as string, 'audit-checkpoint.key'),
      file: (values.AUDIT_CHECKPOINT_FILE as string | undefined) ?? join(values.POLYMANCER_DATA_DIR as string, 'audit-checkpoints.jsonl'),
      cron: values.AUDIT_CHECKPOINT_CRON as string,
    },
    credentialKeys: { keys: credentialKeys?.replace(/\s+/g, ''), activeKeyId },
    realMoney,
    kyc:
      kycProvider === 'sandbox'
        ? { provider: 'sandbox' }
        : {
            provider: 'sumsub',
            baseUrl: (values.SUMSUB_BASE_URL as string).replace(/\/$/, ''),
            appToken: values.SUMSUB_APP_TOKEN as string,
            secretKey: values.SUMSUB_SECRET_KEY as string,
            webhookSecret: values.SUMSUB_WEBHOOK_SECRET as string,
            levelName: values.SUMSUB_LEVEL_NAME as string,
            accessTokenTtlSecs: values.SUMSUB_ACCESS_TOKEN_TTL_SECS as number,
          },
    revenueCat: {
      webhookAuthorization: values.REVENUECAT_WEBHOOK_AUTHORIZATION as string | undefined,
      entitlementTiers: values.REVENUECAT_ENTITLEMENT_TIERS as Record<string, 'basic' | 'pro'>,
      expiryGraceSecs: values.BILLING_EXPIRY_GRACE_SECS as number,
    },
    jurisdiction: {
      blockedCountries: blocked ?? [],
      closeOnlyCountries: closeOnly ?? [],
      requestCountryHeader: (values.REQUEST_COUNTRY_HEADER as string | undefined)?.toLowerCase(),
    },
    unlock: {
      coolingOffSecs: values.UNLOCK_COOLING_OFF_SECS as number,
      quiz: {
        passMark: values.RISK_QUIZ_PASS_MARK as number,
        maxFailedAttempts: values.RISK_QUIZ_MAX_FAILED_ATTEMPTS as number,
        retryWaitSecs: values.RISK_QUIZ_RETRY_WAIT_SECS as number,
        lockoutSecs: values.RISK_QUIZ_LOCKOUT_SECS as number,
      },
    },
  };
}

/** The value a person typed, quoted, so `PORT=abc` is reported as "abc" — never a secret's value. */
function given(secret: boolean, raw: string | undefined): string {
  return secret || raw === undefined || raw === '' ? '' : ` = ${JSON.stringify(raw)}`;
}

/** zod's coercion reports "received NaN" for text that is not a number: say that in words. */
function issueMessage(issue: { code: string; message: string; expected?: unknown }): string {
  return issue.code === 'invalid_type' && issue.expected === 'number' ? 'not a number' : issue.message;
}

/** `https://app.example.com` is an origin; `https://app.example.com/`, `…/path` or `null` are not. */
function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value.toLowerCase() && value.toLowerCase() !== 'null';
  } catch {
    return false;
  }
}
