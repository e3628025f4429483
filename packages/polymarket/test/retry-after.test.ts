/**
 * The wait the exchange asks for on a refused post: `Retry-After` as delay-seconds or an HTTP-date,
 * else the post-only body's `retry_after_seconds` (PROTOCOL.md, 503 post-only mode).
 */
import { describe, expect, test } from 'bun:test';
import { classifyPostResponse } from '../src/execution/index.ts';
import { parseRetryAfterMs } from '../src/execution/retry-after.ts';

describe('Retry-After', () => {
  const now = Date.UTC(2026, 11, 2, 3, 0, 0);

  test('reads delay-seconds and an HTTP-date; ignores what is neither, or a date already past', () => {
    expect(parseRetryAfterMs('7', now)).toBe(7_000);
    expect(parseRetryAfterMs(' 60 ', now)).toBe(60_000);
    expect(parseRetryAfterMs(['2'], now)).toBe(2_000);
    expect(parseRetryAfterMs('Wed, 02 Dec 2026 03:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Wed, 02 Dec 2026 02:59:30 GMT', now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('-3', now)).toBeUndefined();
  });

  test('a refusal carries the header’s wait, else the body’s retry_after_seconds', () => {
    const postOnly = { error: 'Trading is currently in post-only mode: only post-only orders are accepted.', code: 'post_only_mode', retry_after_seconds: 60, status: 503 };
    expect(classifyPostResponse(postOnly)).toMatchObject({ kind: 'unavailable', code: 'exchange_post_only', retryAfterMs: 60_000 });
    expect(classifyPostResponse(postOnly, 5_000)).toMatchObject({ retryAfterMs: 5_000 });
    expect(classifyPostResponse({ error: 'Too Many Requests', status: 429 }, 7_000)).toMatchObject({ kind: 'unavailable', code: 'exchange_rate_limited', retryable: true, retryAfterMs: 7_000 });
    const cancelOnly = classifyPostResponse({ error: 'Trading is currently cancel-only. New orders are not accepted, but cancels are allowed.', status: 503 });
    expect(cancelOnly).toMatchObject({ kind: 'unavailable', code: 'exchange_cancel_only', retryable: false });
    expect(cancelOnly.kind === 'unavailable' && cancelOnly.retryAfterMs).toBeUndefined();
  });
});
