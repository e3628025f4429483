/**
 * Every setting Polymancer reads from its environment: one row each, with a safe default and a
 * description. The README's configuration table is generated from this list (`bun scripts/config-table.ts`)
 * and a test keeps them in step.
 */
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalString = z.string().min(1).optional();
const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
const countryList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))
  .refine((list) => list.every((c) => /^[A-Z]{2}$/.test(c)), 'must be comma-separated ISO 3166-1 alpha-2 country codes');
/** `entitlement:tier` pairs, e.g. `basic:basic,pro:pro`. */
const entitlementTiers = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
  .refine((pairs) => pairs.every((p) => /^[^:\s]+:(basic|pro)$/.test(p)), 'must be comma-separated `entitlement:tier` pairs with tier basic or pro')
  .transform((pairs) => Object.fromEntries(pairs.map((p) => p.split(':') as [string, string])));

// Polymarket's published geoblock list (docs.polymarket.com/api-reference/geoblock): blocked and close-only countries.
const polymarketBlocked = 'AU,BE,BY,BI,CF,CD,CU,DE,ET,FR,GB,IR,IQ,IT,KP,LB,LY,MM,NI,NL,RU,SO,SS,SD,SY,UM,US,VE,YE';
const polymarketCloseOnly = 'PL,SG,TH,TW';

export interface SettingDefinition {
  readonly env: string;
  readonly schema: z.ZodType;
  readonly default: string | undefined;
  readonly secret: boolean;
  readonly description: string;
}

function setting(env: string, schema: z.ZodType, defaultValue: string | undefined, description: string, secret = false): SettingDefinition {
  return { env, schema, default: defaultValue, secret, description };
}

export const settings = [
  setting('POLYMANCER_ENV', z.enum(['development', 'test', 'production']), 'development', 'Deployment mode. `production` refuses generated secrets and the embedded defaults that are unsafe for real users: the embedded database and the local exchange as venue (DATABASE_URL and POLYMARKET_CLOB_URL required), and a DATABASE_URL role that could switch the audit log\'s triggers off (a superuser or the tables\' owner).'),
  setting('PORT', port, '8080', 'TCP port the API listens on.'),
  setting('HOST', z.string().min(1), '127.0.0.1', 'Interface the API binds to. Use 0.0.0.0 behind a proxy or in a container.'),
  setting('PUBLIC_URL', z.url().optional(), undefined, 'The URL users reach the API at (used for auth callbacks and cookies). Unset = http://localhost:PORT.'),
  setting('POLYMANCER_DATA_DIR', z.string().min(1), './.polymancer', 'Folder for local state: the embedded database and generated local secrets.'),
  setting('DATABASE_URL', z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(), undefined, 'PostgreSQL connection URL the API and workers use: in production the least-privilege app role (README "Running against PostgreSQL"). Unset = embedded PGlite under POLYMANCER_DATA_DIR.', true),
  setting('DATABASE_MIGRATION_URL', z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(), undefined, 'PostgreSQL URL of the owner role that runs migrations (`migrate`, and the migrate step of `start` and the worker); after migrating it grants the role DATABASE_URL connects as only what the app needs (no UPDATE, DELETE or TRUNCATE on the audit log, nothing that owns a table or can switch a trigger off). Unset = migrations run as DATABASE_URL when its role may create in the database (one role: fine on a laptop, refused in production since it can disable the audit triggers); a least-privilege app role runs none and refuses to start while one is pending. Needs DATABASE_URL; the embedded database is single-user.', true),
  setting('DATABASE_POOL_MAX', positiveInt, '10', 'Maximum connections per process to PostgreSQL.'),
  setting('AUTH_SECRET', z.string().min(32, 'must be at least 32 characters').optional(), undefined, 'Secret that signs sessions and encrypts MFA secrets. Unset = generated once into POLYMANCER_DATA_DIR (refused in production).', true),
  setting('FRESH_AUTH_WINDOW_SECS', positiveInt, '300', 'How recently a session must have (re)authenticated for sensitive actions (export, rotation, go-live, liquidation).'),
  setting('AUTH_RATE_LIMIT_WINDOW_SECS', positiveInt, '60', 'Window of the rate limit on /api/auth/* routes.'),
  setting('AUTH_RATE_LIMIT_MAX', positiveInt, '20', 'Requests allowed per client IP per window on /api/auth/* routes (sign-in and MFA routes allow a quarter of this).'),
  setting('SIGN_IN_FREE_FAILURES', positiveInt, '5', 'Failed sign-ins per account (from any address) before the backoff starts; a successful sign-in resets the count.'),
  setting('SIGN_IN_BACKOFF_MAX_SECS', positiveInt, '900', 'Longest wait the sign-in backoff imposes on an account: 1 s after the free failures, doubling per failure up to this. Attempts refused while waiting do not count.'),
  setting('SIGN_IN_FAILURES_FORGOTTEN_AFTER_SECS', positiveInt, '86400', 'An account with no failed sign-in for this long starts again with its free failures.'),
  setting('CORS_ORIGINS', csv, '', 'Comma-separated origins allowed to call the API from a browser. Empty = none besides PUBLIC_URL.'),
  setting('TRUST_PROXY', bool, 'false', 'Read the client IP from X-Forwarded-For (only behind a proxy you control). The address is the one your proxy appended, counted from the right (TRUST_PROXY_HOPS); entries a client wrote are never used.'),
  setting('TRUST_PROXY_HOPS', z.coerce.number().int().min(1).max(10), '1', 'With TRUST_PROXY: how many proxies you control each append to X-Forwarded-For (1 = one load balancer). The client IP is the entry this many places from the right.'),
  setting('TLS_CERT_FILE', optionalString, undefined, 'PEM certificate; with TLS_KEY_FILE the API terminates TLS itself (TLS 1.3 only).'),
  setting('TLS_KEY_FILE', optionalString, undefined, 'PEM private key for TLS_CERT_FILE.', true),
  setting('MAX_BODY_BYTES', positiveInt, '1048576', 'Largest request body accepted; larger bodies are answered 413.'),
  setting('METRICS_TOKEN', z.string().min(32, 'must be at least 32 characters').optional(), undefined, 'Bearer token that opens GET /metrics on the API port. Unset = /metrics is not served on the API port (only on METRICS_PORT, if set).', true),
  setting('METRICS_PORT', port.optional(), undefined, 'Serve /metrics (and nothing else) on this separate port, bound to METRICS_HOST; it also requires METRICS_TOKEN when that is set. Unset = no separate listener.'),
  setting('METRICS_HOST', z.string().min(1), '127.0.0.1', 'Interface the METRICS_PORT listener binds to (loopback by default: scrape it from the same host or a sidecar).'),
  setting('LOG_LEVEL', z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info', 'Minimum level of the JSON logs written to stdout.'),
  setting('WORKER_HEARTBEAT_CRON', z.string().min(1), '* * * * *', 'Schedule of the worker liveness heartbeat job (cron, UTC).'),
  setting('READY_HEARTBEAT_MAX_AGE_SECS', positiveInt, '180', '/readyz fails when no worker has beaten for this long.'),
  setting('TICK_CONCURRENCY', positiveInt, '8', 'Bot ticks of built-in strategies a worker process runs at once (its database pool should allow it: DATABASE_POOL_MAX).'),
  setting('LLM_TICK_CONCURRENCY', positiveInt, '8', 'Bot ticks of LLM strategies a worker process runs at once, in their own lane (a slow model never holds up built-in strategies).'),
  setting('POLYMARKET_CLOB_URL', z.url().optional(), undefined, "Polymarket CLOB base URL. Unset = the local exchange `start` runs (clob-sim)."),
  setting('POLYMARKET_GAMMA_URL', z.url().optional(), undefined, "Polymarket Gamma (market catalogue) base URL. Unset = the local exchange's Gamma routes, or https://gamma-api.polymarket.com when POLYMARKET_CLOB_URL is set."),
  setting('POLYMARKET_DATA_URL', z.url().optional(), undefined, "Polymarket data API base URL (public trade prints, `GET /trades?market=`, which momentum-on-trades strategies read). Unset = the local exchange's data routes, or https://data-api.polymarket.com when POLYMARKET_CLOB_URL is set (preproduction names its own)."),
  setting('POLYMARKET_ENVIRONMENT', z.enum(['auto', 'local', 'custom', 'preproduction', 'mainnet']), 'auto', 'Which exchange environment: its CLOB, Gamma and relayer hosts, chain id and contract addresses together. `local` = the local exchange `start` runs; `custom` = POLYMARKET_CLOB_URL with POLYMARKET_CHAIN_ID / POLYMARKET_CONTRACTS; `preproduction` = Polymarket\'s pre-production hosts (chain 137, production contracts); `mainnet` = Polymarket on Polygon (needs POLYGON_RPC_URL); `auto` = custom when POLYMARKET_CLOB_URL is set, else local.'),
  setting('POLYMARKET_RELAYER_URL', z.url().optional(), undefined, "Polymarket relayer (gasless wallet transactions: deposit wallets', proxy wallets' and Safes' redemptions) for a custom or local environment, e.g. `<local exchange>/relayer`. Unset = none for custom; mainnet and preproduction name their own; local = the worker relays on the local chain itself."),
  setting('POLYMARKET_RELAYER_API_KEY', optionalString, undefined, 'Relayer API key (polymarket.com → Settings → API Keys → Relayer API Keys), sent as RELAYER_API_KEY; needs POLYMARKET_RELAYER_API_KEY_ADDRESS. Used rather than builder credentials when both are set.', true),
  setting('POLYMARKET_RELAYER_API_KEY_ADDRESS', optionalString, undefined, 'The address shown beside the Relayer API key, sent as RELAYER_API_KEY_ADDRESS.'),
  setting('POLYMARKET_BUILDER_API_KEY', optionalString, undefined, 'Builder API key for the relayer (POLY_BUILDER_* HMAC headers), with POLYMARKET_BUILDER_SECRET and POLYMARKET_BUILDER_PASSPHRASE. Unset (and no Relayer API key) = relayer requests go unauthenticated, which Polymarket refuses.', true),
  setting('POLYMARKET_BUILDER_SECRET', optionalString, undefined, 'Secret (base64) of POLYMARKET_BUILDER_API_KEY: signs each relayer request.', true),
  setting('POLYMARKET_BUILDER_PASSPHRASE', optionalString, undefined, 'Passphrase of POLYMARKET_BUILDER_API_KEY.', true),
  setting('POLYMARKET_CHAIN_ID', positiveInt.optional(), undefined, 'Chain id of a custom environment: 137 (Polygon) or 80002 (Amoy), the chains the official client signs orders for (another is refused at start). Unset = 137; local = the local exchange\'s chain; mainnet and preproduction are 137.'),
  setting('POLYMARKET_CONTRACTS', optionalString, undefined, 'Contract addresses of a custom environment, as a JSON object: collateral, conditionalTokens, exchangeV2, negRiskExchangeV2, exchangeV3, negRiskAdapter, ctfCollateralAdapter, negRiskCtfCollateralAdapter, depositWalletFactory. The three exchanges must be the ones the official client signs for on that chain (else refused at start); the others are what balances, approvals and redemptions are read against. Unset on chain 137 = Polymarket\'s.'),
  setting('LIVE_ROLLOUT_STARTED_AT', z.iso.datetime({ offset: true }).optional(), undefined, "Start of the platform's graduated live rollout (ISO-8601): weeks 1–2 cap every live buy at $1, weeks 3–4 at $10, then bots' own limits; before it no live buy passes. Sells are never capped (a bot can always leave a position). Unset = no rollout caps."),
  setting('LIVE_EXCHANGE_TIMEOUT_MS', z.coerce.number().int().min(100).max(25_000), '10000', "How long each call of the live order path to the exchange waits for an answer. A post unanswered by then is recorded `outcome_unknown` (reconciliation asks the exchange and settles it; it is never posted again) and counts as a failed call for the API-error circuit breaker; an order lookup or a closed-only check unanswered counts as the exchange unreachable. 100–25000: each post runs inside the 30 s signing scope."),
  setting('POLYGON_RPC_URL', z.url().optional(), undefined, 'Polygon JSON-RPC URL for settlement monitoring. Unset = synthetic settlement on the local exchange.', true),
  setting('CLOB_SIM_PORT', port, '8090', 'Port of the local exchange started by `start` when POLYMARKET_CLOB_URL is unset (0 = any free port).'),
  setting('CLOB_SIM_CHAIN', z.enum(['auto', 'off']), 'auto', 'Chain under the local exchange `start` runs: `auto` = POLYGON_RPC_URL if set, else an embedded anvil (npm @foundry-rs/anvil) when installed, with the local contract set deployed so balances, allowances and settlement are on chain; `off` = ledger-only.'),
  setting('CLOB_SIM_REPLAY_DIR', optionalString, undefined, "Folder of recorded Polymarket books (and CLOB market descriptions) the local exchange `start` runs replays as live books, moving forward in time, beside its synthetic markets; paper bots trade on them (as `./polymancer sim --replay DIR`). Unset = no replay."),
  setting('CLOB_SIM_SEED', z.coerce.number().int().nonnegative(), '1', "Seed of the local exchange's synthetic markets and market makers."),
  setting('OPENROUTER_API_KEY', optionalString, undefined, 'OpenRouter API key for LLM strategies. Unset = LLM bots are refused; built-in strategies only.', true),
  setting('OPENROUTER_BASE_URL', z.url().optional(), undefined, 'OpenRouter-compatible API base URL. Unset = https://openrouter.ai/api/v1.'),
  setting('REAL_MONEY_TRADING', bool, 'false', 'The deployment trades real money (always so with POLYMANCER_ENV=production): live bots will place orders on the configured Polymarket CLOB; only trades on the real venue count toward unlock. Refuses the sandbox KYC provider, ignores sandbox billing events and local-address requests for jurisdiction. Off = nothing real is at stake.'),
  setting('KYC_PROVIDER', z.enum(['sandbox', 'sumsub']), 'sandbox', 'Identity verification provider. `sandbox` lets a local user complete KYC themselves (a demo, clearly labelled; refused with REAL_MONEY_TRADING); `sumsub` uses SumSub with the SUMSUB_* settings.'),
  setting('SUMSUB_BASE_URL', z.url(), 'https://api.sumsub.com', 'SumSub API base URL (the app token decides sandbox or production).'),
  setting('SUMSUB_APP_TOKEN', optionalString, undefined, 'SumSub app token (X-App-Token). Required with KYC_PROVIDER=sumsub.', true),
  setting('SUMSUB_SECRET_KEY', optionalString, undefined, "SumSub app token's secret key: signs every request (HMAC-SHA256). Required with KYC_PROVIDER=sumsub.", true),
  setting('SUMSUB_WEBHOOK_SECRET', optionalString, undefined, "Secret of SumSub's webhook: verifies the X-Payload-Digest of review webhooks. Required with KYC_PROVIDER=sumsub; without it every webhook is refused.", true),
  setting('SUMSUB_LEVEL_NAME', z.string().min(1), 'basic-kyc-level', 'SumSub verification level applicants are created at.'),
  setting('SUMSUB_ACCESS_TOKEN_TTL_SECS', positiveInt, '600', 'Lifetime of the SDK access token handed to the app.'),
  setting('REVENUECAT_WEBHOOK_AUTHORIZATION', optionalString, undefined, "The Authorization header value configured on RevenueCat's webhook; compared in constant time. Unset = the billing webhook refuses everything.", true),
  setting('REVENUECAT_ENTITLEMENT_TIERS', entitlementTiers, 'basic:basic,pro:pro', 'Which RevenueCat entitlement grants which tier, as `entitlement:tier` pairs (tier basic or pro).'),
  setting('BILLING_EXPIRY_GRACE_SECS', positiveInt, '86400', "How long past a subscription's expiry to wait for RevenueCat's EXPIRATION event before the tier is revoked anyway."),
  setting('JURISDICTION_BLOCKED_COUNTRIES', countryList, polymarketBlocked, "Countries (ISO alpha-2) where live trading is refused, for the KYC country and the request country. Default: Polymarket's published blocked list."),
  setting('JURISDICTION_CLOSE_ONLY_COUNTRIES', countryList, polymarketCloseOnly, "Countries where positions may only be reduced; users there cannot unlock. Default: Polymarket's published close-only list."),
  setting('REQUEST_COUNTRY_HEADER', optionalString, undefined, 'Header a proxy/CDN you control sets to the client country (e.g. `cf-ipcountry`). Unset = the client IP is looked up in the bundled IP-to-country database.'),
  setting('UNLOCK_COOLING_OFF_SECS', positiveInt, '86400', 'Cooling-off between meeting every other unlock requirement and the bot unlocking (at least 86400 in production).'),
  setting('RISK_QUIZ_PASS_MARK', z.coerce.number().int().min(4).max(5), '5', 'Right answers (of 5) needed to pass the risk quiz.'),
  setting('RISK_QUIZ_MAX_FAILED_ATTEMPTS', positiveInt, '3', 'Failed risk-quiz attempts allowed within RISK_QUIZ_LOCKOUT_SECS.'),
  setting('RISK_QUIZ_RETRY_WAIT_SECS', positiveInt, '600', 'Wait after a failed risk-quiz attempt before the next.'),
  setting('RISK_QUIZ_LOCKOUT_SECS', positiveInt, '86400', 'Window over which failed risk-quiz attempts are counted (and how long the quiz locks once they are used up).'),
  setting('SMTP_URL', z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(), undefined, 'Mail server for notification emails (smtp:// or smtps://, credentials in the URL). Unset = emails are written to the log and kept in the outbox.', true),
  setting('MAIL_FROM', z.string().min(3), 'Polymancer <no-reply@polymancer.local>', 'The From address of notification emails; its domain also names their Message-IDs.'),
  setting('AUDIT_CHECKPOINT_KEY_FILE', optionalString, undefined, 'Ed25519 private key (PKCS#8 PEM) that signs checkpoints of the audit chain head; keep it off the database host. Unset = POLYMANCER_DATA_DIR/audit-checkpoint.key, generated once (mode 0600).', true),
  setting('AUDIT_CHECKPOINT_FILE', optionalString, undefined, 'Append-only file the signed audit checkpoints are published to (one JSON line each); keep it off the database host or ship it elsewhere. Unset = POLYMANCER_DATA_DIR/audit-checkpoints.jsonl.'),
  setting('AUDIT_CHECKPOINT_CRON', z.string().min(1), '*/5 * * * *', 'Schedule of the signed audit checkpoint job (cron, UTC); a checkpoint is also taken at start and at shutdown. Rows newer than the last checkpoint are protected by the hash chain only.'),
  setting('CREDENTIALS_ENCRYPTION_KEYS', z.string().regex(/^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}\s*(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]{43,44}\s*)*$/, 'must be comma-separated `id:base64key` pairs (32-byte keys)').optional(), undefined, 'Master keys that encrypt stored exchange credentials (AES-256-GCM), as `id:base64key,…` (32 random bytes each; keep old keys listed while rows are re-encrypted). Unset = `start` generates a local key file (0600) in POLYMANCER_DATA_DIR; required in production and with REAL_MONEY_TRADING.', true),
  setting('CREDENTIALS_ACTIVE_KEY_ID', z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(), undefined, 'Which of CREDENTIALS_ENCRYPTION_KEYS encrypts new and re-encrypted credentials. Unset = the last listed. Changing it starts the background re-encryption of every stored credential.'),
  setting('MAX_BOTS_PER_USER', positiveInt, '25', "Most bots (paper and live, not deleted) one user may have; creating one more is refused with 409 bot_quota_exceeded, so one account cannot flood the scheduler."),
  setting('DEMO_USER', bool, 'true', 'On an empty database, `start` creates a demo account and prints its login (never in production).'),
] as const satisfies readonly SettingDefinition[];
