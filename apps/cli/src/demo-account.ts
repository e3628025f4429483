import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDemoUser, type Auth } from '@polymancer/accounts';

export const demoEmail = 'demo@polymancer.local';

/** Where the demo login is kept (`<email> <password>`, mode 0600). */
export function demoAccountFile(dataDir: string): string {
  return join(dataDir, 'demo-account.txt');
}

/**
 * On a fresh data folder: creates the demo account with a random password, keeps the login in the
 * data folder (mode 0600, so a lost terminal is not a lost account) and returns it for printing.
 * Returns null when the account already exists.
 */
export async function ensureDemoAccount(auth: Auth, dataDir: string): Promise<{ userId: string; email: string; password: string } | null> {
  const file = demoAccountFile(dataDir);
  const password = existsSync(file) ? (readFileSync(file, 'utf8').trim().split(' ')[1] ?? '') : `demo-${randomBytes(9).toString('base64url')}`;
  const created = await createDemoUser(auth, { email: demoEmail, password, name: 'Demo Trader' });
  if (created === null) return null;
  writeFileSync(file, `${demoEmail} ${password}\n`, { mode: 0o600 });
  return { userId: created.userId, email: demoEmail, password };
}
