/**
 * Redeems a wallet's outcome tokens of a resolved market for pUSD on chain (ACCOUNTS.md §2): through the
 * collateral adapter (`redeemPositions(pUSD, 0x0, conditionId, [1, 2])` — raw CTF with pUSD would pay 0),
 * the standard or the neg-risk one. Satisfies `@polymancer/bots`' `RedemptionChain` structurally.
 *
 * - EOA (type 0): the signer's own transaction, prepared (nonce, gas, fees) and signed inside the signing
 *   scope, its hash known before it is sent; it pays its gas in POL. Sending the same raw transaction
 *   again is harmless (the node knows it, or its nonce is spent).
 * - Deposit wallet (type 3): the owner signs the wallet's EIP-712 `Batch` (nonce = the wallet's, deadline
 *   ≤ 5 minutes); a relayer sends it and pays the gas (gasless for the user). The wallet refuses a used
 *   nonce, so a batch executes at most once.
 * - Proxy wallet (type 1, Polymarket/proxy-factories): the call runs from the owner's proxy wallet through
 *   `ProxyWalletFactory.proxy([{typeCode: CALL, to: adapter, value: 0, data}])`, relayed through the GSN v1
 *   RelayHub as Polymarket's relayer does (builder-relayer-client `PROXY`): the owner eth_signs
 *   keccak256("rlx:" ‖ from ‖ factory ‖ data ‖ fee 0 ‖ gas price 0 ‖ gas limit ‖ hub nonce ‖ hub ‖ relay), the
 *   relay sends `relayCall` and pays the gas. The hub spends its nonce for the owner once, so a signed request
 *   runs at most once; a reverting inner call still spends it (`TransactionRelayed` status 1: failed, signed
 *   again). The funder must be the owner's proxy wallet (its CREATE2 address from the factory), checked first.
 * - Safe (type 2, Gnosis Safe 1.3.0 as Polymarket deploys it): the owner eth_signs the Safe's EIP-712 `SafeTx`
 *   hash (call to the adapter, no gas refund, nonce = the Safe's on chain), v + 4 (builder-relayer-client
 *   `SAFE`); a relayer sends `execTransaction` and pays the gas. The Safe spends its nonce only on success
 *   (safeTxGas 0 reverts a failing call), so a signed SafeTx runs at most once. A SafeTx does not expire.
 * - No relayer configured (types 1–3): the owner signs the same thing and sends it itself — `proxy(calls)` to
 *   the factory, `execTransaction` to the Safe, `executeBatch` to the deposit wallet — as its own transaction
 *   (type 0's path: it needs POL for gas; a failing call reverts the whole transaction). An owner without
 *   POL is refused with what it needs.
 * Errors never quote the RPC URL (it may carry a key).
 *
 * Relayers: `createPolymarketRelayer` (../relayer/) speaks Polymarket's relayer HTTP API — the signing above is
 * what Polymarket's own `@polymarket/client` (Polymarket/ts-sdk `actions/gasless.ts`) and builder-relayer-client
 * produce; only the transport is ours. It maps the port as:
 * - `proxyRelayPayload(owner)` → `GET /v1/account/transactions/params?address=<owner>&type=PROXY` → `{ address: relay, nonce }`
 *   (builder-relayer-client: `GET /relay-payload`); deposit-wallet and Safe nonces are read on chain here.
 * - `relay(batch)` → `POST /submit { type: 'WALLET', from: owner, to: depositWalletFactory, nonce, signature,
 *   depositWalletParams: { depositWallet, deadline, calls: [{ target, value, data }] } }`.
 * - `relayProxy(r)` → `POST /submit { type: 'PROXY', from, to: factory, proxyWallet, data, nonce, signature,
 *   signatureParams: { gasLimit, gasPrice, relay, relayHub, relayerFee } }`.
 * - `relaySafe(r)` → `POST /submit { type: 'SAFE', from, to, proxyWallet: safe, data, nonce, signature,
 *   signatureParams: { operation, safeTxnGas, baseGas, gasPrice, gasToken, refundReceiver } }`.
 * - `/submit` answers `{ transactionID, state, transactionHash? }`; `GET /v1/account/transactions/<id>` answers
 *   `{ transaction_id, state, transaction_hash, error_msg? }` and is polled to `STATE_MINED` / `STATE_CONFIRMED`
 *   (the hash) or `STATE_FAILED` / `STATE_INVALID` (`failed`). The hash may come later than the budget, so the
 *   adapter returns what it has and `state` keeps judging by the wallet's nonce. Auth: a Relayer API key
 *   (`RELAYER_API_KEY` + `RELAYER_API_KEY_ADDRESS`) or Builder HMAC headers (ACCOUNTS.md §1.12).
 * `createSelfRelayer` (../relayer/self-relayer.ts) sends the same requests itself with a gas key; the local exchange serves it over
 * that same HTTP API on anvil (apps/clob-sim `/relayer`).
 * The package itself is not a dependency: its request builders are `@internal`, it declares Node ≥ 24, and the
 * three calls above are all the redemption needs.
 */
import {
  concat,
  createPublicClient,
  createWalletClient,
  decodeEventLog,
  encodeFunctionData,
  encodePacked,
  getCreate2Address,
  hashTypedData,
  http,
  keccak256,
  parseTransaction,
  type Address,
  type Hex,
  toHex,
  zeroAddress,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { InfrastructureError, PolymancerError, ValidationError } from '@polymancer/core';
import { POLYGON_CONTRACTS, POLYGON_WALLET_CONTRACTS, type PolymarketContracts, type WalletContracts } from './addresses.ts';

const ZERO32: Hex = `0x${'0'.repeat(64)}`;
/** Both outcomes of a binary condition: the loser pays 0, so redeeming both is always right. */
const INDEX_SETS = [1n, 2n] as const;
const BATCH_TTL_SECS = 300n;

export const redemptionAbi = [
  {
    type: 'function',
    name: 'redeemPositions',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'collateralToken', type: 'address' },
      { name: 'parentCollectionId', type: 'bytes32' },
      { name: 'conditionId', type: 'bytes32' },
      { name: 'indexSets', type: 'uint256[]' },
    ],
    outputs: [],
  },
] as const;

const ctfAbi = [
  { type: 'function', name: 'payoutDenominator', stateMutability: 'view', inputs: [{ name: 'conditionId', type: 'bytes32' }], outputs: [{ type: 'uint256' }] },
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'id', type: 'uint256' },
    ],
    outputs: [{ type: 'uint256' }],
  },
] as const;

const callTuple = {
  type: 'tuple[]',
  components: [
    { name: 'target', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
  ],
} as const;

export const depositWalletAbi = [
  { type: 'function', name: 'nonce', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  {
    type: 'function',
    name: 'executeBatch',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'calls', ...callTuple },
      { name: 'deadline', type: 'uint256' },
      { name: 'signature', type: 'bytes' },
    ],
    outputs: [],
  },
] as const;

/** A deposit wallet's owner-signed batch, as a relayer sends it. */
export interface WalletBatch {
  /** The owner EOA that signed it (Polymarket's relayer wants it as `from`); absent in batches signed before it was kept. */
  readonly from?: Address;
  readonly wallet: Address;
  readonly nonce: bigint;
  readonly deadline: bigint;
  readonly calls: readonly { readonly target: Address; readonly value: bigint; readonly data: Hex }[];
  readonly signature: Hex;
}

/** A proxy wallet owner's signed GSN relay request (builder-relayer-client `PROXY`), as a relay sends it to the hub. */
export interface ProxyRelayRequest {
  /** The owner EOA (the hub appends it to the calldata: the factory's `_msgSender`). */
  readonly from: Address;
  /** The owner's proxy wallet (the factory's CREATE2 address for `from`), which the calls run on. */
  readonly proxyWallet: Address;
  /** The proxy-wallet factory. */
  readonly to: Address;
  /** `proxy(calls)`. */
  readonly data: Hex;
  readonly txFee: bigint;
  readonly gasPrice: bigint;
  readonly gasLimit: bigint;
  readonly nonce: bigint;
  readonly relayHub: Address;
  /** The relay account that must send it (it is signed in). */
  readonly relay: Address;
  readonly signature: Hex;
}

/** A Safe owner's signed `SafeTx` (builder-relayer-client `SAFE`), as a relayer sends it to `execTransaction`. */
export interface SafeRelayRequest {
  readonly safe: Address;
  readonly from: Address;
  readonly to: Address;
  readonly value: bigint;
  readonly data: Hex;
  readonly operation: number;
  readonly safeTxGas: bigint;
  readonly baseGas: bigint;
  readonly gasPrice: bigint;
  readonly gasToken: Address;
  readonly refundReceiver: Address;
  readonly nonce: bigint;
  /** r ‖ s ‖ v, v + 4 (eth_sign of the SafeTx hash). */
  readonly signature: Hex;
}

/**
 * What a relayer did with a signed request: sent it (`txHash` once known — Polymarket's relayer may not say
 * it before the poll budget runs out), or `failed`: the relayer reports it failed for good (`STATE_FAILED` /
 * `STATE_INVALID`), with its reason. A failed request did not run; signing afresh is safe, since the
 * wallet's nonce lets at most one request of that nonce execute. A relayer that cannot tell (5xx, timeout)
 * throws instead: the outcome is unknown, and only the same signed request may be sent again.
 */
export interface RelayResult {
  readonly txHash: string | null;
  readonly failed?: string;
}

/**
 * Sends wallets' owner-signed calls and pays their gas (Polymarket's relayer, `createPolymarketRelayer`, or one
 * of our own, `createSelfRelayer`): deposit wallets' batches (`WALLET`), proxy wallets' GSN relay requests
 * (`PROXY`), Safes' transactions (`SAFE`).
 */
export interface WalletBatchRelayer {
  relay(batch: WalletBatch): Promise<RelayResult>;
  /** Polymarket's `GET /v1/account/transactions/params?address=&type=PROXY`: the relay that will send the owner's request, and the owner's hub nonce. */
  proxyRelayPayload(owner: Address): Promise<{ readonly relay: Address; readonly nonce: bigint }>;
  relayProxy(request: ProxyRelayRequest): Promise<RelayResult>;
  relaySafe(request: SafeRelayRequest): Promise<RelayResult>;
}

const proxyCallTuple = {
  type: 'tuple[]',
  components: [
    { name: 'typeCode', type: 'uint8' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
  ],
} as const;

export const proxyWalletFactoryAbi = [
  { type: 'function', name: 'proxy', stateMutability: 'payable', inputs: [{ name: 'calls', ...proxyCallTuple }], outputs: [{ name: 'returnValues', type: 'bytes[]' }] },
] as const;

export const relayHubAbi = [
  { type: 'function', name: 'getNonce', stateMutability: 'view', inputs: [{ name: 'from', type: 'address' }], outputs: [{ type: 'uint256' }] },
  {
    type: 'function',
    name: 'relayCall',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'from', type: 'address' },
      { name: 'recipient', type: 'address' },
      { name: 'encodedFunction', type: 'bytes' },
      { name: 'transactionFee', type: 'uint256' },
      { name: 'gasPrice', type: 'uint256' },
      { name: 'gasLimit', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'signature', type: 'bytes' },
      { name: 'approvalData', type: 'bytes' },
    ],
    outputs: [],
  },
  {
    type: 'event',
    name: 'TransactionRelayed',
    inputs: [
      { name: 'relay', type: 'address', indexed: true },
      { name: 'from', type: 'address', indexed: true },
      { name: 'to', type: 'address', indexed: true },
      { name: 'selector', type: 'bytes4', indexed: false },
      { name: 'status', type: 'uint8', indexed: false },
      { name: 'charge', type: 'uint256', indexed: false },
    ],
  },
] as const;

export const safeAbi = [
  { type: 'function', name: 'nonce', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint256' }] },
  { type: 'function', name: 'isOwner', stateMutability: 'view', inputs: [{ name: 'owner', type: 'address' }], outputs: [{ type: 'bool' }] },
  {
    type: 'function',
    name: 'execTransaction',
    stateMutability: 'payable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'data', type: 'bytes' },
      { name: 'operation', type: 'uint8' },
      { name: 'safeTxGas', type: 'uint256' },
      { name: 'baseGas', type: 'uint256' },
      { name: 'gasPrice', type: 'uint256' },
      { name: 'gasToken', type: 'address' },
      { name: 'refundReceiver', type: 'address' },
      { name: 'signatures', type: 'bytes' },
    ],
    outputs: [{ name: 'success', type: 'bool' }],
  },
] as const;

const SAFE_TX_TYPES = {
  SafeTx: [
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'data', type: 'bytes' },
    { name: 'operation', type: 'uint8' },
    { name: 'safeTxGas', type: 'uint256' },
    { name: 'baseGas', type: 'uint256' },
    { name: 'gasPrice', type: 'uint256' },
    { name: 'gasToken', type: 'address' },
    { name: 'refundReceiver', type: 'address' },
    { name: 'nonce', type: 'uint256' },
  ],
} as const;

/** GSN's CallType.Call in a proxy wallet's `ProxyCall`. */
const PROXY_CALL = 1;
/** builder-relayer-client's gas limit when estimation fails. */
const DEFAULT_PROXY_GAS_LIMIT = 10_000_000n;

/** The owner's Polymarket proxy wallet: CREATE2 from the factory, salt keccak256(abi.encodePacked(owner)). */
export function proxyWalletOf(owner: Address, contracts: Pick<WalletContracts, 'proxyWalletFactory' | 'proxyWalletInitCodeHash'> = POLYGON_WALLET_CONTRACTS): Address {
  return getCreate2Address({ from: contracts.proxyWalletFactory, salt: keccak256(encodePacked(['address'], [owner])), bytecodeHash: contracts.proxyWalletInitCodeHash });
}

/** The hash a proxy wallet's owner signs for the GSN v1 RelayHub (builder-relayer-client `createStructHash`). */
export function proxyRelayHash(r: Omit<ProxyRelayRequest, 'signature'>): Hex {
  const word = (n: bigint) => toHex(n, { size: 32 });
  return keccak256(concat([toHex('rlx:'), r.from, r.to, r.data, word(r.txFee), word(r.gasPrice), word(r.gasLimit), word(r.nonce), r.relayHub, r.relay]));
}

/** eth_sign signature r ‖ s ‖ v with v + 4, as a Safe reads an eth_sign signature (builder-relayer-client `splitAndPackSig`). */
function safeEthSign(signature: Hex): Hex {
  const v = Number.parseInt(signature.slice(-2), 16);
  const adjusted = v === 0 || v === 1 ? v + 31 : v + 4;
  return `${signature.slice(0, -2)}${adjusted.toString(16)}` as Hex;
}

export interface RedeemerAccount {
  readonly walletType: number;
  readonly signerAddress: string;
  readonly funderAddress: string;
}

export interface RedeemerSecrets {
  readonly privateKey: Uint8Array;
}

export interface ChainRedeemerOptions {
  readonly rpcUrl: string;
  readonly chainId?: number;
  readonly contracts?: PolymarketContracts;
  /** Relays deposit wallets', proxy wallets' and Safes' calls; absent = those are not redeemed (the sign step refuses). */
  readonly relayer?: WalletBatchRelayer;
  /** The proxy-wallet factory, RelayHub and Safe factory; default Polygon's (the local chain's proxy wallets have another init-code hash). */
  readonly walletContracts?: WalletContracts;
  /** Unix seconds now (batch deadlines); default the wall clock. */
  readonly nowSecs?: () => bigint;
  readonly timeoutMs?: number;
}

type Payload = Readonly<Record<string, unknown>>;

function chainError(operation: string, error: unknown): InfrastructureError {
  return new InfrastructureError('a chain call of the redemption failed', { details: { operation, reason: error instanceof Error ? error.name : 'unknown' }, retryable: true });
}

const isAlreadyKnown = (error: unknown) => error instanceof Error && /already known|nonce too low|known transaction|nonce has already been used/i.test(`${error.message} ${(error as { details?: string }).details ?? ''}`);

export function createChainRedeemer(options: ChainRedeemerOptions) {
  const contracts = options.contracts ?? POLYGON_CONTRACTS;
  const chainId = options.chainId ?? 137;
  const chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: 'POL', symbol: 'POL', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } } as const;
  const transport = http(options.rpcUrl, { timeout: options.timeoutMs ?? 15_000, retryCount: 1 });
  const client = createPublicClient({ transport, cacheTime: 0 });
  const nowSecs = options.nowSecs ?? (() => BigInt(Math.floor(Date.now() / 1000)));
  const adapterOf = (adapter: string): Address => (adapter === 'neg_risk' ? contracts.negRiskCtfCollateralAdapter : contracts.ctfCollateralAdapter);

  const walletContracts = options.walletContracts ?? POLYGON_WALLET_CONTRACTS;
  const walletNonce = (wallet: Address) => client.readContract({ address: wallet, abi: depositWalletAbi, functionName: 'nonce' });
  const hubNonce = (hub: Address, owner: Address) => client.readContract({ address: hub, abi: relayHubAbi, functionName: 'getNonce', args: [owner] });
  const safeNonce = (safe: Address) => client.readContract({ address: safe, abi: safeAbi, functionName: 'nonce' });
  const relayerOrRefuse = (kind: string): WalletBatchRelayer => {
    if (options.relayer === undefined) throw new ValidationError(`no relayer is configured for ${kind} redemptions`);
    return options.relayer;
  };

  async function receiptOf(txHash: string) {
    return client.getTransactionReceipt({ hash: txHash as Hex }).catch((error: unknown) => {
      if (error instanceof Error && /NotFound/.test(error.name)) return undefined;
      throw error;
    });
  }

  return {
    async payoutsReported(conditionId: string): Promise<boolean> {
      try {
        return (await client.readContract({ address: contracts.conditionalTokens, abi: ctfAbi, functionName: 'payoutDenominator', args: [conditionId as Hex] })) > 0n;
      } catch (error) {
        throw chainError('payoutsReported', error);
      }
    },

    async balances(wallet: string, tokenIds: readonly string[]): Promise<Readonly<Record<string, number>>> {
      try {
        const out: Record<string, number> = {};
        for (const id of tokenIds) out[id] = Number(await client.readContract({ address: contracts.conditionalTokens, abi: ctfAbi, functionName: 'balanceOf', args: [wallet as Address, BigInt(id)] }));
        return out;
      } catch (error) {
        throw chainError('balances', error);
      }
    },

    async sign(account: RedeemerAccount, secrets: RedeemerSecrets, request: { readonly conditionId: string; readonly adapter: string }): Promise<{ payload: Payload; txHash: string | null }> {
      const target = adapterOf(request.adapter);
      const data = encodeFunctionData({ abi: redemptionAbi, functionName: 'redeemPositions', args: [contracts.pusd, ZERO32, request.conditionId as Hex, [...INDEX_SETS]] });
      const signer = privateKeyToAccount(toHex(secrets.privateKey));
      if (signer.address.toLowerCase() !== account.signerAddress.toLowerCase()) throw new ValidationError('the signing key does not match the credential’s signer address');
      /** The signer's own transaction (it pays the gas): an EOA's redemption, or a smart wallet's call with no relayer. */
      const ownTransaction = async (to: Address, callData: Hex, refusal: string) => {
        const wallet = createWalletClient({ account: signer, chain, transport });
        let prepared;
        try {
          prepared = await wallet.prepareTransactionRequest({ to, data: callData, chain });
        } catch (error) {
          // Gas estimation runs the call: it fails when the redemption would revert (no POL, adapter not approved).
          throw new ValidationError(refusal, { details: { reason: error instanceof Error ? error.name : 'unknown' } });
        }
        const raw = await wallet.signTransaction(prepared);
        return { payload: { kind: 'transaction', from: signer.address, nonce: String(prepared.nonce), raw }, txHash: keccak256(raw) };
      };
      const noRelayerRefusal = (kind: string) =>
        `no relayer is configured for ${kind} redemptions, and the owner cannot send the call itself: it needs POL for gas (and the collateral adapter approved on the CTF)`;
      if (account.walletType === 0) {
        return ownTransaction(target, data, 'the redemption cannot be sent from this wallet: it needs POL for gas and the collateral adapter approved on the CTF');
      }
      if (account.walletType === 3) {
        const wallet = account.funderAddress as Address;
        let nonce: bigint;
        try {
          nonce = await walletNonce(wallet);
        } catch (error) {
          throw chainError('walletNonce', error);
        }
        const deadline = nowSecs() + BATCH_TTL_SECS;
        const calls = [{ target, value: 0n, data }];
        const signature = await signer.signTypedData({
          domain: { name: 'DepositWallet', version: '1', chainId, verifyingContract: wallet },
          types: {
            Batch: [
              { name: 'wallet', type: 'address' },
              { name: 'nonce', type: 'uint256' },
              { name: 'deadline', type: 'uint256' },
              { name: 'calls', type: 'Call[]' },
            ],
            Call: [
              { name: 'target', type: 'address' },
              { name: 'value', type: 'uint256' },
              { name: 'data', type: 'bytes' },
            ],
          },
          primaryType: 'Batch',
          message: { wallet, nonce, deadline, calls },
        });
        if (options.relayer === undefined) {
          // No relayer: an owner holding POL sends the signed batch itself (the wallet checks the signature, not the sender).
          const exec = encodeFunctionData({ abi: depositWalletAbi, functionName: 'executeBatch', args: [calls, deadline, signature] });
          return ownTransaction(wallet, exec, noRelayerRefusal('deposit-wallet'));
        }
        return { payload: { kind: 'wallet_batch', from: signer.address, wallet, nonce: String(nonce), deadline: String(deadline), calls: [{ target, value: '0', data }], signature }, txHash: null };
      }
      if (account.walletType === 1) {
        const owner = signer.address;
        const factory = walletContracts.proxyWalletFactory;
        // The factory runs the calls on the OWNER's proxy wallet: redeeming for another funder would redeem nothing.
        if (proxyWalletOf(owner, walletContracts).toLowerCase() !== account.funderAddress.toLowerCase()) {
          throw new ValidationError('the funder is not the proxy wallet of the credential’s signer: check the wallet type and funder address');
        }
        const proxyData = encodeFunctionData({ abi: proxyWalletFactoryAbi, functionName: 'proxy', args: [[{ typeCode: PROXY_CALL, to: target, value: 0n, data }]] });
        // No relayer: an owner holding POL calls the factory itself (a reverting call reverts the transaction).
        if (options.relayer === undefined) return ownTransaction(factory, proxyData, noRelayerRefusal('proxy-wallet'));
        const relayer = options.relayer;
        let gasLimit: bigint;
        try {
          gasLimit = ((await client.estimateGas({ account: owner, to: factory, data: proxyData })) * 13n) / 10n;
        } catch {
          gasLimit = DEFAULT_PROXY_GAS_LIMIT;
        }
        let payload: { relay: Address; nonce: bigint };
        try {
          payload = await relayer.proxyRelayPayload(owner);
        } catch (error) {
          // A relayer's own typed error (its code says what went wrong) passes as it is.
          throw error instanceof PolymancerError ? error : chainError('proxyRelayPayload', error);
        }
        const request = { from: owner, proxyWallet: account.funderAddress as Address, to: factory, data: proxyData, txFee: 0n, gasPrice: 0n, gasLimit, nonce: payload.nonce, relayHub: walletContracts.relayHub, relay: payload.relay };
        const signature = await signer.signMessage({ message: { raw: proxyRelayHash(request) } });
        return {
          payload: { kind: 'proxy_relay', wallet: account.funderAddress, from: owner, to: factory, data: proxyData, txFee: '0', gasPrice: '0', gasLimit: String(gasLimit), nonce: String(payload.nonce), relayHub: request.relayHub, relay: request.relay, signature },
          txHash: null,
        };
      }
      if (account.walletType === 2) {
        const safe = account.funderAddress as Address;
        let nonce: bigint;
        try {
          if (!(await client.readContract({ address: safe, abi: safeAbi, functionName: 'isOwner', args: [signer.address] }))) {
            throw new ValidationError('the credential’s signer is not an owner of the Safe: check the wallet type and funder address');
          }
          // On chain, not the relayer's `/nonce` (it can lag: GS026, ACCOUNTS.md §2).
          nonce = await safeNonce(safe);
        } catch (error) {
          if (error instanceof ValidationError) throw error;
          throw chainError('safeNonce', error);
        }
        const tx = { to: target, value: 0n, data, operation: 0, safeTxGas: 0n, baseGas: 0n, gasPrice: 0n, gasToken: zeroAddress, refundReceiver: zeroAddress, nonce };
        const hash = hashTypedData({ domain: { chainId, verifyingContract: safe }, types: SAFE_TX_TYPES, primaryType: 'SafeTx', message: tx });
        const signature = safeEthSign(await signer.signMessage({ message: { raw: hash } }));
        if (options.relayer === undefined) {
          // No relayer: an owner holding POL sends `execTransaction` itself (safeTxGas 0: a failing call reverts it).
          const exec = encodeFunctionData({ abi: safeAbi, functionName: 'execTransaction', args: [target, 0n, data, 0, 0n, 0n, 0n, zeroAddress, zeroAddress, signature] });
          return ownTransaction(safe, exec, noRelayerRefusal('Safe'));
        }
        return {
          payload: { kind: 'safe_tx', safe, from: signer.address, to: target, value: '0', data, operation: 0, safeTxGas: '0', baseGas: '0', gasPrice: '0', gasToken: zeroAddress, refundReceiver: zeroAddress, nonce: String(nonce), signature },
          txHash: null,
        };
      }
      throw new ValidationError(`wallet type ${account.walletType} is not redeemed automatically`);
    },

    async submit(payload: Payload): Promise<RelayResult> {
      if (payload.kind === 'transaction') {
        const raw = payload.raw as Hex;
        try {
          await client.sendRawTransaction({ serializedTransaction: raw });
        } catch (error) {
          if (!isAlreadyKnown(error)) throw chainError('sendRawTransaction', error);
        }
        return { txHash: keccak256(raw) };
      }
      if (payload.kind === 'proxy_relay') {
        const request = proxyRequestOf(payload);
        // A spent hub nonce means this request (or, when its hash was never recorded, another of the owner's) already ran.
        if ((await hubNonce(request.relayHub, request.from).catch((e: unknown) => Promise.reject(chainError('hubNonce', e)))) > request.nonce) return { txHash: null };
        return relayerOrRefuse('proxy-wallet').relayProxy(request);
      }
      if (payload.kind === 'safe_tx') {
        const request = safeRequestOf(payload);
        if ((await safeNonce(request.safe).catch((e: unknown) => Promise.reject(chainError('safeNonce', e)))) > request.nonce) return { txHash: null };
        return relayerOrRefuse('Safe').relaySafe(request);
      }
      const batch = batchOf(payload);
      // A used nonce means this batch already ran (the wallet refuses it again): nothing to send.
      if ((await walletNonce(batch.wallet).catch((e: unknown) => Promise.reject(chainError('walletNonce', e)))) > batch.nonce) return { txHash: null };
      if (options.relayer === undefined) throw new ValidationError('no relayer is configured for deposit-wallet redemptions');
      return options.relayer.relay(batch);
    },

    async state(payload: Payload, txHash: string | null) {
      try {
        if (payload.kind === 'proxy_relay') {
          const request = proxyRequestOf(payload);
          // The hub's nonce is read BEFORE the receipt: a relay mined between the two reads would otherwise show
          // no receipt and then a spent nonce, and a request whose inner call reverted (GSN v1 mines it and spends
          // the nonce) would pass for a redemption.
          const spent = (await hubNonce(request.relayHub, request.from)) > request.nonce;
          if (txHash !== null) {
            const receipt = await receiptOf(txHash);
            if (receipt) return { state: 'mined' as const, succeeded: receipt.status === 'success' && relayedOk(receipt.logs, request), txHash };
          }
          if (spent) return { state: 'mined' as const, succeeded: true, txHash };
          return txHash !== null ? { state: 'pending' as const } : { state: 'not_sent' as const };
        }
        if (txHash !== null) {
          const receipt = await receiptOf(txHash);
          if (receipt) return { state: 'mined' as const, succeeded: receipt.status === 'success', txHash };
        }
        if (payload.kind === 'safe_tx') {
          const request = safeRequestOf(payload);
          if ((await safeNonce(request.safe)) > request.nonce) return { state: 'mined' as const, succeeded: true, txHash };
          return txHash !== null ? { state: 'pending' as const } : { state: 'not_sent' as const };
        }
        if (payload.kind === 'transaction') {
          const raw = payload.raw as Hex;
          const hash = keccak256(raw);
          const known = await client.getTransaction({ hash }).catch(() => undefined);
          if (known) return { state: 'pending' as const };
          const tx = parseTransaction(raw);
          const used = await client.getTransactionCount({ address: payload.from as Address, blockTag: 'latest' });
          if (BigInt(used) > BigInt(tx.nonce ?? 0)) return { state: 'void' as const, reason: 'another transaction of this wallet used the redemption’s nonce; it is signed again' };
          return { state: 'not_sent' as const };
        }
        const batch = batchOf(payload);
        if ((await walletNonce(batch.wallet)) > batch.nonce) return { state: 'mined' as const, succeeded: true, txHash };
        if (txHash !== null) return { state: 'pending' as const };
        if (nowSecs() > batch.deadline) return { state: 'void' as const, reason: 'the signed batch expired before it ran; it is signed again' };
        return { state: 'not_sent' as const };
      } catch (error) {
        throw chainError('state', error);
      }
    },
  };
}

function batchOf(payload: Payload): WalletBatch {
  const calls = (payload.calls as { target: Address; value: string; data: Hex }[]).map((c) => ({ target: c.target, value: BigInt(c.value), data: c.data }));
  return { ...(typeof payload.from === 'string' ? { from: payload.from as Address } : {}), wallet: payload.wallet as Address, nonce: BigInt(payload.nonce as string), deadline: BigInt(payload.deadline as string), calls, signature: payload.signature as Hex };
}

function proxyRequestOf(payload: Payload): ProxyRelayRequest {
  const big = (k: string) => BigInt(payload[k] as string);
  return {
    from: payload.from as Address,
    proxyWallet: payload.wallet as Address,
    to: payload.to as Address,
    data: payload.data as Hex,
    txFee: big('txFee'),
    gasPrice: big('gasPrice'),
    gasLimit: big('gasLimit'),
    nonce: big('nonce'),
    relayHub: payload.relayHub as Address,
    relay: payload.relay as Address,
    signature: payload.signature as Hex,
  };
}

function safeRequestOf(payload: Payload): SafeRelayRequest {
  const big = (k: string) => BigInt(payload[k] as string);
  return {
    safe: payload.safe as Address,
    from: payload.from as Address,
    to: payload.to as Address,
    value: big('value'),
    data: payload.data as Hex,
    operation: Number(payload.operation),
    safeTxGas: big('safeTxGas'),
    baseGas: big('baseGas'),
    gasPrice: big('gasPrice'),
    gasToken: payload.gasToken as Address,
    refundReceiver: payload.refundReceiver as Address,
    nonce: big('nonce'),
    signature: payload.signature as Hex,
  };
}

/** The hub's `TransactionRelayed` for this request says the inner call succeeded (status 0); GSN v1 mines a failed one too. */
function relayedOk(logs: readonly { address: string; data: Hex; topics: readonly Hex[] }[], request: ProxyRelayRequest): boolean {
  for (const log of logs) {
    if (log.address.toLowerCase() !== request.relayHub.toLowerCase()) continue;
    try {
      const event = decodeEventLog({ abi: relayHubAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] });
      if (event.eventName === 'TransactionRelayed' && event.args.from.toLowerCase() === request.from.toLowerCase()) return event.args.status === 0;
    } catch {
      // not the hub's event
    }
  }
  return false;
}

export type ChainRedeemer = ReturnType<typeof createChainRedeemer>;
