/**
 * A deadline on one call of the live venue to the exchange. The official client sets no timeout of
 * its own (axios' default: none), so an exchange that accepts the connection and never answers would
 * hold the tick — and a liquidation — forever. The call is raced against a timer: when the time is up
 * the caller gets `onTimeout()` (for a post: outcome unknown), whatever the client is still doing.
 *
 * Known limitation: the request itself is not aborted (the client takes no signal); it finishes or
 * fails on its own and its answer is dropped. For a post that is exactly "outcome unknown": only
 * reconciliation settles the order, which is never posted again.
 */

/** How long the live venue waits for the exchange by default (`LIVE_EXCHANGE_TIMEOUT_MS`). */
export const DEFAULT_LIVE_EXCHANGE_TIMEOUT_MS = 10_000;

export async function withDeadline<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
