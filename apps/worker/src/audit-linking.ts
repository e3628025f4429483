/**
 * The audit linker's backstop: bot ticks write their audit events unlinked and nudge this process's
 * linker after each commit; a pass every few seconds (one worker at a time) links whatever a lost
 * nudge left behind — a process that died between its commit and its pass.
 */
import type { AuditLinker } from '@polymancer/audit';
import type { JobRunner } from '@polymancer/jobs';
import type { Logger } from '@polymancer/observability';
import { startRepeatingPass } from './repeating-pass.ts';

export const auditLinkJob = 'audit.link';

export function startAuditLinking(options: { jobs: JobRunner; linker: AuditLinker; logger: Logger; intervalSecs?: number }): Promise<{ stop(): Promise<void> }> {
  return startRepeatingPass({
    jobs: options.jobs,
    name: auditLinkJob,
    intervalSecs: options.intervalSecs ?? 5,
    logger: options.logger,
    pass: async () => ({ linked: await options.linker.linkAll() }),
    // Nudged passes link almost everything; a pass that finds events left behind is worth a line.
    worthLogging: (r) => r.linked > 0,
  });
}
