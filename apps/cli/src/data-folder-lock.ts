import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@polymancer/core';

export interface DataFolderLock {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  readonly pid?: number;
  /** What the refusal tells the person to do instead (start: stop the other one or use another folder). */
  readonly advice?: string;
  /** The file-system calls the lock makes (tests interpose on them to run a competitor between steps). */
  readonly fs?: LockFs;
}

export type LockFs = Pick<typeof nodeFs, 'closeSync' | 'fstatSync' | 'linkSync' | 'mkdirSync' | 'openSync' | 'readSync' | 'renameSync' | 'unlinkSync' | 'writeFileSync'>;

const startAdvice = 'stop it first, or set POLYMANCER_DATA_DIR to another folder';

/**
 * One process per data folder (the embedded PGlite database must never be opened twice): a lock file
 * holding the owner's pid, as Postgres's postmaster.pid does.
 *
 * Guarantees: the lock file appears at its path already holding its pid — the pid is written to a
 * unique temporary file which is then hard-linked to the lock path (`link` fails when the path
 * exists), so no other process can ever read an empty or half-written lock and take it for stale.
 * A live owner makes every other taker refuse with a message naming it.
 *
 * Stale locks (their pid is gone: a crash, a kill -9) are taken over by moving the lock file aside
 * with `rename` (atomic: of two processes that both judged it stale, only one moves a given file)
 * and reading what was moved: if it turns out to be a live owner's fresh lock (another process
 * replaced the stale one in between), it is put back with `link`.
 *
 * Known limitation: a third process that takes the lock in the instant a wrongly moved fresh lock
 * is away makes the put-back fail; that needs a stale lock and three processes starting at once.
 * A pid reused by an unrelated process after a crash keeps the lock held (refused, never shared).
 */
export function lockDataFolder(dataDir: string, options: LockOptions = {}): DataFolderLock {
  const pid = options.pid ?? process.pid;
  const fs = options.fs ?? nodeFs;
  const folder = resolve(dataDir);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, 'polymancer.lock');
  const unique = () => join(folder, `.polymancer.lock.${pid}.${randomBytes(6).toString('hex')}`);
  const temp = unique();
  fs.writeFileSync(temp, `${pid}\n`, { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        fs.linkSync(temp, path);
        return { path, release: () => releaseIfOwned(fs, path, pid) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = ownerOf(fs, path);
      if (owner === 'gone') continue;
      if (owner !== undefined && owner !== pid && isAlive(owner)) {
        throw new ConfigError(`the data folder ${folder} is in use by another Polymancer (pid ${owner}); ${options.advice ?? startAdvice}`, {
          details: { lock: path, pid: owner },
        });
      }
      // Dead, unreadable, or our own pid: a lock left by an earlier process that had our pid (a
      // container restarted as pid 1), since one process never takes the lock twice.
      removeStale(fs, path, unique(), pid);
    }
    throw new ConfigError(`could not take the lock on the data folder ${folder} (${path})`);
  } finally {
    unlinkQuietly(fs, temp);
  }
}

/** Moves a lock judged stale out of the way; puts it back when it proves to be a live owner's. */
function removeStale(fs: LockFs, path: string, aside: string, pid: number): void {
  try {
    fs.renameSync(path, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it first
    throw e;
  }
  const moved = ownerOf(fs, aside);
  if (typeof moved === 'number' && moved !== pid && isAlive(moved)) {
    try {
      fs.linkSync(aside, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  unlinkQuietly(fs, aside);
}

function releaseIfOwned(fs: LockFs, path: string, pid: number): void {
  if (ownerOf(fs, path) === pid) unlinkQuietly(fs, path);
}

/** The pid in a lock file; undefined when it holds none; 'gone' when there is no file. */
function ownerOf(fs: LockFs, path: string): number | undefined | 'gone' {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw e;
  }
  try {
    const buffer = Buffer.alloc(Math.min(64, fs.fstatSync(fd).size));
    fs.readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.toString('utf8').trim();
    const pid = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } finally {
    fs.closeSync(fd);
  }
}

function unlinkQuietly(fs: LockFs, path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
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
