import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, redactUrl } from '@polymancer/config';
import { credentialKeysFrom } from '@polymancer/worker';
import { localSecret } from '../local-secrets.ts';
import { startPlatform, type RunningPlatform } from '../compose.ts';
import { lockDataFolder } from '../data-folder-lock.ts';
import { demoAccountFile, ensureDemoAccount } from '../demo-account.ts';
import { createDemoBots } from '../demo-bots.ts';

export const startHelp = `Usage: polymancer start [--port N]

Runs the API and the worker in one process. With nothing configured it uses an embedded
database under POLYMANCER_DATA_DIR (default ./.polymancer), generates a local auth secret there,
and on a fresh data folder creates a demo account and prints its login.

Options:
  --port N   listen on N instead of PORT (default 8080)`;

/** Returns -1: the process keeps serving until SIGINT/SIGTERM, then stops cleanly and exits 0. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: true });
  const env: Record<string, string | undefined> = { ...process.env };
  if (values.port !== undefined) env.PORT = values.port;
  const preliminary = loadConfig(env);
  // Before anything opens the embedded database or a port: a second start on this folder refuses here.
  const lock = lockDataFolder(preliminary.dataDir);
  process.on('exit', () => lock.release());
  // Signals are handled from here on: one that arrives while starting stops the platform once it is up
  // (so the embedded database is never left mid-migration), then exits 0.
  let startedPlatform: (p: RunningPlatform | undefined) => void = () => {};
  const started = new Promise<RunningPlatform | undefined>((resolve) => (startedPlatform = resolve));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const platform = await started;
    await platform?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    startedPlatform(await startServing(env, preliminary.dataDir, preliminary.authSecret === undefined));
  } catch (error) {
    startedPlatform(undefined);
    throw error;
  }
  return -1;
}

async function startServing(env: Record<string, string | undefined>, dataDir: string, needsLocalSecret: boolean): Promise<RunningPlatform> {
  if (needsLocalSecret) {
    const secret = localSecret(dataDir, 'auth');
    env.AUTH_SECRET = secret.value;
    if (secret.created) console.log(`generated a local auth secret in ${join(resolve(dataDir), 'auth.secret')} (set AUTH_SECRET in production)`);
  }
  const config = loadConfig(env);
  const credentialKeys = credentialKeysFrom(config);
  if (credentialKeys.generatedFile !== null) console.log(`generated a local credential encryption key in ${resolve(credentialKeys.generatedFile)} (set CREDENTIALS_ENCRYPTION_KEYS in production)`);
  const platform = await startPlatform(config);
  console.log(`Polymancer is serving at ${platform.url}`);
  console.log(`data folder: ${resolve(config.dataDir)}${config.databaseUrl === undefined ? ' (embedded database, local secrets)' : ' (local secrets; database at DATABASE_URL)'}`);
  if (platform.databaseRoleWarning !== undefined) console.log(`database: ${platform.databaseRoleWarning}`);
  if (platform.metricsUrl !== undefined) console.log(`metrics: ${platform.metricsUrl}/metrics`);
  console.log(`exchange: ${redactUrl(platform.exchangeUrl)}${platform.exchangeChain === undefined ? '' : ` (local, clob-sim, ${platform.exchangeChain})`}`);
  console.log(config.mail.smtpUrl === undefined ? 'email: none sent (no SMTP_URL); notifications are written to the log and kept in the outbox' : `email: via ${redactUrl(config.mail.smtpUrl)}`);
  if (config.demoUser) {
    const demo = await ensureDemoAccount(platform.deps.auth, config.dataDir);
    if (demo !== null) {
      const bots = await createDemoBots(platform.deps.bots.service, platform.catalogue, demo.userId);
      await platform.sweepTicks();
      console.log(`demo account: ${demo.email} ${demo.password}`);
      console.log(`demo bots: ${bots.length} paper bots trading on the local exchange`);
    }
    console.log(`demo login kept in ${resolve(demoAccountFile(config.dataDir))}`);
  }
  return platform;
}
