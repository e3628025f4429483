import { createAuditCheckpointer, type AuditCheckpointer, type AuditLinker } from '@polymancer/audit';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { createAuditStore, type DatabaseHandle } from '@polymancer/db';
import { fileCheckpointKey } from './file-key.ts';
import { fileCheckpointSink } from './file-sink.ts';

/**
 * The checkpointer `AUDIT_CHECKPOINT_*` describe; the key is read (or generated) on the first
 * checkpoint, not here. With `linker`, each checkpoint first links the events waiting unlinked.
 */
export function checkpointerFromConfig(config: Config, database: DatabaseHandle, clock: Clock, linker?: Pick<AuditLinker, 'linkAll'>): AuditCheckpointer {
  let checkpointer: AuditCheckpointer | undefined;
  return {
    take: () => {
      checkpointer ??= createAuditCheckpointer({
        store: createAuditStore(database.db),
        key: fileCheckpointKey(config.auditCheckpoints.keyFile, { create: true }),
        sink: fileCheckpointSink(config.auditCheckpoints.file),
        clock,
        ...(linker === undefined ? {} : { linker }),
      });
      return checkpointer.take();
    },
  };
}
