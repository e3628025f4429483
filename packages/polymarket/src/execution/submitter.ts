/**
 * Posts a signed order as FOK with L2 headers through the official client, once — the client's
 * own retry (`retryOnError`) is off, so a post is never silently repeated — and classifies the
 * answer. Only an answer the exchange gave is `matched` / `rejected` / `unavailable`; a timeout, a
 * dropped connection or a 5xx is `unknown` (it may have matched).
 *
 * Refusal statuses (ACCOUNTS.md §1.8): 425 engine restarting (retry with backoff); 503 cancel-only,
 * post-only (`post_only_mode`) or disabled (hold and tell the user); 429 rate limited (retry after
 * `Retry-After`). Each of these refuses before matching, so the same signed order may be posted again.
 * The wait the exchange asks for — its `Retry-After` header (retry-after.ts), else the body's
 * `retry_after_seconds` — comes back with the refusal as `retryAfterMs`.
 */
import { ClobClient, OrderType, type OrderResponse } from '@polymarket/clob-client-v2';
import { parseRetryAfterMs, withRetryAfter } from './retry-after.ts';
import type { VenueFill, VenuePostAnswer } from './types.ts';

const micros = (text: string | number | undefined): number => {
  if (text === undefined || text === '') return 0;
  const [whole = '0', frac = ''] = String(text).split('.');
  return Number(whole) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
};

function messageOf(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body !== null && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.error === 'string') return o.error;
    if (o.error !== undefined) return messageOf(o.error);
    if (typeof o.message === 'string') return o.message;
    return JSON.stringify(o);
  }
  return String(body);
}

/** A refusal's stable code from Polymarket's message. */
export function rejectionCode(message: string): string {
  const m = message.toLowerCase();
  if (m.includes('fully filled or killed') || m.includes('no match')) return 'fok_not_filled';
  if (m.includes('deposit wallet flow')) return 'deposit_wallet_required';
  if (m.includes('maker address not allowed')) return 'maker_not_allowed';
  if (m.includes('address of the api key')) return 'api_key_address_mismatch';
  if (m.includes('not enough balance') || m.includes('allowance')) return 'insufficient_balance_or_allowance';
  if (m.includes('invalid signature')) return 'invalid_signature';
  if (m.includes('closed-only') || m.includes('closed only')) return 'account_closed_only';
  if (m.includes('not yet ready') || m.includes('not accepting')) return 'market_not_accepting_orders';
  if (m.includes('invalid amounts') || m.includes('accuracy')) return 'invalid_amount_precision';
  if (m.includes('lower than the minimum') || m.includes('min size') || m.includes('minimum')) return 'below_min_order_size';
  if (m.includes('duplicated')) return 'duplicate_order';
  if (m.includes('order_version_mismatch') || m.includes('invalid order version')) return 'order_version_mismatch';
  if (m.includes('unauthorized') || m.includes('invalid api key')) return 'exchange_unauthorized';
  return 'exchange_rejected';
}

/** `retryAfterMs`: the answer's `Retry-After` header; without one, the body's `retry_after_seconds` (post-only mode). */
export function classifyPostResponse(res: unknown, retryAfterHeaderMs?: number): VenuePostAnswer {
  const r = (res ?? {}) as Record<string, unknown>;
  const status = typeof r.status === 'number' ? r.status : undefined;
  if (r.error !== undefined) {
    const reason = messageOf(r);
    const retryAfterMs = retryAfterHeaderMs ?? parseRetryAfterMs(r.retry_after_seconds, Date.now());
    if (status === undefined) return { kind: 'unknown', reason: `no answer from the exchange: ${reason}` };
    if (status === 425) return { kind: 'unavailable', code: 'exchange_restarting', reason: 'the exchange matching engine is restarting', retryable: true, retryAfterMs };
    if (status === 429) return { kind: 'unavailable', code: 'exchange_rate_limited', reason: 'the exchange rate-limited this account', retryable: true, retryAfterMs };
    if (status === 503) {
      const lower = reason.toLowerCase();
      const code = JSON.stringify(r).includes('post_only') || lower.includes('post-only') || lower.includes('post only') ? 'exchange_post_only' : lower.includes('cancel-only') ? 'exchange_cancel_only' : 'exchange_trading_disabled';
      return { kind: 'unavailable', code, reason, retryable: false, retryAfterMs };
    }
    if (status >= 500) return { kind: 'unknown', reason: `exchange error ${status}` };
    return { kind: 'rejected', code: rejectionCode(reason), reason };
  }
  const answer = r as unknown as OrderResponse & { transactionsHashes?: string[]; tradeIDs?: string[] };
  if (answer.success === false || (answer.errorMsg !== undefined && answer.errorMsg !== '')) {
    const reason = answer.errorMsg || 'the exchange did not accept the order';
    return { kind: 'rejected', code: rejectionCode(reason), reason };
  }
  if (answer.status !== 'matched') return { kind: 'rejected', code: 'not_matched', reason: `the exchange answered ${String(answer.status)} to a FOK order` };
  return { kind: 'matched', fill: fillFromResponse(answer) };
}

/** In a BUY's terms (making = pUSD paid, taking = shares); `postFok` swaps them for a SELL. */
function fillFromResponse(answer: OrderResponse & { transactionsHashes?: string[]; tradeIDs?: string[] }): VenueFill {
  return {
    sharesMicros: micros(answer.takingAmount),
    notionalMicros: micros(answer.makingAmount),
    transactionHashes: answer.transactionsHashes ?? [],
    tradeIds: answer.tradeIDs ?? [],
  };
}

export async function postFok(client: ClobClient, order: Readonly<Record<string, unknown>>, side: 'BUY' | 'SELL'): Promise<VenuePostAnswer> {
  let res: unknown;
  let retryAfterMs: number | undefined;
  try {
    ({ value: res, retryAfterMs } = await withRetryAfter(() => client.postOrder(order as never, OrderType.FOK)));
  } catch (error) {
    return { kind: 'unknown', reason: `no answer from the exchange: ${error instanceof Error ? error.message : String(error)}`, httpStatus: null };
  }
  const status = (res as { status?: unknown } | null)?.status;
  const httpStatus = typeof status === 'number' ? status : (res as { error?: unknown } | null)?.error !== undefined ? null : 200;
  const answer = { ...classifyPostResponse(res, retryAfterMs), httpStatus };
  if (answer.kind !== 'matched') return answer;
  const isSell = side === 'SELL';
  const f = answer.fill;
  // The response's making/taking are in the maker's terms: swap for a SELL.
  return isSell ? { kind: 'matched', fill: { ...f, sharesMicros: f.notionalMicros, notionalMicros: f.sharesMicros }, httpStatus } : answer;
}

export { micros as decimalToMicros };
