import type { AuditContent, AuditLink } from '@polymancer/core';

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

/**
 * An event written without its chain position (by a hot writer such as the bot tick, which must
 * not queue on the chain's lock): its content but no seq, prevHash or hash until a linker links it.
 */
export type UnlinkedAuditEvent = Omit<AuditContent, 'seq'>;

/**
 * Storage for the chain. `appendAfterTip` must run `link` and the insert atomically, one writer at
 * a time (the chain's lock); `linkPending` takes the same lock.
 */
export interface AuditStore extends AuditLinkStore {
  appendAfterTip(link: (tip: ChainTip | null) => AuditLink): Promise<AuditLink>;
  /** Linked events with seq > afterSeq, ascending by seq, at most `limit`. */
  readPage(afterSeq: number, limit: number): Promise<readonly AuditLink[]>;
}

export interface AuditLinkStore {
  /**
   * In one transaction under the chain's lock: reads the linked head and at most `limit` unlinked
   * events, oldest written first, hands them to `link`, and stores the links it returns — each
   * event's seq, prevHash and hash, set once (the database refuses any other change). Returns how
   * many events it linked (0 when none was waiting).
   */
  linkPending(limit: number, link: (tip: ChainTip | null, pending: readonly UnlinkedAuditEvent[]) => readonly AuditLink[]): Promise<number>;
  /** Events written but not linked yet. */
  countUnlinked(): Promise<number>;
}

/** Reads the chain's head (what a checkpoint signs): the newest LINKED event's seq and hash; null on an empty chain. */
export interface AuditTipReader {
  readTip(): Promise<ChainTip | null>;
}
