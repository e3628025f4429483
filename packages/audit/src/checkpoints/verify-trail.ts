/**
 * `audit verify` with checkpoints: the chain's own links, then every published checkpoint. Walks
 * the linked events only and reports how many wait unlinked (see audit-linker.ts).
 *
 * Checks, reported by name (the first that fails):
 * - `link_broken`: a row's sequence, previous-hash link or content hash is wrong (edit, gap, reorder);
 * - `bad_signature`: a published checkpoint does not verify under the checkpoint key (forged or altered);
 * - `checkpoint_mismatch`: the chain holds the checkpoint's seq but its hash there differs — the chain was
 *   rewritten and recomputed after the checkpoint was signed;
 * - `truncated_below_checkpoint`: the chain ends below a checkpoint's seq — signed rows were deleted.
 */
import { checkLink, chainStart, type ChainBreak, type ChainWalkState } from '@polymancer/core';
import type { AuditStore } from '../ports.ts';
import { checkpointSignatureValid, type SignedCheckpoint } from './checkpoint.ts';
import type { CheckpointKey } from './ports.ts';

export type TrailVerification =
  | {
      readonly ok: true;
      readonly rows: number;
      readonly tipSeq: number;
      readonly tipHash: string;
      /** The newest checkpoint checked, or null when none has been published. */
      readonly checkpoint: SignedCheckpoint | null;
      readonly checkpointsChecked: number;
      /** Events written but not linked yet (link them first: `createAuditLinker(…).linkAll()`); not covered by this walk. */
      readonly unlinked: number;
    }
  | { readonly ok: false; readonly check: 'link_broken'; readonly rows: number; readonly firstBreak: ChainBreak }
  | { readonly ok: false; readonly check: 'bad_signature'; readonly index: number; readonly checkpoint: SignedCheckpoint | null }
  | { readonly ok: false; readonly check: 'checkpoint_mismatch'; readonly checkpoint: SignedCheckpoint; readonly chainHash: string }
  | { readonly ok: false; readonly check: 'truncated_below_checkpoint'; readonly checkpoint: SignedCheckpoint; readonly tipSeq: number };

export async function verifyAuditTrail(deps: {
  store: AuditStore;
  /** null where no key exists: then any published checkpoint fails as `bad_signature`. */
  key: Pick<CheckpointKey, 'publicKey'> | null;
  checkpoints: ReadonlyArray<SignedCheckpoint | { readonly unreadable: string }>;
  pageSize?: number;
}): Promise<TrailVerification> {
  const valid: SignedCheckpoint[] = [];
  for (const [index, c] of deps.checkpoints.entries()) {
    if ('unreadable' in c || deps.key === null || !checkpointSignatureValid(c, deps.key.publicKey)) {
      return { ok: false, check: 'bad_signature', index, checkpoint: 'unreadable' in c ? null : c };
    }
    valid.push(c);
  }
  const wanted = new Set(valid.map((c) => c.seq));
  const hashAt = new Map<number, string>();
  const pageSize = deps.pageSize ?? 1000;
  let state: ChainWalkState = chainStart;
  let rows = 0;
  let afterSeq = 0;
  for (;;) {
    const page = await deps.store.readPage(afterSeq, pageSize);
    for (const link of page) {
      const { next, broken } = checkLink(state, link);
      if (broken !== null) return { ok: false, check: 'link_broken', rows, firstBreak: broken };
      state = next;
      rows += 1;
      afterSeq = link.seq;
      if (wanted.has(link.seq)) hashAt.set(link.seq, link.hash);
    }
    if (page.length < pageSize) break;
  }
  const tipSeq = afterSeq;
  for (const c of valid) {
    const chainHash = hashAt.get(c.seq);
    if (chainHash !== undefined && chainHash !== c.hash) return { ok: false, check: 'checkpoint_mismatch', checkpoint: c, chainHash };
  }
  for (const c of valid) {
    if (c.seq > tipSeq) return { ok: false, check: 'truncated_below_checkpoint', checkpoint: c, tipSeq };
  }
  const newest = valid.reduce<SignedCheckpoint | null>((a, c) => (a === null || c.seq >= a.seq ? c : a), null);
  return { ok: true, rows, tipSeq, tipHash: state.prevHash, checkpoint: newest, checkpointsChecked: valid.length, unlinked: await deps.store.countUnlinked() };
}
