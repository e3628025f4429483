import { auditHash, chainStart, checkLink, genesisHash, newId, type AuditLink, type ChainBreak, type Clock } from '@polymancer/core';
import type { AuditEventInput, AuditStore } from './ports.ts';
import { redactDetails } from './redact-details.ts';

export interface AuditLog {
  record(event: AuditEventInput): Promise<AuditLink>;
  verify(): Promise<ChainVerification>;
}

export type ChainVerification =
  | { readonly ok: true; readonly rows: number; readonly tipHash: string }
  | { readonly ok: false; readonly rows: number; readonly firstBreak: ChainBreak };

export function createAuditLog(deps: { store: AuditStore; clock: Clock }): AuditLog {
  return {
    record: (event) => {
      const occurredAt = truncateToMillis(deps.clock.now());
      const id = newId('audit');
      return deps.store.appendAfterTip((tip) => {
        const content = {
          seq: (tip?.seq ?? 0) + 1,
          id,
          occurredAt,
          actorId: event.actorId,
          actorType: event.actorType,
          action: event.action,
          subjectType: event.subjectType ?? null,
          subjectId: event.subjectId ?? null,
          ip: event.ip ?? null,
          userAgent: event.userAgent ?? null,
          details: redactDetails(event.details ?? {}),
        };
        const prevHash = tip?.hash ?? genesisHash;
        return { ...content, prevHash, hash: auditHash(prevHash, content) };
      });
    },
    verify: () => verifyChain(deps.store),
  };
}

/** Walks the whole chain page by page; stops at the first break. */
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
    if (page.length < pageSize) return { ok: true, rows, tipHash: state.prevHash };
  }
}

// Postgres keeps microseconds but JS Dates keep milliseconds: hash what will round-trip.
function truncateToMillis(d: Date): Date {
  return new Date(d.getTime());
}
