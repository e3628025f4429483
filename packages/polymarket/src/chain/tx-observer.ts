/**
 * Observes a settlement transaction on the chain (viem over JSON-RPC) for the settlement monitor: whether the
 * node knows it, its receipt (block, success), and the canonical block hash at the receipt's height — so a stale
 * receipt from a block a reorg dropped is recognised. Errors throw a retryable `InfrastructureError` that never
 * quotes the RPC URL.
 */
import { createPublicClient, http, type Hex } from 'viem';
import { InfrastructureError } from '@polymancer/core';
import type { ChainObservation } from '@polymancer/core';

export interface TxObserver {
  headBlock(): Promise<bigint>;
  observe(txHash: string, headBlock: bigint): Promise<ChainObservation>;
}

export function createTxObserver(options: { readonly rpcUrl: string; readonly timeoutMs?: number }): TxObserver {
  const client = createPublicClient({ transport: http(options.rpcUrl, { timeout: options.timeoutMs ?? 10_000, retryCount: 1 }), cacheTime: 0 });
  const failed = (operation: string, error: unknown) =>
    new InfrastructureError('chain read of a transaction failed', { details: { operation, reason: error instanceof Error ? error.name : 'unknown' }, retryable: true });
  const absent = (error: unknown) => error instanceof Error && /NotFound/.test(error.name);
  return {
    async headBlock() {
      try {
        return await client.getBlockNumber({ cacheTime: 0 });
      } catch (error) {
        throw failed('headBlock', error);
      }
    },
    async observe(txHash, headBlock) {
      const hash = txHash as Hex;
      try {
        const receipt = await client.getTransactionReceipt({ hash }).catch((error: unknown) => {
          if (absent(error)) return undefined;
          throw error;
        });
        if (receipt) {
          const block = await client.getBlock({ blockNumber: receipt.blockNumber }).catch(() => undefined);
          return {
            headBlock,
            known: true,
            receipt: { blockNumber: receipt.blockNumber, blockHash: receipt.blockHash, succeeded: receipt.status === 'success' },
            canonicalBlockHash: block?.hash ?? undefined,
          };
        }
        const tx = await client.getTransaction({ hash }).catch((error: unknown) => {
          if (absent(error)) return undefined;
          throw error;
        });
        return { headBlock, known: tx !== undefined, receipt: undefined, canonicalBlockHash: undefined };
      } catch (error) {
        throw failed('observe', error);
      }
    },
  };
}
