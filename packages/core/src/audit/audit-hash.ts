/**
 * The audit chain's link rule.
 *
 * Guarantees: `hash = sha256(prevHash + "\n" + canonicalJson(content))`, where content includes the
 * sequence number, so editing any field, deleting a row (the next row's prevHash no longer matches)
 * or reordering rows (sequence and prevHash disagree) breaks verification at the first bad row.
 * Limitation: a chain is only as trustworthy as its newest hash; anchor that hash elsewhere
 * (signed exports, later issues) to detect truncation of the tail.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

export const genesisHash = '0'.repeat(64);

export interface AuditContent {
  readonly seq: number;
  readonly id: string;
  readonly occurredAt: Date;
  readonly actorId: string | null;
  readonly actorType: string;
  readonly action: string;
  readonly subjectType: string | null;
  readonly subjectId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson(content)}`).digest('hex');
}

export interface AuditLink extends AuditContent {
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainBreak =
  | { readonly kind: 'sequence_gap'; readonly seq: number; readonly expectedSeq: number; readonly id: string }
  | { readonly kind: 'prev_hash_mismatch'; readonly seq: number; readonly id: string }
  | { readonly kind: 'hash_mismatch'; readonly seq: number; readonly id: string };

/**
 * Walks links in storage order (ascending seq as stored) and returns the first break, or null.
 * Pure: the caller streams rows in and carries `state` between pages.
 */
export interface ChainWalkState {
  readonly expectedSeq: number;
  readonly prevHash: string;
}

export const chainStart: ChainWalkState = { expectedSeq: 1, prevHash: genesisHash };

export function checkLink(state: ChainWalkState, link: AuditLink): { next: ChainWalkState; broken: ChainBreak | null } {
  const { prevHash, hash, ...content } = link;
  if (link.seq !== state.expectedSeq) {
    return { next: state, broken: { kind: 'sequence_gap', seq: link.seq, expectedSeq: state.expectedSeq, id: link.id } };
  }
  if (prevHash !== state.prevHash) {
    return { next: state, broken: { kind: 'prev_hash_mismatch', seq: link.seq, id: link.id } };
  }
  if (auditHash(prevHash, content) !== hash) {
    return { next: state, broken: { kind: 'hash_mismatch', seq: link.seq, id: link.id } };
  }
  return { next: { expectedSeq: state.expectedSeq + 1, prevHash: hash }, broken: null };
}
