/**
 * Test support: drive a TestClock until something pg-boss does asynchronously has happened.
 * Time moves only through `tick`; the bound is on the number of steps, never on real time.
 */
import type { TestClock } from 'pg-boss';

/**
 * Ticks `clock` by `stepMs` until `until` settles, at most `maxSteps` times. For outcomes that need
 * a poll after an event-loop turn (a retry after a failed attempt, a handler that resolves after the
 * tick that fetched its job). Resolves with `until`'s value, rejects with its error; when the steps
 * run out it still waits on `until`, whose own real-time guard (see `waitForJob`) ends the test.
 */
export async function tickUntil<T>(clock: TestClock, until: Promise<T>, options: { stepMs?: number; maxSteps?: number } = {}): Promise<T> {
  const stepMs = options.stepMs ?? 1_000;
  const maxSteps = options.maxSteps ?? 30;
  let settled = false;
  const watched = until.finally(() => {
    settled = true;
  });
  watched.catch(() => {});
  for (let step = 0; step < maxSteps && !settled; step += 1) {
    await clock.tick(stepMs);
  }
  // Still unsettled after the last step: `until` carries its own real-time guard (see waitForJob).
  return watched;
}
