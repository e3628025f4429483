/** A UTC calendar day, `YYYY-MM-DD`: the unit of daily P&L and of the daily loss limit. */
export type UtcDay = string;

export function utcDayOf(at: Date | number): UtcDay {
  const d = typeof at === 'number' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid date');
  return d.toISOString().slice(0, 10);
}

/** Unix ms of 00:00:00.000 UTC of the day containing `at`. */
export function startOfUtcDayMs(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  return ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
}
