/**
 * Every benchmark of the repository, in the order `npm run bench` runs them. To add one: write
 * `bench/<name>.ts` (or `apps/<app>/bench/<name>.ts`, `packages/<package>/bench/<name>.ts`) that exits non-zero when it breaks and accepts
 * `--smoke` (every step once, briefly: seconds, not minutes), then add a line here. The test suite
 * runs `bench/run.ts --smoke` (bench/run.test.ts), so a broken benchmark fails CI.
 */
export interface Bench {
  readonly name: string;
  /** The entry point, relative to the repository root. */
  readonly path: string;
  /** `npm run bench -- <args>` passes its arguments to this benchmark (one at most). */
  readonly takesRunArgs?: boolean;
}

export const benches: readonly Bench[] = [
  { name: 'bot ticks', path: 'bench/bot-ticks.ts', takesRunArgs: true },
  { name: 'scheduling (end to end)', path: 'bench/scheduling.ts' },
  { name: 'scheduler overhead (no-op tick)', path: 'bench/scheduler-overhead.ts' },
  { name: 'clob-sim', path: 'apps/clob-sim/bench/run.ts' },
  { name: 'live order latency', path: 'bench/live-latency.ts' },
  { name: 'tick CPU (package probe, no database)', path: 'packages/bots/bench/tick-cpu.ts' },
  { name: 'tick throughput (package probe)', path: 'packages/bots/bench/tick-throughput.ts' },
];
