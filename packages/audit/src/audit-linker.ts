/**
 * Links events written unlinked (the bot tick's, so that trading ticks never queue on the chain's
 * lock) into the chain, in batches: one short transaction under the chain's lock per batch, however
 * many ticks wrote them. Each event gets the next seq after the linked head, in the order the
 * events were written, and is hashed by the chain's one link rule (`auditHash`), so the result is
 * the same chain `audit verify` walks. Several processes may link at once: the lock serialises them.
 *
 * A writer `nudge`s after it commits; the process runs at most one pass at a time and one more if
 * nudged meanwhile, so a burst of commits costs a pass or two. Events whose nudge was lost (the
 * process died after committing) are linked by the next pass anywhere: the worker runs one every
 * few seconds, `audit verify` and each checkpoint run one first.
 */
import { auditHash, type AuditLink, genesisHash } from '@polymancer/core';
import type { AuditLinkStore, ChainTip, UnlinkedAuditEvent } from './ports.ts';

/** Pure: `pending` linked after `tip`, in the order given. */
export function linkAfter(tip: ChainTip | null, pending: readonly UnlinkedAuditEvent[]): AuditLink[] {
  let seq = tip?.seq ?? 0;
  let prevHash = tip?.hash ?? genesisHash;
  return pending.map((event) => {
    seq += 1;
    const content = { ...event, seq };
    const hash = auditHash(prevHash, content);
    const link = { ...content, prevHash, hash };
    prevHash = hash;
    return link;
  });
}

export interface AuditLinker {
  /** Links every event committed before the call (batch after batch); resolves with how many it linked. */
  linkAll(): Promise<number>;
  /** Asks for a pass soon, without waiting for it (a writer just committed unlinked events). */
  nudge(): void;
  /** Resolves once no nudged pass is running (shutdown, tests). */
  settled(): Promise<void>;
}

export function createAuditLinker(deps: { store: AuditLinkStore; batchSize?: number; onError?: (err: unknown) => void }): AuditLinker {
  const batchSize = deps.batchSize ?? 1_000;
  const linkAll = async () => {
    let total = 0;
    for (;;) {
      const n = await deps.store.linkPending(batchSize, linkAfter);
      total += n;
      if (n < batchSize) return total;
    }
  };
  let running: Promise<void> | undefined;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await linkAll();
    } while (again);
  };
  return {
    linkAll,
    nudge() {
      if (running !== undefined) {
        again = true;
        return;
      }
      running = loop()
        // A failed pass leaves its events unlinked, not lost: the next pass links them.
        .catch((err: unknown) => deps.onError?.(err))
        .finally(() => {
          running = undefined;
        });
    },
    settled: async () => {
      while (running !== undefined) await running;
    },
  };
}
