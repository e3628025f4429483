/**
 * The data-folder lock under a competitor that runs at the worst moment: every file-system call the
 * lock makes is followed, once, by a second process's attempt (a different live pid), so the windows
 * between steps are tested deterministically rather than by racing real processes.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import * as real from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataFolder as lockWith, type LockFs, type LockOptions } from './data-folder-lock.ts';

let afterCall: ((name: string) => void) | undefined;
/** The real file system, with `afterCall` run after each call the lock makes. */
const interposed = Object.fromEntries(
  (['closeSync', 'fstatSync', 'linkSync', 'mkdirSync', 'openSync', 'readSync', 'renameSync', 'unlinkSync', 'writeFileSync'] as const).map((name) => [
    name,
    (...args: unknown[]) => {
      const result = (real[name] as (...a: unknown[]) => unknown)(...args);
      afterCall?.(name);
      return result;
    },
  ]),
) as unknown as LockFs;
const lockDataFolder = (dir: string, options: LockOptions = {}) => lockWith(dir, { ...options, fs: interposed });

// Another live process (ours is the first taker); a pid above Linux's maximum is never alive.
const otherLivePid = process.ppid;
const deadPid = 4_194_305;
const dirs: string[] = [];
const folder = () => {
  const dir = real.mkdtempSync(join(tmpdir(), 'pm-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  afterCall = undefined;
  for (const d of dirs.splice(0)) real.rmSync(d, { recursive: true, force: true });
});

/** Runs `competitor` once, right after the first call (matching `when`) that leaves the lock file present. */
function competeOnce(lockPath: string, competitor: () => void, when: (name: string) => boolean = () => true): void {
  let ran = false;
  afterCall = (name) => {
    if (ran || !when(name) || !real.existsSync(lockPath)) return;
    ran = true;
    afterCall = undefined; // the competitor's own calls are not intercepted
    competitor();
  };
}

describe('data folder lock', () => {
  test('a lock is never visible without its pid: a competitor at any step after it appears refuses', () => {
    const dir = folder();
    const lockPath = join(dir, 'polymancer.lock');
    let competitorResult: unknown = 'not run';
    competeOnce(lockPath, () => {
      try {
        lockDataFolder(dir, { pid: otherLivePid });
        competitorResult = 'took the lock';
      } catch (error) {
        competitorResult = (error as Error).message;
      }
    });
    const lock = lockDataFolder(dir);
    expect(competitorResult).toBe(`the data folder ${dir} is in use by another Polymancer (pid ${process.pid}); stop it first, or set POLYMANCER_DATA_DIR to another folder`);
    expect(real.readFileSync(lockPath, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(real.existsSync(lockPath)).toBe(false);
    expect(real.readdirSync(dir)).toEqual([]);
  });

  test('an empty lock file (left by a crash mid-write) is taken over', () => {
    const dir = folder();
    real.writeFileSync(join(dir, 'polymancer.lock'), '');
    const lock = lockDataFolder(dir);
    expect(real.readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  test('a stale lock (its pid is gone) is taken over', () => {
    const dir = folder();
    real.writeFileSync(join(dir, 'polymancer.lock'), `${deadPid}\n`);
    const lock = lockDataFolder(dir);
    expect(real.readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(real.readdirSync(dir)).toEqual([]);
  });

  test('a lock holding our own pid (left by an earlier process that had it, as pid 1 in a restarted container) is taken over', () => {
    const dir = folder();
    real.writeFileSync(join(dir, 'polymancer.lock'), `${process.pid}\n`);
    const lock = lockDataFolder(dir);
    expect(real.readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(real.readdirSync(dir)).toEqual([]);
  });

  test('of two processes that both find the same stale lock, one takes it and the other refuses', () => {
    const dir = folder();
    const lockPath = join(dir, 'polymancer.lock');
    real.writeFileSync(lockPath, `${deadPid}\n`);
    // The competitor takes the stale lock over right after we have read it as stale.
    let competitor: { release(): void } | undefined;
    competeOnce(lockPath, () => (competitor = lockDataFolder(dir, { pid: otherLivePid })), (name) => name === 'readSync' || name === 'readFileSync');
    expect(() => lockDataFolder(dir)).toThrow(`is in use by another Polymancer (pid ${otherLivePid})`);
    expect(competitor).toBeDefined();
    expect(real.readFileSync(lockPath, 'utf8')).toBe(`${otherLivePid}\n`);
    competitor!.release();
    expect(real.readdirSync(dir)).toEqual([]);
  });

  test('names the advice it is given', () => {
    const dir = folder();
    const first = lockDataFolder(dir, { pid: otherLivePid });
    expect(() => lockDataFolder(dir, { advice: 'use the API' })).toThrow(`(pid ${otherLivePid}); use the API`);
    first.release();
  });
});
