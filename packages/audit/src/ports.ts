import type { AuditLink } from '@polymancer/core';

export type ActorType = 'user' | 'operator' | 'system';

export interface AuditEventInput {
  readonly actorId: string | null;
  readonly actorType: ActorType;
  /** Dotted verb: `auth.sign_in.succeeded`, `user.role.changed`. */
  readonly action: string;
  readonly subjectType?: string | null;
  readonly subjectId?: string | null;
  readonly ip?: string | null;
  readonly userAgent?: string | null;
  /** Never a secret: the writer strips secret-looking keys before hashing. */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface ChainTip {
  readonly seq: number;
  readonly hash: string;
}

/** Storage for the chain. `appendAfterTip` must run `link` and the insert atomically, one writer at a time. */
export interface AuditStore {
  appendAfterTip(link: (tip: ChainTip | null) => AuditLink): Promise<AuditLink>;
  /** Links with seq > afterSeq, ascending by seq, at most `limit`. */
  readPage(afterSeq: number, limit: number): Promise<readonly AuditLink[]>;
}

/** Reads the chain's head (what a checkpoint signs): the newest link's seq and hash; null on an empty chain. */
export interface AuditTipReader {
  readTip(): Promise<ChainTip | null>;
}
