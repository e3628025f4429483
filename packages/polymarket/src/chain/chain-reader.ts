/**
 * Reads what a trading wallet holds and has approved, from the chain (viem over JSON-RPC): pUSD and USDC.e
 * balances, pUSD allowances to each exchange and collateral adapter, CTF `setApprovalForAll` to each, outcome-token
 * balances, the POL (gas) balance of a given account, and whether the wallet has code (a deployed deposit wallet,
 * proxy or Safe). Every read is pinned to one block, so the answer is one consistent snapshot.
 *
 * Used by credential validation and live pre-flight (they declare their own ports in their terms; this object
 * satisfies them structurally). Works against Polygon and against the local chain (same addresses). Failures
 * throw `InfrastructureError` (retryable) naming the operation, never the RPC URL (it may carry a key).
 */
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { InfrastructureError } from '@polymancer/core';
import { CTF_OPERATORS, POLYGON_CONTRACTS, PUSD_SPENDERS, type CtfOperator, type PolymarketContracts, type PusdSpender } from './addresses.ts';

export interface WalletChainState {
  readonly chainId: number;
  readonly blockNumber: bigint;
  readonly wallet: Address;
  /** The wallet has contract code (deployed deposit wallet / proxy / Safe); false for an EOA or an undeployed wallet. */
  readonly hasCode: boolean;
  readonly pusdMicros: bigint;
  readonly usdceMicros: bigint;
  readonly pusdAllowances: Readonly<Record<PusdSpender, bigint>>;
  readonly ctfApprovals: Readonly<Record<CtfOperator, boolean>>;
  /** Outcome-token balances for the token ids asked for (decimal strings → base units). */
  readonly tokenMicros: Readonly<Record<string, bigint>>;
  /** POL balance (wei) of `gasPayer`, when asked for. */
  readonly gasPayerWei: bigint | undefined;
}

export interface ReadWalletOptions {
  /** Outcome tokens to read balances of. */
  readonly tokenIds?: readonly string[];
  /** Account that pays gas for this wallet type (the EOA for type 0); omit for gasless wallet types. */
  readonly gasPayer?: Address;
}

export interface ChainReader {
  readWallet(wallet: Address, options?: ReadWalletOptions): Promise<WalletChainState>;
}

export interface ChainReaderOptions {
  readonly rpcUrl: string;
  readonly contracts?: PolymarketContracts;
  readonly timeoutMs?: number;
}

const erc20 = [
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'a', type: 'address' }], outputs: [{ type: 'uint256' }] },
  {
    type: 'function',
    name: 'allowance',
    stateMutability: 'view',
    inputs: [
      { name: 'o', type: 'address' },
      { name: 's', type: 'address' },
    ],
    outputs: [{ type: 'uint256' }],
  },
] as const;

const erc1155 = [
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [
      { name: 'a', type: 'address' },
      { name: 'id', type: 'uint256' },
    ],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'isApprovedForAll',
    stateMutability: 'view',
    inputs: [
      { name: 'o', type: 'address' },
      { name: 'op', type: 'address' },
    ],
    outputs: [{ type: 'bool' }],
  },
] as const;

export function createChainReader(options: ChainReaderOptions): ChainReader {
  const contracts = options.contracts ?? POLYGON_CONTRACTS;
  const client: PublicClient = createPublicClient({ transport: http(options.rpcUrl, { timeout: options.timeoutMs ?? 10_000, retryCount: 1 }) });
  return {
    async readWallet(wallet, readOptions = {}) {
      try {
        const [chainId, blockNumber] = await Promise.all([client.getChainId(), client.getBlockNumber({ cacheTime: 0 })]);
        const at = { blockNumber };
        const erc20Read = (address: Address, functionName: 'balanceOf' | 'allowance', args: readonly [Address] | readonly [Address, Address]) =>
          client.readContract({ address, abi: erc20, functionName, args: args as never, ...at }) as Promise<bigint>;
        const [code, pusdMicros, usdceMicros, allowances, approvals, tokens, gasPayerWei] = await Promise.all([
          client.getCode({ address: wallet, ...at }),
          erc20Read(contracts.pusd, 'balanceOf', [wallet]),
          erc20Read(contracts.usdce, 'balanceOf', [wallet]),
          Promise.all(PUSD_SPENDERS.map((name) => erc20Read(contracts.pusd, 'allowance', [wallet, contracts[name]]))),
          Promise.all(
            CTF_OPERATORS.map((name) =>
              client.readContract({ address: contracts.conditionalTokens, abi: erc1155, functionName: 'isApprovedForAll', args: [wallet, contracts[name]], ...at }),
            ),
          ),
          Promise.all(
            (readOptions.tokenIds ?? []).map((id) =>
              client.readContract({ address: contracts.conditionalTokens, abi: erc1155, functionName: 'balanceOf', args: [wallet, BigInt(id)], ...at }),
            ),
          ),
          readOptions.gasPayer ? client.getBalance({ address: readOptions.gasPayer, ...at }) : Promise.resolve(undefined),
        ]);
        return {
          chainId,
          blockNumber,
          wallet,
          hasCode: code !== undefined && code !== '0x',
          pusdMicros,
          usdceMicros,
          pusdAllowances: Object.fromEntries(PUSD_SPENDERS.map((name, i) => [name, allowances[i] ?? 0n])) as Record<PusdSpender, bigint>,
          ctfApprovals: Object.fromEntries(CTF_OPERATORS.map((name, i) => [name, approvals[i] ?? false])) as Record<CtfOperator, boolean>,
          tokenMicros: Object.fromEntries((readOptions.tokenIds ?? []).map((id, i) => [id, tokens[i] ?? 0n])),
          gasPayerWei,
        };
      } catch (error) {
        // No `cause`: viem's transport errors quote the RPC URL, which may carry an API key.
        const reason = error instanceof Error ? error.name : 'unknown';
        throw new InfrastructureError('chain read of a wallet failed', { details: { operation: 'readWallet', reason }, retryable: true });
      }
    },
  };
}
