import { settings } from './settings.ts';

const secretEnvNames = new Set<string>(settings.filter((s) => s.secret).map((s) => s.env));

/** Paths pino must censor wherever they appear in a log line. */
export const secretLogPaths = [
  'password', '*.password', 'newPassword', '*.newPassword', 'currentPassword', '*.currentPassword',
  'secret', '*.secret', 'token', '*.token', 'code', '*.code', 'totpURI', '*.totpURI', 'backupCodes', '*.backupCodes',
  'authorization', '*.authorization', 'headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie',
  'cookie', '*.cookie', 'databaseUrl', '*.databaseUrl', 'databaseMigrationUrl', '*.databaseMigrationUrl', 'authSecret', '*.authSecret', 'privateKey', '*.privateKey',
  'apiKey', '*.apiKey', 'passphrase', '*.passphrase',
  'appToken', '*.appToken', 'secretKey', '*.secretKey', 'webhookSecret', '*.webhookSecret', 'webhookAuthorization', '*.webhookAuthorization',
  'apiKey', '*.apiKey', 'passphrase', '*.passphrase', 'smtpUrl', '*.smtpUrl',
];

/** A copy of the config safe to print: secrets become "[redacted]", URLs lose their credentials. */
export function redactConfig<T extends object>(config: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) out[key] = value;
    else if (key === 'authSecret' || key === 'tls' || key === 'polygonRpcUrl') out[key] = '[redacted]';
    else if (key === 'metrics') out[key] = { ...(value as object), token: (value as { token?: string }).token === undefined ? undefined : '[redacted]' };
    else if (key === 'relayer') out[key] = { ...(value as object), auth: (value as { auth?: unknown }).auth === undefined ? undefined : '[redacted]' };
    else if (key === 'openRouter') out[key] = { ...(value as object), apiKey: (value as { apiKey?: string }).apiKey === undefined ? undefined : '[redacted]' };
    else if ((key === 'databaseUrl' || key === 'databaseMigrationUrl') && typeof value === 'string') out[key] = redactUrl(value);
    else if (key === 'kyc' && (value as { provider?: string }).provider === 'sumsub') {
      out[key] = { ...(value as object), appToken: '[redacted]', secretKey: '[redacted]', webhookSecret: '[redacted]' };
    } else if (key === 'revenueCat') {
      const rc = value as { webhookAuthorization?: string };
      out[key] = { ...(value as object), webhookAuthorization: rc.webhookAuthorization === undefined ? undefined : '[redacted]' };
    }
    else if (key === 'mail') out[key] = { ...(value as object), smtpUrl: (value as { smtpUrl?: string }).smtpUrl === undefined ? undefined : redactUrl((value as { smtpUrl: string }).smtpUrl) };
    else out[key] = value;
  }
  return out;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = 'redacted';
    return u.toString();
  } catch {
    return '[redacted]';
  }
}

export function isSecretSetting(env: string): boolean {
  return secretEnvNames.has(env);
}
