/**
 * `createPolymarketLiveVenue`: the bots service's `LiveVenue` port over the official
 * `@polymarket/clob-client-v2` — sign (no network), post FOK once with L2 headers, look an order up
 * by hash. A client is built per call from the account and the secrets of that signing scope, so
 * no credential outlives the scope in this adapter. Every call to the exchange has a deadline
 * (`timeoutMs`, deadline.ts): a post with no answer by then is `unknown` (reconciliation settles it),
 * a lookup `unreachable`, a closed-only check a failure.
 */
import { ClobClient, SignatureTypeV2 } from '@polymarket/clob-client-v2';
import { scopedSigningWallet, signFokOrder } from './order-builder.ts';
import { fillFromTrades, lookupOrder, tradesOfOrder } from './reconciliation.ts';
import { postFok } from './submitter.ts';
import { DEFAULT_LIVE_EXCHANGE_TIMEOUT_MS, withDeadline } from './deadline.ts';
import type { VenueAccount, VenueOrderLookup, VenueOrderSpec, VenuePostAnswer, VenueSecrets, VenueSignedOrder } from './types.ts';

export interface LiveVenueOptions {
  /** The CLOB's base URL (the local exchange's, or Polymarket's). */
  readonly clobUrl: string;
  /** 137 (Polygon) — the official client signs only for 137 and 80002. */
  readonly chainId?: number;
  /** Called at named points of a post (crash tests stop the process there). */
  readonly faultHook?: (point: 'after_post') => void | Promise<void>;
  /**
   * How long each call waits for the exchange (LIVE_EXCHANGE_TIMEOUT_MS); default 10 000 ms. Keep it
   * well under the signing scope's 30 s, inside which each post runs.
   */
  readonly timeoutMs?: number;
}

export interface PolymarketLiveVenue {
  sign(account: VenueAccount, secrets: VenueSecrets, spec: VenueOrderSpec): Promise<VenueSignedOrder>;
  post(account: VenueAccount, secrets: VenueSecrets, order: VenueSignedOrder): Promise<VenuePostAnswer>;
  lookup(account: VenueAccount, secrets: VenueSecrets, orderHash: string, tokenId: string): Promise<VenueOrderLookup>;
  closedOnly(account: VenueAccount, secrets: VenueSecrets): Promise<boolean>;
  probeAccount(account: VenueAccount, secrets: VenueSecrets): Promise<VenueAccountProbe>;
}

/** Pre-flight's reading of an authenticated call (`@polymancer/core`'s `ExchangeProbe`). */
export type VenueAccountProbe =
  | { readonly kind: 'answered'; readonly closedOnly: boolean }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** The official client answers `{ error, status }` for an HTTP error, `{ error }` (axios' message) when no body or no answer came. */
export function classifyProbe(res: unknown): VenueAccountProbe {
  const r = (res ?? {}) as { closed_only?: unknown; error?: unknown; status?: unknown };
  if (r.error === undefined) return typeof r.closed_only === 'boolean' ? { kind: 'answered', closedOnly: r.closed_only } : { kind: 'unreachable', reason: 'unexpected answer' };
  const status = typeof r.status === 'number' ? r.status : Number(/status code (\d{3})/.exec(String(r.error))?.[1] ?? Number.NaN);
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 403) return { kind: 'forbidden' };
  return { kind: 'unreachable', reason: Number.isNaN(status) ? 'no answer' : `HTTP ${status}` };
}

export function createPolymarketLiveVenue(options: LiveVenueOptions): PolymarketLiveVenue {
  const chainId = options.chainId ?? 137;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LIVE_EXCHANGE_TIMEOUT_MS;
  const clientFor = (account: VenueAccount, secrets: VenueSecrets) =>
    new ClobClient({
      host: options.clobUrl,
      chain: chainId,
      signer: scopedSigningWallet(secrets.privateKey, account.signerAddress),
      creds: { key: secrets.apiKey, secret: secrets.apiSecret, passphrase: secrets.apiPassphrase },
      signatureType: account.walletType as SignatureTypeV2,
      ...(account.walletType === 0 ? {} : { funderAddress: account.funderAddress }),
      retryOnError: false,
    });
  return {
    sign: (account, secrets, spec) => signFokOrder(chainId, account, secrets.privateKey, spec),
    async post(account, secrets, order) {
      const client = clientFor(account, secrets);
      const side = order.payload.side === 'SELL' || order.payload.side === 1 ? 'SELL' : 'BUY';
      // No answer in time: it may still reach the exchange and match, so the outcome is unknown.
      const answer = await withDeadline(postFok(client, order.payload, side), timeoutMs, (): VenuePostAnswer => ({ kind: 'unknown', reason: `no answer from the exchange within ${timeoutMs} ms`, httpStatus: null }));
      await options.faultHook?.('after_post');
      if (answer.kind !== 'matched') return answer;
      // Fees are charged per match: read the order's trades for their prices (best effort).
      try {
        const trades = await withDeadline(tradesOfOrder(client, order.orderHash, String(order.payload.tokenId)), timeoutMs, () => []);
        if (trades.length > 0) return { ...answer, fill: { ...answer.fill, legs: fillFromTrades(trades).legs } };
      } catch {
        // The answer stands without per-match prices: the fee is then computed on the average price.
      }
      return answer;
    },
    lookup: (account, secrets, orderHash, tokenId) => withDeadline(lookupOrder(clientFor(account, secrets), orderHash, tokenId), timeoutMs, (): VenueOrderLookup => ({ kind: 'unreachable', reason: `no answer from the exchange within ${timeoutMs} ms` })),
    probeAccount: (account, secrets) =>
      withDeadline(
        clientFor(account, secrets).getClosedOnlyMode().then(classifyProbe, (): VenueAccountProbe => ({ kind: 'unreachable', reason: 'no answer' })),
        timeoutMs,
        (): VenueAccountProbe => ({ kind: 'unreachable', reason: 'timeout' }),
      ),
    async closedOnly(account, secrets) {
      const res = (await withDeadline(clientFor(account, secrets).getClosedOnlyMode() as Promise<unknown>, timeoutMs, () => ({ error: 'timeout' }))) as { closed_only?: unknown; error?: unknown };
      if (res?.error !== undefined) throw new Error('the exchange did not answer the closed-only status');
      return res.closed_only === true;
    },
  };
}
