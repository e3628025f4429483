import type { KeyObject } from 'node:crypto';
import type { SignedCheckpoint } from './checkpoint.ts';

/** The checkpoint key, kept outside the database (a 0600 file or a configured path). */
export interface CheckpointKey {
  readonly publicKey: KeyObject;
  /** Absent where the process only verifies. */
  readonly privateKey?: KeyObject;
  /** Where it is kept, for messages. */
  readonly location: string;
}

/** Where checkpoints are published, outside the database (an append-only file, an external sink). */
export interface CheckpointSink {
  publish(checkpoint: SignedCheckpoint): Promise<void>;
  /** Every published checkpoint in order; a line that is not a checkpoint is returned as `unreadable`. */
  readAll(): Promise<ReadonlyArray<SignedCheckpoint | { readonly unreadable: string }>>;
  readonly location: string;
}
