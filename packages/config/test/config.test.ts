import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { ConfigError } from '@polymancer/core';
import { loadConfig, redactConfig, settings } from '@polymancer/config';

/** One 32-byte credential master key (id `k1`), as CREDENTIALS_ENCRYPTION_KEYS takes it. */
const credentialKeys = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

/** What production needs besides its secrets: a real database and the real exchange. */
const productionVenue = { DATABASE_URL: 'postgres://app@db:5432/polymancer', POLYMARKET_CLOB_URL: 'https://clob.polymarket.com' };
// Production trades real money, so its KYC is the real provider.
const productionKyc = { KYC_PROVIDER: 'sumsub', SUMSUB_APP_TOKEN: 't', SUMSUB_SECRET_KEY: 's', SUMSUB_WEBHOOK_SECRET: 'w' };

describe('production refuses the embedded defaults', () => {
  test('no embedded database and no local exchange as the venue: DATABASE_URL and POLYMARKET_CLOB_URL are required', () => {
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/DATABASE_URL: required in production/);
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/POLYMARKET_CLOB_URL: required in production/);
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), DATABASE_URL: productionVenue.DATABASE_URL })).toThrow(/POLYMARKET_CLOB_URL/);
    expect(loadConfig({ DATABASE_URL: '', POLYMARKET_CLOB_URL: '' }).databaseUrl).toBeUndefined();
  });
});

describe('configuration', () => {
  test('every setting has a safe default: an empty environment loads', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('./.polymancer');
    expect(config.freshAuthWindowSecs).toBe(300);
    expect(config.tls).toBeUndefined();
  });

  test('an invalid setting fails with a message naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
  });

  test('a bad value is reported as given, never as NaN, and a secret value is never echoed', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow('PORT = "abc": not a number');
    expect(() => loadConfig({ PORT: 'abc' })).not.toThrow(/NaN/);
    expect(() => loadConfig({ CLOB_SIM_SEED: 'x1' })).toThrow('CLOB_SIM_SEED = "x1": not a number');
    try {
      loadConfig({ AUTH_SECRET: 'short-secret-value' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).toContain('AUTH_SECRET');
      expect((e as Error).message).not.toContain('short-secret-value');
    }
  });

  test('all problems are reported together', () => {
    try {
      loadConfig({ PORT: '-1', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect((e as Error).message).toContain('PORT');
      expect((e as Error).message).toContain('LOG_LEVEL');
    }
  });

  test('production refuses to run without an explicit auth secret and never creates a demo user', () => {
    expect(() => loadConfig({ POLYMANCER_ENV: 'production' })).toThrow(/AUTH_SECRET/);
    const config = loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, ...productionVenue, ...productionKyc });
    expect(config.demoUser).toBe(false);
  });

  test('production always trades real money: one definition, so the sandbox KYC is refused there without REAL_MONEY_TRADING', () => {
    const config = loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, ...productionVenue, ...productionKyc });
    expect(config.realMoney).toBe(true);
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, ...productionVenue })).toThrow(/KYC_PROVIDER: the sandbox provider/);
    expect(loadConfig({}).realMoney).toBe(false);
    expect(loadConfig({ REAL_MONEY_TRADING: 'true', CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, ...productionKyc }).realMoney).toBe(true);
  });

  test('live trading refuses to run without explicit credential keys; the active key must be one of them', () => {
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40) })).toThrow(/CREDENTIALS_ENCRYPTION_KEYS: required in production/);
    expect(() => loadConfig({ REAL_MONEY_TRADING: 'true', KYC_PROVIDER: 'sumsub', SUMSUB_APP_TOKEN: 't', SUMSUB_SECRET_KEY: 's', SUMSUB_WEBHOOK_SECRET: 'w' })).toThrow(/CREDENTIALS_ENCRYPTION_KEYS/);
    expect(loadConfig({}).credentialKeys).toEqual({ keys: undefined, activeKeyId: undefined });
    expect(loadConfig({ CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, CREDENTIALS_ACTIVE_KEY_ID: 'k1' }).credentialKeys.activeKeyId).toBe('k1');
    expect(() => loadConfig({ CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, CREDENTIALS_ACTIVE_KEY_ID: 'k2' })).toThrow(/CREDENTIALS_ACTIVE_KEY_ID/);
    expect(() => loadConfig({ CREDENTIALS_ENCRYPTION_KEYS: 'k1:short' })).toThrow(/CREDENTIALS_ENCRYPTION_KEYS/);
  });

  test('TLS needs both a certificate and a key', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/c.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
  });

  test('redaction hides secrets and database passwords', () => {
    const config = loadConfig({ AUTH_SECRET: 's'.repeat(40), DATABASE_URL: 'postgres://app:hunter2@db:5432/pm' });
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('hunter2');
    expect(printed).not.toContain('s'.repeat(40));
  });

  test('migrations may run as a separate owner role: DATABASE_MIGRATION_URL, redacted, and only beside DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://polymancer_app:apppw@db:5432/pm', DATABASE_MIGRATION_URL: 'postgres://polymancer_owner:ownerpw@db:5432/pm' });
    expect(config.databaseMigrationUrl).toBe('postgres://polymancer_owner:ownerpw@db:5432/pm');
    expect(loadConfig({ DATABASE_URL: 'postgres://a@db/pm' }).databaseMigrationUrl).toBeUndefined();
    const printed = JSON.stringify(redactConfig(config));
    expect(printed).not.toContain('ownerpw');
    expect(printed).not.toContain('apppw');
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://polymancer_owner@db/pm' })).toThrow(/DATABASE_MIGRATION_URL: needs DATABASE_URL .*embedded database is single-user/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://a@db/pm', DATABASE_MIGRATION_URL: 'mysql://x' })).toThrow(/DATABASE_MIGRATION_URL/);
  });

  test('sign-in and session security settings default to the safe side', () => {
    const config = loadConfig({});
    expect(config.trustProxy).toBe(false);
    expect(config.trustProxyHops).toBe(1);
    expect(config.signInBackoff).toEqual({ freeFailures: 5, maxDelaySecs: 900, forgetAfterSecs: 86_400 });
    expect(config.metrics).toEqual({ token: undefined, port: undefined, host: '127.0.0.1' });
  });

  test('CORS origins must be origins, and the metrics port must not be the API port', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ CORS_ORIGINS: 'null' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: 'https://App.Example.com, http://localhost:3000' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(() => loadConfig({ PORT: '9000', METRICS_PORT: '9000' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ TRUST_PROXY_HOPS: '0' })).toThrow(/TRUST_PROXY_HOPS/);
  });

  test('the metrics token is redacted like the other secrets', () => {
    const config = loadConfig({ METRICS_TOKEN: 'm'.repeat(40) });
    expect(JSON.stringify(redactConfig(config))).not.toContain('m'.repeat(40));
  });

  test('the README documents every setting', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const s of settings) expect(readme).toContain(`| \`${s.env}\` |`);
  });
});

describe('unlock settings', () => {
  const sumsub = { KYC_PROVIDER: 'sumsub', SUMSUB_APP_TOKEN: 'sbx:app-token-value', SUMSUB_SECRET_KEY: 'secret-key-value', SUMSUB_WEBHOOK_SECRET: 'webhook-secret-value' };

  test('defaults: the sandbox KYC provider, no real money, Polymarket’s country lists, 24 h cooling-off, a strict quiz', () => {
    const c = loadConfig({});
    expect(c.realMoney).toBe(false);
    expect(c.kyc).toEqual({ provider: 'sandbox' });
    expect(c.jurisdiction.blockedCountries).toContain('US');
    expect(c.jurisdiction.closeOnlyCountries).toEqual(['PL', 'SG', 'TH', 'TW']);
    expect(c.jurisdiction.requestCountryHeader).toBeUndefined();
    expect(c.unlock).toEqual({ coolingOffSecs: 86_400, quiz: { passMark: 5, maxFailedAttempts: 3, retryWaitSecs: 600, lockoutSecs: 86_400 } });
    expect(c.revenueCat).toEqual({ webhookAuthorization: undefined, entitlementTiers: { basic: 'basic', pro: 'pro' }, expiryGraceSecs: 86_400 });
  });

  test('the sandbox KYC provider is refused where real money is traded', () => {
    expect(() => loadConfig({ REAL_MONEY_TRADING: 'true' })).toThrow(/KYC_PROVIDER: the sandbox provider is a demo/);
    expect(loadConfig({ REAL_MONEY_TRADING: 'true', CREDENTIALS_ENCRYPTION_KEYS: credentialKeys, ...sumsub }).kyc.provider).toBe('sumsub');
  });

  test('SumSub needs its token, secret and webhook secret', () => {
    expect(() => loadConfig({ KYC_PROVIDER: 'sumsub' })).toThrow(/SUMSUB_APP_TOKEN[\s\S]*SUMSUB_SECRET_KEY[\s\S]*SUMSUB_WEBHOOK_SECRET/);
  });

  test('country lists must be alpha-2 codes and not overlap; entitlement pairs name basic or pro', () => {
    expect(() => loadConfig({ JURISDICTION_BLOCKED_COUNTRIES: 'US,USA' })).toThrow(/JURISDICTION_BLOCKED_COUNTRIES/);
    expect(() => loadConfig({ JURISDICTION_CLOSE_ONLY_COUNTRIES: 'PL,US' })).toThrow(/US also listed as blocked/);
    expect(loadConfig({ JURISDICTION_BLOCKED_COUNTRIES: 'us, gb' }).jurisdiction.blockedCountries).toEqual(['US', 'GB']);
    expect(() => loadConfig({ REVENUECAT_ENTITLEMENT_TIERS: 'premium:gold' })).toThrow(/REVENUECAT_ENTITLEMENT_TIERS/);
    expect(loadConfig({ REVENUECAT_ENTITLEMENT_TIERS: 'starter:basic,premium:pro' }).revenueCat.entitlementTiers).toEqual({ starter: 'basic', premium: 'pro' });
  });

  test('production refuses a cooling-off shorter than 24 hours', () => {
    expect(() => loadConfig({ POLYMANCER_ENV: 'production', AUTH_SECRET: 'x'.repeat(40), UNLOCK_COOLING_OFF_SECS: '60', ...productionVenue })).toThrow(/UNLOCK_COOLING_OFF_SECS/);
  });

  test('redaction hides the SumSub and RevenueCat secrets', () => {
    const printed = JSON.stringify(redactConfig(loadConfig({ ...sumsub, REVENUECAT_WEBHOOK_AUTHORIZATION: 'Bearer rc-hook-value' })));
    for (const secret of ['app-token-value', 'secret-key-value', 'webhook-secret-value', 'rc-hook-value']) expect(printed).not.toContain(secret);
  });
});

describe('relayer credentials', () => {
  const address = `0x${'ab'.repeat(20)}`;
  test('a Relayer API key with its address, or builder credentials, authenticate the environment\'s relayer; the API key wins when both are set', () => {
    expect(loadConfig({}).relayer).toEqual({ url: undefined, auth: undefined });
    expect(loadConfig({ POLYMARKET_RELAYER_URL: 'http://127.0.0.1:8090/relayer', POLYMARKET_RELAYER_API_KEY: 'relayer-key', POLYMARKET_RELAYER_API_KEY_ADDRESS: address }).relayer).toEqual({
      url: 'http://127.0.0.1:8090/relayer',
      auth: { kind: 'relayer_api_key', apiKey: 'relayer-key', address },
    });
    const builder = { POLYMARKET_BUILDER_API_KEY: 'bk', POLYMARKET_BUILDER_SECRET: 'c2VjcmV0', POLYMARKET_BUILDER_PASSPHRASE: 'pp' };
    expect(loadConfig(builder).relayer.auth).toEqual({ kind: 'builder', key: 'bk', secret: 'c2VjcmV0', passphrase: 'pp' });
    expect(loadConfig({ ...builder, POLYMARKET_RELAYER_API_KEY: 'relayer-key', POLYMARKET_RELAYER_API_KEY_ADDRESS: address }).relayer.auth?.kind).toBe('relayer_api_key');
  });

  test('half a credential is refused at start, naming the setting; the secrets are redacted when printed', () => {
    expect(() => loadConfig({ POLYMARKET_RELAYER_API_KEY: 'relayer-key' })).toThrow(/POLYMARKET_RELAYER_API_KEY_ADDRESS: set together/);
    expect(() => loadConfig({ POLYMARKET_RELAYER_API_KEY: 'relayer-key', POLYMARKET_RELAYER_API_KEY_ADDRESS: 'nope' })).toThrow(/POLYMARKET_RELAYER_API_KEY_ADDRESS: must be 0x/);
    expect(() => loadConfig({ POLYMARKET_BUILDER_API_KEY: 'bk' })).toThrow(/POLYMARKET_BUILDER_API_KEY: set together/);
    const printed = JSON.stringify(redactConfig(loadConfig({ POLYMARKET_BUILDER_API_KEY: 'builder-key-value', POLYMARKET_BUILDER_SECRET: 'builder-secret-value', POLYMARKET_BUILDER_PASSPHRASE: 'builder-pass-value' })));
    for (const secret of ['builder-key-value', 'builder-secret-value', 'builder-pass-value']) expect(printed).not.toContain(secret);
  });
});
