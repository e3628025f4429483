/**
 * Settlement on a real chain (anvil in development and tests): each matched trade is sent as a
 * transaction (0 value to a sink address, calldata = keccak of the trade id) from a funded settler key.
 *
 * Status from receipts, refreshed by `poll()`:
 *   no receipt yet → MATCHED; receipt with fewer than `confirmations` blocks on top → MINED;
 *   ≥ `confirmations` → CONFIRMED (final); reverted receipt → FAILED;
 *   a receipt that disappears (its block was reorganised away) → RETRYING, the transaction is re-sent,
 *   and the trade's `transaction_hash` becomes the new one; `reorgs` counts how often that happened.
 *
 * Known limitations: no CTF / exchange contracts are deployed, so balances still move in the simulator's
 * ledger, not on chain; a reorg deeper than `confirmations` after CONFIRMED is not watched.
 */
import { createPublicClient, createWalletClient, http, keccak256, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import type { SimTrade, TradeStatus } from '../state/types.ts';
import type { Settlement } from './settlement.ts';

/** Anvil's first default account: public test key, funded on every anvil chain. */
export const ANVIL_DEFAULT_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const SINK = '0x000000000000000000000000000000000000dEaD';

export interface ChainSettlementOptions {
  readonly rpcUrl: string;
  readonly settlerPrivateKey?: Hex;
  readonly confirmations?: number;
}

interface ChainRecord {
  trade: SimTrade;
  hash: Hex;
  status: TradeStatus;
  blockHash: Hex | undefined;
  reorgs: number;
}

export class ChainSettlement implements Settlement {
  readonly #public;
  readonly #wallet;
  readonly #confirmations: number;
  readonly #records = new Map<string, ChainRecord>();
  /** Transactions go out one at a time so nonces never collide. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ChainSettlementOptions) {
    const transport = http(options.rpcUrl);
    // cacheTime 0: a cached block number would hide new blocks between polls.
    this.#public = createPublicClient({ transport, cacheTime: 0 });
    this.#wallet = createWalletClient({ account: privateKeyToAccount(options.settlerPrivateKey ?? ANVIL_DEFAULT_KEY), transport });
    this.#confirmations = options.confirmations ?? 3;
  }

  #send(tradeId: string): Promise<Hex> {
    const sent = this.#queue.then(() =>
      this.#wallet.sendTransaction({ chain: null, to: SINK, value: 0n, data: keccak256(toHex(`trade:${tradeId}`)) }),
    );
    this.#queue = sent.catch(() => undefined);
    return sent;
  }

  async submit(trade: SimTrade): Promise<string> {
    const hash = await this.#send(trade.id);
    this.#records.set(trade.id, { trade, hash, status: 'MATCHED', blockHash: undefined, reorgs: 0 });
    return hash;
  }

  status(trade: SimTrade): TradeStatus {
    return this.#records.get(trade.id)?.status ?? 'MATCHED';
  }

  /** How many times a reorg dropped this trade's transaction. */
  reorgsOf(tradeId: string): number {
    return this.#records.get(tradeId)?.reorgs ?? 0;
  }

  async poll(): Promise<void> {
    const head = await this.#public.getBlockNumber({ cacheTime: 0 });
    for (const record of this.#records.values()) {
      if (record.status === 'CONFIRMED' || record.status === 'FAILED') continue;
      const receipt = await this.#public.getTransactionReceipt({ hash: record.hash }).catch(() => undefined);
      if (!receipt) {
        if (record.blockHash !== undefined) {
          record.reorgs += 1;
          record.blockHash = undefined;
          record.status = 'RETRYING';
          record.hash = await this.#send(record.trade.id);
          record.trade.transactionHash = record.hash;
        }
        continue;
      }
      record.blockHash = receipt.blockHash;
      if (receipt.status === 'reverted') record.status = 'FAILED';
      else record.status = head - receipt.blockNumber + 1n >= BigInt(this.#confirmations) ? 'CONFIRMED' : 'MINED';
    }
  }
}
