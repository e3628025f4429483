import { Counter, Gauge, Histogram, type Registry, Summary } from 'prom-client';

/** What the bot-tick scheduler exposes on /metrics (registered on the process's registry). */
export interface TickMetrics {
  readonly ticks: Counter<'lane' | 'outcome'>;
  readonly late: Counter<'lane'>;
  readonly missedSlots: Counter<'lane'>;
  readonly lateness: Histogram<'lane'>;
  readonly latenessQuantiles: Summary<'lane'>;
}

export interface TickQueueReader {
  /** This process's ticks in flight. */
  running(lane: 'rules' | 'llm'): number;
  /** Cluster-wide, read at scrape time: due and not running, running under a lease, due for longer than the lateness bound. */
  counts(lane: 'rules' | 'llm'): Promise<{ due: number; running: number; late: number }>;
}

export function createTickMetrics(registry: Registry, queue: TickQueueReader): TickMetrics {
  const lanes = ['rules', 'llm'] as const;
  new Gauge({
    name: 'polymancer_bot_ticks_running',
    help: 'Bot ticks running in this process',
    labelNames: ['lane'],
    registers: [registry],
    collect() {
      for (const lane of lanes) this.set({ lane }, queue.running(lane));
    },
  });
  const cluster = (name: string, help: string, pick: (c: { due: number; running: number; late: number }) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['lane'],
      registers: [registry],
      async collect() {
        for (const lane of lanes) this.set({ lane }, pick(await queue.counts(lane)));
      },
    });
  cluster('polymancer_bot_ticks_due', 'Bot ticks due now and not yet running (all workers)', (c) => c.due);
  cluster('polymancer_bot_ticks_leased', 'Bot ticks running under a lease (all workers)', (c) => c.running);
  cluster('polymancer_bot_ticks_overdue', 'Bot ticks due for longer than the lateness bound and not running (all workers)', (c) => c.late);
  return {
    ticks: new Counter({ name: 'polymancer_bot_ticks_total', help: 'Bot ticks finished, by outcome', labelNames: ['lane', 'outcome'], registers: [registry] }),
    late: new Counter({ name: 'polymancer_bot_ticks_late_total', help: 'Bot ticks that started later than the lateness bound after their slot', labelNames: ['lane'], registers: [registry] }),
    missedSlots: new Counter({ name: 'polymancer_bot_tick_missed_slots_total', help: 'Slots that passed without a tick because the bot could not tick on time', labelNames: ['lane'], registers: [registry] }),
    lateness: new Histogram({
      name: 'polymancer_bot_tick_lateness_seconds',
      help: 'Start of a bot tick minus the start of its slot',
      labelNames: ['lane'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers: [registry],
    }),
    latenessQuantiles: new Summary({
      name: 'polymancer_bot_tick_lateness_quantiles_seconds',
      help: 'Bot tick lateness percentiles over the last minute',
      labelNames: ['lane'],
      percentiles: [0.5, 0.9, 0.99, 1],
      maxAgeSeconds: 60,
      ageBuckets: 6,
      registers: [registry],
    }),
  };
}
