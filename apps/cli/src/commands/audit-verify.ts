import { existsSync } from 'node:fs';
import { createAuditLinker, verifyAuditTrail, type SignedCheckpoint, type TrailVerification } from '@polymancer/audit';
import { loadConfig } from '@polymancer/config';
import { auditTableExists, createAuditStore } from '@polymancer/db';
import { fileCheckpointKey, fileCheckpointSink } from '@polymancer/worker';
import { openCommandDatabase } from '../open-configured-database.ts';

export const auditVerifyHelp = `Usage: polymancer audit verify

Links the events waiting unlinked (bot ticks write theirs unlinked; the worker links them within
seconds), walks the whole audit chain in order, recomputing every hash, then checks it against every signed
checkpoint of its head published outside the database (AUDIT_CHECKPOINT_FILE, signed with the key at
AUDIT_CHECKPOINT_KEY_FILE). Prints the newest checkpoint it checked. Exits 0 when all holds; exits 1
naming the check that failed:
  link_broken                 a row was edited, deleted or reordered (names the first bad row)
  bad_signature               a published checkpoint does not verify under the key (forged or altered)
  checkpoint_mismatch         the chain was rewritten and its hashes recomputed after a checkpoint
  truncated_below_checkpoint  the chain ends below a signed checkpoint (its newest rows were deleted)`;

const explain = {
  sequence_gap: 'a row is missing or out of order before this one',
  prev_hash_mismatch: 'its previous-hash link does not match the row before it (a row was deleted or reordered)',
  hash_mismatch: 'its content does not match its hash (the row was edited)',
} as const;

export async function auditVerifyCommand(): Promise<number> {
  const config = loadConfig();
  const { handle: db } = await openCommandDatabase(config, { migrate: false });
  try {
    if (!(await auditTableExists(db.db))) {
      console.error('audit verify: this database has no audit log yet: run `polymancer migrate` or `polymancer start` first');
      return 1;
    }
    const sink = fileCheckpointSink(config.auditCheckpoints.file);
    const checkpoints = await sink.readAll();
    const keyPresent = existsSync(config.auditCheckpoints.keyFile);
    if (!keyPresent && checkpoints.length > 0) {
      console.error(`audit verify: ${checkpoints.length} checkpoints in ${sink.location} but no checkpoint key at ${config.auditCheckpoints.keyFile} (AUDIT_CHECKPOINT_KEY_FILE) to check them with`);
      return 1;
    }
    const store = createAuditStore(db.db);
    const linked = await createAuditLinker({ store }).linkAll();
    if (linked > 0) console.log(`linked ${linked} events that were waiting to be linked into the chain`);
    const key = keyPresent ? fileCheckpointKey(config.auditCheckpoints.keyFile, { create: false }) : null;
    const result: TrailVerification = await verifyAuditTrail({ store, key, checkpoints });
    return report(result, sink.location, config.auditCheckpoints.keyFile);
  } finally {
    await db.close();
  }
}

function report(result: TrailVerification, file: string, keyFile: string): number {
  if (result.ok) {
    console.log(`audit chain intact: ${result.rows} events, tip seq ${result.tipSeq} hash ${result.tipHash}`);
    // Written while the walk ran: the next verify (or the worker's linker) links them.
    if (result.unlinked > 0) console.log(`${result.unlinked} newer events not linked yet (written during this check); not covered by it`);
    if (result.checkpoint === null) {
      console.log(`no signed checkpoint in ${file}: deletion of the newest rows and a recomputed chain cannot be detected until one is taken (start or the worker takes them)`);
    } else {
      console.log(`checkpoint checked: ${describe(result.checkpoint)}; ${result.checkpointsChecked} signed checkpoints in ${file} agree with the chain`);
    }
    return 0;
  }
  switch (result.check) {
    case 'link_broken': {
      const b = result.firstBreak;
      console.error(`audit chain BROKEN [link_broken] at seq ${b.seq} (id ${b.id}): ${explain[b.kind]}; ${result.rows} events before it verified`);
      break;
    }
    case 'bad_signature':
      console.error(`audit chain BROKEN [bad_signature]: checkpoint ${result.index + 1} in ${file} ${result.checkpoint === null ? 'is not a checkpoint' : `(seq ${result.checkpoint.seq})`} does not verify under the key at ${keyFile}: it was forged or altered`);
      break;
    case 'checkpoint_mismatch':
      console.error(`audit chain BROKEN [checkpoint_mismatch]: at seq ${result.checkpoint.seq} the chain's hash is ${result.chainHash}, but ${describe(result.checkpoint)}: rows were rewritten and the chain recomputed after it was signed`);
      break;
    case 'truncated_below_checkpoint':
      console.error(`audit chain BROKEN [truncated_below_checkpoint]: the chain ends at seq ${result.tipSeq}, below ${describe(result.checkpoint)}: signed rows were deleted`);
      break;
  }
  return 1;
}

function describe(c: SignedCheckpoint): string {
  return `checkpoint seq ${c.seq} hash ${c.hash} signed ${c.createdAt} by key ${c.keyId}`;
}
