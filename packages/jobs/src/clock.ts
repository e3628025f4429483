import type { Clock } from '@polymancer/core';
import { systemClock, TestClock, type Clock as JobClock } from 'pg-boss';

export { systemClock as systemJobClock, TestClock };
export type { JobClock };

/** The domain view (`now(): Date`) of a pg-boss clock, so handlers stamp rows with the same time pg-boss runs on. */
export function domainClock(clock: JobClock): Clock {
  return { now: () => new Date(clock.now()) };
}
