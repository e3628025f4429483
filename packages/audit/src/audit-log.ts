import { auditHash, chainStart, checkLink, genesisHash, type AuditLink, type ChainBreak, type Clock } from '@polymancer/core';
import { auditEventContent } from './audit-content.ts';
import { createAuditLinker } from './audit-linker.ts';
import type { AuditEventInput, AuditStore } from './ports.ts';

export interface AuditLog {
  /** Appends one event linked at once (under the chain's lock): for writers that are not hot. */
  record(event: AuditEventInput): Promise<AuditLink>;
  /** Links what is waiting, then walks the chain. */
  verify(): Promise<ChainVerification>;
}

export type ChainVerification =
  /** `unlinked`: events written but not linked when the walk ended (written while it ran). */
  | { readonly ok: true; readonly rows: number; readonly tipHash: string; readonly unlinked: number }
  | { readonly ok: false; readonly rows: number; readonly firstBreak: ChainBreak };

export function createAuditLog(deps: { store: AuditStore; clock: Clock }): AuditLog {
  const linker = createAuditLinker({ store: deps.store });
  return {
    record: (event) => {
      const content = auditEventContent(event, deps.clock.now());
      return deps.store.appendAfterTip((tip) => {
        const linked = { ...content, seq: (tip?.seq ?? 0) + 1 };
        const prevHash = tip?.hash ?? genesisHash;
        return { ...linked, prevHash, hash: auditHash(prevHash, linked) };
      });
    },
    verify: async () => {
      await linker.linkAll();
      return verifyChain(deps.store);
    },
  };
}

/** Walks the linked chain page by page; stops at the first break. */
export async function verifyChain(store: AuditStore, pageSize = 1000): Promise<ChainVerification> {
  let state = chainStart;
  let rows = 0;
  let afterSeq = 0;
  for (;;) {
    const page = await store.readPage(afterSeq, pageSize);
    for (const link of page) {
      const { next, broken } = checkLink(state, link);
      if (broken !== null) return { ok: false, rows, firstBreak: broken };
      state = next;
      rows += 1;
      afterSeq = link.seq;
    }
    if (page.length < pageSize) return { ok: true, rows, tipHash: state.prevHash, unlinked: await store.countUnlinked() };
  }
}
