import { verifyChain } from '@polymancer/audit';
import { loadConfig } from '@polymancer/config';
import { auditTableExists, createAuditStore } from '@polymancer/db';
import { openConfiguredDatabase } from '../open-configured-database.ts';

export const auditVerifyHelp = `Usage: polymancer audit verify

Walks the whole audit chain in order, recomputing every hash. Exits 0 when the chain is intact;
exits 1 naming the first bad row when any row was edited, deleted or reordered.`;

const explain = {
  sequence_gap: 'a row is missing or out of order before this one',
  prev_hash_mismatch: 'its previous-hash link does not match the row before it (a row was deleted or reordered)',
  hash_mismatch: 'its content does not match its hash (the row was edited)',
} as const;

export async function auditVerifyCommand(): Promise<number> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config, { migrate: false });
  try {
    if (!(await auditTableExists(db.db))) {
      console.error('audit verify: this database has no audit log yet: run `polymancer migrate` or `polymancer start` first');
      return 1;
    }
    const result = await verifyChain(createAuditStore(db.db));
    if (result.ok) {
      console.log(`audit chain intact: ${result.rows} events, tip ${result.tipHash}`);
      return 0;
    }
    const b = result.firstBreak;
    console.error(`audit chain BROKEN at seq ${b.seq} (id ${b.id}): ${explain[b.kind]}; ${result.rows} events before it verified`);
    return 1;
  } finally {
    await db.close();
  }
}
