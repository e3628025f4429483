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
  setting('POLYMANCER_ENV', z.enum(['development', 'test', 'production']), 'development', 'Deployment mode. `production` refuses generated secrets and embedded defaults that are unsafe for real users.'),
  setting('PORT', port, '8080', 'TCP port the API listens on.'),
  setting('HOST', z.string().min(1), '127.0.0.1', 'Interface the API binds to. Use 0.0.0.0 behind a proxy or in a container.'),
  setting('PUBLIC_URL', z.url().optional(), undefined, 'The URL users reach the API at (used for auth callbacks and cookies). Unset = http://localhost:PORT.'),
  setting('POLYMANCER_DATA_DIR', z.string().min(1), './.polymancer', 'Folder for local state: the embedded database and generated local secrets.'),
  setting('DATABASE_URL', z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(), undefined, 'PostgreSQL connection URL. Unset = embedded PGlite under POLYMANCER_DATA_DIR.', true),
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
  setting('POLYMARKET_CLOB_URL', z.url().optional(), undefined, "Polymarket CLOB base URL. Unset = the local exchange `start` runs (clob-sim)."),
  setting('POLYMARKET_GAMMA_URL', z.url().optional(), undefined, "Polymarket Gamma (market catalogue) base URL. Unset = the local exchange's Gamma routes, or https://gamma-api.polymarket.com when POLYMARKET_CLOB_URL is set."),
  setting('POLYGON_RPC_URL', z.url().optional(), undefined, 'Polygon JSON-RPC URL for settlement monitoring. Unset = synthetic settlement on the local exchange.', true),
  setting('CLOB_SIM_PORT', port, '8090', 'Port of the local exchange started by `start` when POLYMARKET_CLOB_URL is unset (0 = any free port).'),
  setting('CLOB_SIM_SEED', z.coerce.number().int().nonnegative(), '1', "Seed of the local exchange's synthetic markets and market makers."),
  setting('OPENROUTER_API_KEY', optionalString, undefined, 'OpenRouter API key for LLM strategies. Unset = LLM bots are refused; built-in strategies only.', true),
  setting('OPENROUTER_BASE_URL', z.url().optional(), undefined, 'OpenRouter-compatible API base URL. Unset = https://openrouter.ai/api/v1.'),
  setting('SMTP_URL', z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(), undefined, 'Mail server for notification emails (smtp:// or smtps://, credentials in the URL). Unset = emails are written to the log and kept in the outbox.', true),
  setting('MAIL_FROM', z.string().min(3), 'Polymancer <no-reply@polymancer.local>', 'The From address of notification emails; its domain also names their Message-IDs.'),
  setting('DEMO_USER', bool, 'true', 'On an empty database, `start` creates a demo account and prints its login (never in production).'),
] as const satisfies readonly SettingDefinition[];
