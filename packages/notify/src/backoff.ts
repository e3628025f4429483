/** Delay before attempt `attempts + 1` after `attempts` failed ones: 30 s doubling, at most an hour. */
export const retryBaseMs = 30_000;
export const retryMaxMs = 60 * 60_000;

export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  return Math.min(retryBaseMs * 2 ** exponent, retryMaxMs);
}
