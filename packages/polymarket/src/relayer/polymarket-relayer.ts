/**
 * `createPolymarketRelayer`: the redeemer's `WalletBatchRelayer` port over Polymarket's relayer HTTP API
 * (wire.ts), so deposit wallets, proxy wallets and Safes redeem gasless on Polygon — and against the local
 * exchange's relayer (apps/clob-sim `/relayer`), which speaks the same protocol on anvil.
 *
 * Guarantees
 * - One `POST /submit` per call, never retried here: a submit whose answer is lost (5xx, dropped connection,
 *   timeout) throws `relayer_unavailable` / `relayer_timeout` (retryable) and the caller — the redemption
 *   service — decides, by the wallet's nonce on chain, whether to send the SAME signed request again. This
 *   adapter never signs anything.
 * - After a submit the transaction is polled (`GET /v1/account/transactions/<id>`) until `STATE_MINED` or
 *   `STATE_CONFIRMED` (answered with its hash), or `STATE_FAILED` / `STATE_INVALID` (answered as `failed` with the
 *   relayer's reason, and the hash if it was mined). When the poll budget runs out, or the polls fail, the
 *   answer is the hash if one was seen, else none: the caller judges by the chain.
 * - Secrets (the Relayer API key, the builder secret and passphrase) go only into request headers: never
 *   into errors, details or anything logged; the relayer's own error text is stripped of them, and no error
 *   quotes the URL or a header.
 *
 * Semantics: requests as Polymarket's clients send them (ts-sdk `actions/gasless.ts`): numbers as decimal
 * strings, `metadata` naming the action; auth per auth.ts on every call (Polymarket's client signs each
 * relayer request; the builder HMAC covers the path without its query).
 *
 * Known limitations: deposit-wallet and Safe nonces are the redeemer's, read on chain, not the relayer's
 * `/params` (which can lag: GS026, ACCOUNTS.md §2); `WALLET-CREATE` and `SAFE-CREATE` are not sent.
 */
import type { Address } from 'viem';
import { POLYGON_CONTRACTS } from '../chain/addresses.ts';
import type { ProxyRelayRequest, RelayResult, SafeRelayRequest, WalletBatch, WalletBatchRelayer } from '../chain/redeemer.ts';
import { authSecrets, type RelayerAuth, relayerAuthHeaders } from './auth.ts';
import { PolymarketRelayerError } from './errors.ts';
import { RELAYER_STATES, type RelayerSubmitWire, type RelayerTransactionState } from './wire.ts';

export interface PolymarketRelayerOptions {
  /** e.g. `https://relayer-v2.polymarket.com` (the environment profile's relayer host). */
  readonly relayerUrl: string;
  /** Relayer API key or Builder credentials; absent = unauthenticated (Polymarket answers 401). */
  readonly auth?: RelayerAuth | undefined;
  /** The deposit-wallet factory a `WALLET` submit names as `to`; default Polygon's. */
  readonly depositWalletFactory?: Address;
  readonly fetch?: typeof fetch;
  /** Per HTTP call; default 15 s. */
  readonly timeoutMs?: number;
  /** Between polls of a submitted transaction; default 2 s (Polymarket's client polls every 2 s). */
  readonly pollIntervalMs?: number;
  /** Polls before answering with what is known; default 30. */
  readonly maxPolls?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Unix seconds (builder HMAC timestamps); default the wall clock. */
  readonly nowSecs?: () => number;
  /** Names the action in the relayer's records (`metadata`, at most 500 characters). */
  readonly metadata?: string;
}

const DONE: ReadonlySet<RelayerTransactionState> = new Set(['STATE_MINED', 'STATE_CONFIRMED']);
const FAILED: ReadonlySet<RelayerTransactionState> = new Set(['STATE_FAILED', 'STATE_INVALID']);
const HASH = /^0x[0-9a-fA-F]{64}$/;

interface Seen {
  readonly id: string;
  readonly state: RelayerTransactionState;
  readonly txHash: string | null;
  readonly errorMsg: string | null;
}

export function createPolymarketRelayer(options: PolymarketRelayerOptions): WalletBatchRelayer {
  const base = options.relayerUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const maxPolls = options.maxPolls ?? 30;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const nowSecs = options.nowSecs ?? (() => Math.floor(Date.now() / 1000));
  const factory = options.depositWalletFactory ?? (POLYGON_CONTRACTS.depositWalletFactory as Address);
  const metadata = options.metadata ?? 'Polymancer: redeem positions';
  const secrets = authSecrets(options.auth);

  /** The relayer's own words, without any secret of ours and bounded. */
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text).slice(0, 300);

  async function call(operation: string, method: 'GET' | 'POST', path: string, query?: Record<string, string>, body?: unknown): Promise<unknown> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json', ...relayerAuthHeaders(options.auth, { method, path, nowSecs: nowSecs(), ...(text === undefined ? {} : { body: text }) }) };
    if (text !== undefined) headers['content-type'] = 'application/json';
    const url = `${base}${path}${query === undefined ? '' : `?${new URLSearchParams(query).toString()}`}`;
    let response: Response;
    try {
      response = await doFetch(url, { method, headers, ...(text === undefined ? {} : { body: text }), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new PolymarketRelayerError(timedOut ? 'relayer_timeout' : 'relayer_unavailable', timedOut ? 'the relayer did not answer in time' : 'the relayer could not be reached', { details: { operation } });
    }
    const raw = await response.text().catch(() => '');
    if (!response.ok) {
      let said = '';
      try {
        const parsed = JSON.parse(raw) as { error?: unknown; message?: unknown };
        said = typeof parsed.error === 'string' ? parsed.error : typeof parsed.message === 'string' ? parsed.message : '';
      } catch {
        // not JSON: nothing quoted
      }
      // Polymarket's client retries these 400s (ts-sdk `isRetryableGaslessSubmitError`): the wallet's earlier request is still running.
      const busy = response.status === 400 && ((/wallet busy/i.test(said) && /active action/i.test(said)) || /wallet has in-flight action/i.test(said));
      const code = response.status === 401 || response.status === 403 ? 'relayer_unauthorized' : response.status === 429 ? 'relayer_rate_limited' : busy ? 'relayer_busy' : response.status >= 500 || response.status === 408 ? 'relayer_unavailable' : 'relayer_rejected';
      const reason = said === '' ? `HTTP ${response.status}` : scrub(said);
      throw new PolymarketRelayerError(code, `the relayer refused the ${operation}: ${reason}`, { details: { operation, status: response.status, ...(said === '' ? {} : { relayerError: scrub(said) }) } });
    }
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      throw new PolymarketRelayerError('relayer_bad_response', `the relayer answered the ${operation} with something other than JSON`, { details: { operation } });
    }
  }

  const bad = (operation: string, field: string) => new PolymarketRelayerError('relayer_bad_response', `the relayer's answer to the ${operation} lacks ${field}`, { details: { operation, field } });
  const stateOf = (operation: string, value: unknown): RelayerTransactionState => {
    if (typeof value === 'string' && (RELAYER_STATES as readonly string[]).includes(value)) return value as RelayerTransactionState;
    throw bad(operation, 'a known state');
  };
  const hashOf = (value: unknown): string | null => (typeof value === 'string' && HASH.test(value) ? value : null);
  const field = (o: Record<string, unknown>, ...names: string[]) => names.map((n) => o[n]).find((v) => v !== undefined && v !== null);

  /** Submit answer `{ transactionID, state, transactionHash? }`; a poll answer `{ transaction_id, state, transaction_hash, error_msg? }` (camelCase accepted too). */
  function parseTransaction(operation: string, answer: unknown, knownId?: string): Seen {
    const o = (Array.isArray(answer) ? answer[0] : answer) as Record<string, unknown> | undefined;
    if (o === undefined || typeof o !== 'object' || o === null) throw bad(operation, 'a transaction');
    const id = field(o, 'transactionID', 'transactionId', 'transaction_id') ?? knownId;
    if (typeof id !== 'string' || id === '') throw bad(operation, 'a transaction id');
    const errorMsg = field(o, 'error_msg', 'errorMsg');
    return { id, state: stateOf(operation, o.state), txHash: hashOf(field(o, 'transaction_hash', 'transactionHash', 'hash')), errorMsg: typeof errorMsg === 'string' && errorMsg !== '' ? scrub(errorMsg) : null };
  }

  /** Submits once, then polls to a terminal state or the budget's end. */
  async function submit(body: RelayerSubmitWire): Promise<RelayResult> {
    let seen = parseTransaction('submit', await call('submit', 'POST', '/submit', undefined, body));
    let txHash = seen.txHash;
    for (let poll = 0; ; poll += 1) {
      if (DONE.has(seen.state) && seen.txHash !== null) return { txHash: seen.txHash };
      if (FAILED.has(seen.state)) return { txHash, failed: seen.errorMsg ?? `the relayer reported ${seen.state}` };
      if (poll >= maxPolls) return { txHash };
      await sleep(pollIntervalMs);
      try {
        seen = parseTransaction('transaction poll', await call('transaction poll', 'GET', `/v1/account/transactions/${encodeURIComponent(seen.id)}`), seen.id);
      } catch (error) {
        // The submit went through; a failed poll changes nothing of that. The next poll (or the chain) tells.
        if (!(error instanceof PolymarketRelayerError)) throw error;
      }
      txHash = seen.txHash ?? txHash;
    }
  }

  return {
    async relay(batch: WalletBatch): Promise<RelayResult> {
      if (batch.from === undefined) throw new PolymarketRelayerError('relayer_request_incomplete', 'the signed batch does not name its owner, which Polymarket\'s relayer needs: it is signed again');
      return submit({
        type: 'WALLET',
        from: batch.from,
        to: factory,
        nonce: batch.nonce.toString(),
        signature: batch.signature,
        depositWalletParams: { depositWallet: batch.wallet, deadline: batch.deadline.toString(), calls: batch.calls.map((c) => ({ target: c.target, value: c.value.toString(), data: c.data })) },
        metadata,
      });
    },

    async proxyRelayPayload(owner: Address) {
      const answer = (await call('relay params', 'GET', '/v1/account/transactions/params', { address: owner, type: 'PROXY' })) as Record<string, unknown> | null;
      const relay = answer?.address;
      const nonce = answer?.nonce;
      if (typeof relay !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(relay)) throw bad('relay params', 'the relay address');
      if ((typeof nonce !== 'string' && typeof nonce !== 'number') || !/^\d+$/.test(String(nonce))) throw bad('relay params', 'the nonce');
      return { relay: relay as Address, nonce: BigInt(nonce) };
    },

    async relayProxy(r: ProxyRelayRequest): Promise<RelayResult> {
      return submit({
        type: 'PROXY',
        from: r.from,
        to: r.to,
        proxyWallet: r.proxyWallet,
        data: r.data,
        nonce: r.nonce.toString(),
        signature: r.signature,
        signatureParams: { gasLimit: r.gasLimit.toString(), gasPrice: r.gasPrice.toString(), relay: r.relay, relayHub: r.relayHub, relayerFee: r.txFee.toString() },
        metadata,
      });
    },

    async relaySafe(r: SafeRelayRequest): Promise<RelayResult> {
      return submit({
        type: 'SAFE',
        from: r.from,
        to: r.to,
        proxyWallet: r.safe,
        data: r.data,
        nonce: r.nonce.toString(),
        signature: r.signature,
        signatureParams: { operation: String(r.operation), safeTxnGas: r.safeTxGas.toString(), baseGas: r.baseGas.toString(), gasPrice: r.gasPrice.toString(), gasToken: r.gasToken, refundReceiver: r.refundReceiver },
        ...(r.value > 0n ? { value: r.value.toString() } : {}),
        metadata,
      });
    },
  };
}
