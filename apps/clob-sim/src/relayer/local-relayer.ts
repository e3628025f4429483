/**
 * The local exchange's relayer: Polymarket's relayer HTTP protocol (`@polymancer/polymarket` relayer/wire.ts —
 * params, submit, poll) served on the local chain, so the worker's `createPolymarketRelayer` redeems deposit
 * wallets, proxy wallets and Safes over HTTP exactly as against `relayer-v2.polymarket.com`, with anvil
 * underneath. The sending is `createSelfRelayer`'s (a gas key of its own, anvil's ninth test key by default —
 * not the worker's self-relayer key, so the two never share nonces).
 *
 * Guarantees
 * - A submit answers at once (`STATE_NEW`, as Polymarket's does); the transaction is sent in the background and
 *   walks `STATE_NEW` → `STATE_EXECUTED` (hash known) → `STATE_CONFIRMED` (mined, succeeded), or `STATE_FAILED`
 *   (gas estimation refused it, or it reverted) with `error_msg`.
 * - The same signed request submitted again is the same transaction (same id): it is never sent twice (one
 *   that failed may be submitted anew: it did not run).
 * - `/submit` needs auth as Polymarket's does: a Relayer API key (`RELAYER_API_KEY`, `RELAYER_API_KEY_ADDRESS`)
 *   or builder HMAC headers, for keys issued by `POST /_sim/relayer/api-keys` / `/_sim/relayer/builder-keys`.
 *   Secrets are compared, never logged or echoed.
 * - Faults (`POST /_sim/relayer/faults`): answer 503 before sending, 503 after sending, or answer only after
 *   `delayMs` once sent — the lost answers a real relayer can give.
 *
 * Known limitations: no `WALLET-CREATE` / `SAFE-CREATE`; transactions are kept in memory.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Address, type Hex, isAddress, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createSelfRelayer, type RelayerTransactionState, type WalletBatchRelayer, relayHubAbi } from '@polymancer/polymarket';

/** Anvil's ninth default test key (public, worthless anywhere else). */
export const LOCAL_RELAYER_KEY: Hex = '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97';

export type RelayerFault = 'error_before_send' | 'error_after_send' | 'delay_after_send';

interface RelayedTransaction {
  readonly id: string;
  readonly signature: string;
  state: RelayerTransactionState;
  hash: string;
  errorMsg: string | null;
  /** Settles once the transaction is sent (or refused). */
  sent: Promise<void>;
}

export type RelayerReply = { readonly status: number; readonly body: unknown; readonly delayMs?: number };

export interface LocalRelayerOptions {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly client: PublicClient;
  readonly relayHub: Address;
  /** The owner's deposit wallet and Safe (CREATE2 from their factories), for `/params` of types WALLET and SAFE. */
  readonly walletsOf: { readonly depositWallet: (owner: Address) => Promise<Address>; readonly safe: (owner: Address) => Promise<Address> };
  readonly gasKey?: Hex;
  /** Credentials accepted from the start (`start` passes the worker's configured relayer credentials), besides those issued at run time. */
  readonly trusted?: readonly LocalRelayerCredential[];
}

export type LocalRelayerCredential =
  | { readonly kind: 'relayer_api_key'; readonly apiKey: string; readonly address: string }
  | { readonly kind: 'builder'; readonly key: string; readonly secret: string; readonly passphrase: string };

const nonceAbi = [{ type: 'function', name: 'nonce', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] }] as const;

const isHex = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]*$/.test(v);
const isUint = (v: unknown): v is string => typeof v === 'string' && /^\d+$/.test(v);
const bad = (message: string): RelayerReply => ({ status: 400, body: { error: message } });

export class LocalRelayer {
  readonly #options: LocalRelayerOptions;
  readonly #sender: WalletBatchRelayer;
  readonly relayAddress: Address;
  readonly #transactions = new Map<string, RelayedTransaction>();
  readonly #bySignature = new Map<string, RelayedTransaction>();
  readonly #apiKeys = new Map<string, string>();
  readonly #builderKeys = new Map<string, { secret: string; passphrase: string }>();
  #fault: { kind: RelayerFault; count: number; delayMs: number } | undefined;

  constructor(options: LocalRelayerOptions) {
    this.#options = options;
    const gasKey = options.gasKey ?? LOCAL_RELAYER_KEY;
    this.relayAddress = privateKeyToAccount(gasKey).address;
    this.#sender = createSelfRelayer({ rpcUrl: options.rpcUrl, gasKey, chainId: options.chainId, walletContracts: { relayHub: options.relayHub } });
    for (const c of options.trusted ?? []) {
      if (c.kind === 'relayer_api_key') this.#apiKeys.set(c.apiKey, c.address.toLowerCase());
      else this.#builderKeys.set(c.key, { secret: c.secret, passphrase: c.passphrase });
    }
  }

  issueApiKey(address: string): { apiKey: string; address: string } {
    const apiKey = randomUUID();
    this.#apiKeys.set(apiKey, address.toLowerCase());
    return { apiKey, address };
  }

  issueBuilderKey(): { key: string; secret: string; passphrase: string } {
    const creds = { key: randomUUID(), secret: randomBytes(32).toString('base64'), passphrase: randomBytes(16).toString('hex') };
    this.#builderKeys.set(creds.key, { secret: creds.secret, passphrase: creds.passphrase });
    return creds;
  }

  setFault(kind: RelayerFault | null, count = 1, delayMs = 2_000): void {
    this.#fault = kind === null ? undefined : { kind, count, delayMs };
  }

  /** Polymarket's `RELAYER_API_KEY` pair or builder HMAC (`path` as signed: without the `/relayer` mount or query). */
  authorized(headers: Record<string, string | undefined>, method: string, path: string, body: string, nowSecs: number): boolean {
    const h = (name: string) => headers[name.toLowerCase()];
    const apiKey = h('RELAYER_API_KEY');
    if (apiKey !== undefined) {
      const owner = this.#apiKeys.get(apiKey);
      return owner !== undefined && owner === h('RELAYER_API_KEY_ADDRESS')?.toLowerCase();
    }
    const key = h('POLY_BUILDER_API_KEY');
    const creds = key === undefined ? undefined : this.#builderKeys.get(key);
    const timestamp = Number(h('POLY_BUILDER_TIMESTAMP'));
    const signature = h('POLY_BUILDER_SIGNATURE') ?? '';
    if (creds === undefined || h('POLY_BUILDER_PASSPHRASE') !== creds.passphrase || !Number.isInteger(timestamp) || Math.abs(nowSecs - timestamp) > 300) return false;
    const expected = createHmac('sha256', Buffer.from(creds.secret, 'base64')).update(`${timestamp}${method}${path}${body}`).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
    return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
  }

  /** The relay and the owner's nonce for its next request: the RelayHub's (PROXY), its deposit wallet's (WALLET) or Safe's (SAFE; 0 before deployment). */
  async params(address: string | undefined, type: string | undefined): Promise<RelayerReply> {
    if (address === undefined || !isAddress(address)) return bad('address must be an address');
    const { client } = this.#options;
    const walletNonce = async (wallet: Address) => {
      const code = await client.getCode({ address: wallet });
      return code === undefined || code === '0x' ? 0n : client.readContract({ address: wallet, abi: nonceAbi, functionName: 'nonce' });
    };
    let nonce: bigint;
    if (type === 'PROXY') nonce = await client.readContract({ address: this.#options.relayHub, abi: relayHubAbi, functionName: 'getNonce', args: [address] });
    else if (type === 'WALLET') nonce = await walletNonce(await this.#options.walletsOf.depositWallet(address));
    else if (type === 'SAFE') nonce = await walletNonce(await this.#options.walletsOf.safe(address));
    else return bad('type must be PROXY, SAFE or WALLET');
    return { status: 200, body: { address: this.relayAddress, nonce: nonce.toString() } };
  }

  /** Every transaction submitted so far, oldest first (tests: what was sent, and how often). */
  list(): { readonly id: string; readonly signature: string; readonly state: RelayerTransactionState; readonly hash: string }[] {
    return [...this.#transactions.values()].map((t) => ({ id: t.id, signature: t.signature, state: t.state, hash: t.hash }));
  }

  transaction(id: string): RelayerReply {
    const tx = this.#transactions.get(id);
    if (tx === undefined) return { status: 404, body: { error: 'transaction not found' } };
    return { status: 200, body: { transaction_id: tx.id, state: tx.state, transaction_hash: tx.hash, ...(tx.errorMsg === null ? {} : { error_msg: tx.errorMsg }) } };
  }

  async submit(input: unknown): Promise<RelayerReply> {
    const send = this.#parse(input);
    if (typeof send === 'string') return bad(send);
    const signature = ((input as { signature: string }).signature ?? '').toLowerCase();
    // The same signed request again is the same transaction (never sent twice) — unless it failed: then it may be tried anew.
    const known = this.#bySignature.get(signature);
    if (known !== undefined && known.state !== 'STATE_FAILED') return { status: 200, body: this.#answer(known) };
    const fault = this.#takeFault();
    if (fault?.kind === 'error_before_send') return { status: 503, body: { error: 'relayer unavailable (injected)' } };
    const tx: RelayedTransaction = { id: randomUUID(), signature, state: 'STATE_NEW', hash: '', errorMsg: null, sent: Promise.resolve() };
    this.#transactions.set(tx.id, tx);
    this.#bySignature.set(signature, tx);
    tx.sent = this.#run(tx, send);
    if (fault === undefined) return { status: 200, body: this.#answer(tx) };
    await tx.sent;
    if (fault.kind === 'error_after_send') return { status: 503, body: { error: 'relayer unavailable (injected)' } };
    return { status: 200, body: this.#answer(tx), delayMs: fault.delayMs };
  }

  #answer(tx: RelayedTransaction) {
    return { transactionID: tx.id, state: tx.state, ...(tx.hash === '' ? {} : { transactionHash: tx.hash }) };
  }

  #takeFault() {
    const fault = this.#fault;
    if (fault === undefined) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.#fault = undefined;
    return fault;
  }

  async #run(tx: RelayedTransaction, send: () => Promise<{ txHash: string | null }>): Promise<void> {
    try {
      const { txHash } = await send();
      if (txHash === null) throw new Error('no transaction hash');
      tx.hash = txHash;
      tx.state = 'STATE_EXECUTED';
    } catch (error) {
      tx.state = 'STATE_FAILED';
      tx.errorMsg = `the transaction could not be sent: ${(error as { details?: { reason?: string } }).details?.reason ?? 'estimation failed'}`;
      return;
    }
    void this.#options.client
      .waitForTransactionReceipt({ hash: tx.hash as Hex, pollingInterval: 20, timeout: 60_000 })
      .then((receipt) => {
        if (receipt.status === 'success') tx.state = 'STATE_CONFIRMED';
        else {
          tx.state = 'STATE_FAILED';
          tx.errorMsg = 'execution reverted';
        }
      })
      .catch(() => undefined);
  }

  /** The wire body → the self relayer's call, or what is wrong with it. */
  #parse(input: unknown): (() => Promise<{ txHash: string | null }>) | string {
    if (typeof input !== 'object' || input === null) return 'the body must be a JSON object';
    const b = input as Record<string, unknown>;
    if (!isAddress(String(b.from)) || !isAddress(String(b.to))) return 'from and to must be addresses';
    if (!isHex(b.signature) || !isUint(b.nonce)) return 'signature and nonce are required';
    const signature = b.signature;
    const nonce = BigInt(b.nonce);
    if (b.type === 'WALLET') {
      const p = b.depositWalletParams as Record<string, unknown> | undefined;
      const calls = p?.calls;
      if (p === undefined || !isAddress(String(p.depositWallet)) || !isUint(p.deadline) || !Array.isArray(calls) || calls.length === 0) return 'depositWalletParams { depositWallet, deadline, calls } are required';
      const parsed = calls.map((c: Record<string, unknown>) => (isAddress(String(c.target)) && isUint(c.value) && isHex(c.data) ? { target: c.target as Address, value: BigInt(c.value), data: c.data } : undefined));
      if (parsed.some((c) => c === undefined)) return 'each call needs target, value and data';
      const batch = { from: b.from as Address, wallet: p.depositWallet as Address, nonce, deadline: BigInt(p.deadline as string), calls: parsed as { target: Address; value: bigint; data: Hex }[], signature };
      return () => this.#sender.relay(batch);
    }
    const sp = b.signatureParams as Record<string, unknown> | undefined;
    if (!isAddress(String(b.proxyWallet)) || !isHex(b.data) || sp === undefined) return 'proxyWallet, data and signatureParams are required';
    if (b.type === 'PROXY') {
      if (!isUint(sp.gasLimit) || !isUint(sp.gasPrice) || !isUint(sp.relayerFee) || !isAddress(String(sp.relay)) || !isAddress(String(sp.relayHub))) return 'signatureParams { gasLimit, gasPrice, relay, relayHub, relayerFee } are required';
      const request = { from: b.from as Address, proxyWallet: b.proxyWallet as Address, to: b.to as Address, data: b.data, txFee: BigInt(sp.relayerFee), gasPrice: BigInt(sp.gasPrice), gasLimit: BigInt(sp.gasLimit), nonce, relayHub: sp.relayHub as Address, relay: sp.relay as Address, signature };
      return () => this.#sender.relayProxy(request);
    }
    if (b.type === 'SAFE') {
      if (!isUint(sp.operation) || !isUint(sp.safeTxnGas) || !isUint(sp.baseGas) || !isUint(sp.gasPrice) || !isAddress(String(sp.gasToken)) || !isAddress(String(sp.refundReceiver))) return 'signatureParams { operation, safeTxnGas, baseGas, gasPrice, gasToken, refundReceiver } are required';
      if (b.value !== undefined && !isUint(b.value)) return 'value must be a decimal string';
      const request = {
        safe: b.proxyWallet as Address,
        from: b.from as Address,
        to: b.to as Address,
        value: BigInt((b.value as string | undefined) ?? '0'),
        data: b.data,
        operation: Number(sp.operation),
        safeTxGas: BigInt(sp.safeTxnGas),
        baseGas: BigInt(sp.baseGas),
        gasPrice: BigInt(sp.gasPrice),
        gasToken: sp.gasToken as Address,
        refundReceiver: sp.refundReceiver as Address,
        nonce,
        signature,
      };
      return () => this.#sender.relaySafe(request);
    }
    return 'type must be WALLET, PROXY or SAFE';
  }
}
