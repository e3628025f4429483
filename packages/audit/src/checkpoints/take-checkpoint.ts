import type { Clock } from '@polymancer/core';
import type { AuditLinker } from '../audit-linker.ts';
import type { AuditTipReader } from '../ports.ts';
import { signCheckpoint, type SignedCheckpoint } from './checkpoint.ts';
import type { CheckpointKey, CheckpointSink } from './ports.ts';

export interface AuditCheckpointer {
  /** Signs the chain's current head and publishes it; null when the chain is empty. */
  take(): Promise<SignedCheckpoint | null>;
}

/**
 * Signs only a linked head (`AuditTipReader.readTip`); with `linker`, links what is waiting first,
 * so the checkpoint covers every event committed before it.
 */
export function createAuditCheckpointer(deps: { store: AuditTipReader; key: CheckpointKey; sink: CheckpointSink; clock: Clock; linker?: Pick<AuditLinker, 'linkAll'> }): AuditCheckpointer {
  const { privateKey } = deps.key;
  if (privateKey === undefined) throw new Error(`the audit checkpoint key at ${deps.key.location} has no private part: it can verify but not sign`);
  return {
    take: async () => {
      await deps.linker?.linkAll();
      const tip = await deps.store.readTip();
      if (tip === null) return null;
      const checkpoint = signCheckpoint(tip, deps.clock.now(), privateKey, deps.key.publicKey);
      await deps.sink.publish(checkpoint);
      return checkpoint;
    },
  };
}
