/**
 * The audit checkpoint job (pg-boss cron, AUDIT_CHECKPOINT_CRON, every 5 minutes by default): signs
 * the chain head with the checkpoint key and publishes it outside the database. One run at a time
 * cluster-wide (singleton queue). `start` and the standalone worker also take one at start and at shutdown.
 */
import type { AuditCheckpointer } from '@polymancer/audit';
import type { JobRunner } from '@polymancer/jobs';
import { errorForLog, type Logger } from '@polymancer/observability';

export const auditCheckpointJob = 'audit.checkpoint';

export async function startAuditCheckpoints(options: { jobs: JobRunner; checkpointer: AuditCheckpointer; logger: Logger; cron: string }): Promise<{ stop(): Promise<void> }> {
  const logger = options.logger.child({ component: 'audit-checkpoint' });
  const worker = await options.jobs.work(
    auditCheckpointJob,
    async () => {
      try {
        const c = await options.checkpointer.take();
        if (c !== null) logger.debug({ seq: c.seq, keyId: c.keyId }, 'audit checkpoint');
      } catch (err) {
        logger.warn({ err: errorForLog(err) }, 'audit checkpoint failed');
        throw err;
      }
    },
    { queue: { policy: 'singleton', retryLimit: 1, expireInSecs: 300 } },
  );
  await options.jobs.schedule(auditCheckpointJob, options.cron);
  return { stop: () => options.jobs.offWork(auditCheckpointJob, worker) };
}
