/**
 * The credential vault's background jobs (pg-boss): `credentials.daily` re-validates every active
 * credential (one that stops validating is marked invalid and its user's live bots pause) and runs
 * the rotation sweep (90-day reminder, pause after the grace, revoke replaced keys after the
 * overlap); `credentials.reencrypt` moves rows onto the active master key (a no-op query when
 * nothing is left), every 10 minutes and once at start. Both are singletons cluster-wide.
 */
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';

export const credentialsDailyJob = 'credentials.daily';
export const credentialsReencryptJob = 'credentials.reencrypt';

export interface CredentialJobsOptions {
  readonly jobs: JobRunner;
  readonly vault: {
    revalidateAll(): Promise<{ readonly valid: number; readonly invalid: number; readonly unreachable: number }>;
    rotationSweep(): Promise<{ readonly reminded: number; readonly paused: number; readonly revoked: number }>;
    reencrypt(): Promise<{ readonly resealed: number; readonly skipped: number }>;
  };
  readonly logger: Logger;
  /** Default 03:17 UTC daily. */
  readonly dailyCron?: string;
}

export async function startCredentialJobs(options: CredentialJobsOptions): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: 'credential-jobs' });
  const run = (what: string, work: () => Promise<object>) => async () => {
    try {
      logger.info(await work(), what);
    } catch (err) {
      logger.warn({ err: errorForLog(err) }, `${what} failed`);
      throw err;
    }
  };
  const queue = { queue: { policy: 'singleton' as const, retryLimit: 2, expireInSecs: 3_600 } };
  const daily = await options.jobs.work(
    credentialsDailyJob,
    run('credentials daily', async () => ({ validation: await options.vault.revalidateAll(), rotation: await options.vault.rotationSweep() })),
    queue,
  );
  const reencrypt = await options.jobs.work(credentialsReencryptJob, run('credentials re-encryption', () => options.vault.reencrypt()), queue);
  await options.jobs.schedule(credentialsDailyJob, options.dailyCron ?? '17 3 * * *');
  await options.jobs.schedule(credentialsReencryptJob, '*/10 * * * *');
  await options.jobs.send(credentialsReencryptJob, {});
  return {
    stop: async () => {
      await options.jobs.offWork(credentialsDailyJob, daily);
      await options.jobs.offWork(credentialsReencryptJob, reencrypt);
    },
  };
}
