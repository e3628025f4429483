import { createAuditCheckpointer, type AuditCheckpointer } from '@polymancer/audit';
import type { Config } from '@polymancer/config';
import type { Clock } from '@polymancer/core';
import { createAuditStore, type DatabaseHandle } from '@polymancer/db';
import { fileCheckpointKey } from './file-key.ts';
import { fileCheckpointSink } from './file-sink.ts';

/** The checkpointer `AUDIT_CHECKPOINT_*` describe; the key is read (or generated) on the first checkpoint, not here. */
export function checkpointerFromConfig(config: Config, database: DatabaseHandle, clock: Clock): AuditCheckpointer {
  let checkpointer: AuditCheckpointer | undefined;
  return {
    take: () => {
      checkpointer ??= createAuditCheckpointer({
        store: createAuditStore(database.db),
        key: fileCheckpointKey(config.auditCheckpoints.keyFile, { create: true }),
        sink: fileCheckpointSink(config.auditCheckpoints.file),
        clock,
      });
      return checkpointer.take();
    },
  };
}
