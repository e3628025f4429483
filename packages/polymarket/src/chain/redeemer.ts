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
 * Errors never quote the RPC URL (it may carry a key).
 */
import { createPublicClient, createWalletClient, encodeFunctionData, http, keccak256, parseTransaction, type Address, type Hex, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { InfrastructureError, ValidationError } from '@polymancer/core';
import { POLYGON_CONTRACTS, type PolymarketContracts } from './addresses.ts';

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
  readonly wallet: Address;
  readonly nonce: bigint;
  readonly deadline: bigint;
  readonly calls: readonly { readonly target: Address; readonly value: bigint; readonly data: Hex }[];
  readonly signature: Hex;
}

/** Sends a signed wallet batch and pays its gas (Polymarket's relayer, or one of our own). */
export interface WalletBatchRelayer {
  relay(batch: WalletBatch): Promise<{ readonly txHash: string }>;
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
  /** Relays deposit wallets' batches; absent = deposit wallets are not redeemed (the sign step refuses). */
  readonly relayer?: WalletBatchRelayer;
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

  const walletNonce = (wallet: Address) => client.readContract({ address: wallet, abi: depositWalletAbi, functionName: 'nonce' });

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
      if (account.walletType === 0) {
        const wallet = createWalletClient({ account: signer, chain, transport });
        let prepared;
        try {
          prepared = await wallet.prepareTransactionRequest({ to: target, data, chain });
        } catch (error) {
          // Gas estimation runs the call: it fails when the redemption would revert (no POL, adapter not approved).
          throw new ValidationError('the redemption cannot be sent from this wallet: it needs POL for gas and the collateral adapter approved on the CTF', { details: { reason: error instanceof Error ? error.name : 'unknown' } });
        }
        const raw = await wallet.signTransaction(prepared);
        return { payload: { kind: 'transaction', from: signer.address, nonce: String(prepared.nonce), raw }, txHash: keccak256(raw) };
      }
      if (account.walletType === 3) {
        if (options.relayer === undefined) throw new ValidationError('no relayer is configured for deposit-wallet redemptions');
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
        return { payload: { kind: 'wallet_batch', wallet, nonce: String(nonce), deadline: String(deadline), calls: [{ target, value: '0', data }], signature }, txHash: null };
      }
      throw new ValidationError(`wallet type ${account.walletType} is not redeemed automatically yet`);
    },

    async submit(payload: Payload): Promise<{ txHash: string | null }> {
      if (payload.kind === 'transaction') {
        const raw = payload.raw as Hex;
        try {
          await client.sendRawTransaction({ serializedTransaction: raw });
        } catch (error) {
          if (!isAlreadyKnown(error)) throw chainError('sendRawTransaction', error);
        }
        return { txHash: keccak256(raw) };
      }
      const batch = batchOf(payload);
      // A used nonce means this batch already ran (the wallet refuses it again): nothing to send.
      if ((await walletNonce(batch.wallet).catch((e: unknown) => Promise.reject(chainError('walletNonce', e)))) > batch.nonce) return { txHash: null };
      if (options.relayer === undefined) throw new ValidationError('no relayer is configured for deposit-wallet redemptions');
      return options.relayer.relay(batch);
    },

    async state(payload: Payload, txHash: string | null) {
      try {
        if (txHash !== null) {
          const receipt = await receiptOf(txHash);
          if (receipt) return { state: 'mined' as const, succeeded: receipt.status === 'success', txHash };
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
  return { wallet: payload.wallet as Address, nonce: BigInt(payload.nonce as string), deadline: BigInt(payload.deadline as string), calls, signature: payload.signature as Hex };
}

export type ChainRedeemer = ReturnType<typeof createChainRedeemer>;

/**
 * A relayer of our own: sends a deposit wallet's signed batch (`executeBatch`) from a gas key the operator
 * funds, so the user's wallet needs no POL. On the local chain this is what Polymarket's relayer does on
 * Polygon. The key is used only here, in process, and never logged.
 */
export function createSelfRelayer(options: { readonly rpcUrl: string; readonly gasKey: Hex; readonly chainId?: number; readonly timeoutMs?: number }): WalletBatchRelayer {
  const chainId = options.chainId ?? 137;
  const chain = { id: chainId, name: `chain-${chainId}`, nativeCurrency: { name: 'POL', symbol: 'POL', decimals: 18 }, rpcUrls: { default: { http: [options.rpcUrl] } } } as const;
  const wallet = createWalletClient({ account: privateKeyToAccount(options.gasKey), chain, transport: http(options.rpcUrl, { timeout: options.timeoutMs ?? 15_000, retryCount: 1 }) });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    relay(batch) {
      // One transaction at a time from the gas key, so its nonces never collide.
      const sent = queue.then(async () => {
        try {
          const txHash = await wallet.writeContract({ address: batch.wallet, abi: depositWalletAbi, functionName: 'executeBatch', args: [batch.calls.map((c) => ({ ...c })), batch.deadline, batch.signature], chain });
          return { txHash };
        } catch (error) {
          throw chainError('relay', error);
        }
      });
      queue = sent.catch(() => undefined);
      return sent;
    },
  };
}
