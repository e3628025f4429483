import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CheckpointSink, SignedCheckpoint } from '@polymancer/audit';

/** Checkpoints published as JSON lines appended to a file (mode 0600) outside the database. */
export function fileCheckpointSink(path: string): CheckpointSink {
  const location = resolve(path);
  return {
    location,
    publish: async (checkpoint) => {
      mkdirSync(dirname(location), { recursive: true, mode: 0o700 });
      appendFileSync(location, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
      chmodSync(location, 0o600);
    },
    readAll: async () => {
      if (!existsSync(location)) return [];
      return readFileSync(location, 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map((line): SignedCheckpoint | { unreadable: string } => {
          try {
            const parsed = JSON.parse(line) as unknown;
            return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SignedCheckpoint) : { unreadable: line };
          } catch {
            return { unreadable: line };
          }
        });
    },
  };
}
