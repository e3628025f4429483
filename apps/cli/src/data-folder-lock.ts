import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@polymancer/core';

export interface DataFolderLock {
  readonly path: string;
  release(): void;
}

/**
 * One `start` per data folder: a lock file created exclusively (O_EXCL) holding the owner's pid,
 * as Postgres's postmaster.pid does. A lock left by a process that no longer exists (a crash, a
 * kill -9) is taken over; a live owner makes the second start refuse with a message naming it.
 */
export function lockDataFolder(dataDir: string, pid = process.pid): DataFolderLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(resolve(dataDir), 'polymancer.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        path,
        release: () => {
          if (ownerOf(path) === pid) unlinkSync(path);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(path);
      if (owner !== undefined && owner !== pid && isAlive(owner)) {
        throw new ConfigError(
          `the data folder ${resolve(dataDir)} is in use by another Polymancer (pid ${owner}); stop it first, or set POLYMANCER_DATA_DIR to another folder`,
          { details: { lock: path, pid: owner } },
        );
      }
      // A stale lock (its process is gone) or an unreadable one: remove it and try again.
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  throw new ConfigError(`could not take the lock on the data folder ${resolve(dataDir)} (${path})`);
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
