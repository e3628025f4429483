/**
 * Real recorded data lives in ../shared/data beside the repository and is never copied in.
 * In CI (CI=true) a missing folder fails the suite; elsewhere the tests that need it say plainly
 * that they did not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'bun:test';

export const sharedDataDir = resolve(new URL('../..', import.meta.url).pathname, 'shared', 'data');

export function hasSharedData(sub = ''): boolean {
  return existsSync(join(sharedDataDir, sub));
}

/** Absolute path of a shared data file. */
export function sharedDataPath(...parts: string[]): string {
  return join(sharedDataDir, ...parts);
}

export function readSharedJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(sharedDataPath(...parts), 'utf8')) as T;
}

/**
 * `test` for tests that read shared data: runs when the data is there; in CI a missing folder is a
 * failing test; elsewhere the test is reported as not run, with the reason printed.
 */
export function testWithSharedData(name: string, sub: string, fn: () => unknown | Promise<unknown>, timeoutMs?: number): void {
  if (hasSharedData(sub)) {
    test(name, fn as () => Promise<void>, timeoutMs);
  } else if (process.env.CI === 'true') {
    test(name, () => {
      throw new Error(`shared data missing: ${join(sharedDataDir, sub)} (CI requires it)`);
    });
  } else {
    console.warn(`NOT RUN (no ${join(sharedDataDir, sub)}): ${name}`);
    test.skip(name, () => {});
  }
}

/**
 * `describe` for suites that read shared data, with the same rule as `testWithSharedData`: runs when
 * the data is there; in CI a missing folder fails; elsewhere the suite is reported as not run.
 */
export function describeIfSharedData(sub: string): (name: string, fn: () => void) => void {
  if (hasSharedData(sub)) return describe;
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        test('shared data is present', () => {
          throw new Error(`shared data missing: ${join(sharedDataDir, sub)} (CI requires it)`);
        });
      });
  }
  return (name, fn) => {
    console.warn(`NOT RUN (no ${join(sharedDataDir, sub)}): ${name}`);
    describe.skip(name, fn);
  };
}
