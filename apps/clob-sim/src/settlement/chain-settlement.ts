/**
 * Settlement on a real chain (anvil in development and tests) with the local contract set
 * (`@polymancer/local-chain`): each matched trade is one `settle` transaction on the market's exchange contract
 * (CTF Exchange V2, the neg-risk exchange V2 or ExchangeV3 — at Polygon's addresses), moving the parties' pUSD
 * and outcome tokens through the allowances they gave it (`moves.ts`).
 *
 * Status from receipts, refreshed by `poll()`:
 *   no receipt yet → MATCHED; receipt with fewer than `confirmations` blocks on top → MINED;
 *   ≥ `confirmations` → CONFIRMED (final); reverted receipt (e.g. a party lacked funds on chain) → FAILED;
 *   a receipt that disappears (its block was reorganised away) → RETRYING, the transaction is re-sent,
 *   and the trade's `transaction_hash` becomes the new one; `reorgs` counts how often that happened.
 * `unsettledAt(block)` tells the funds view which trades the chain state at a block does not yet include.
 *
 * Known limitation: a reorg deeper than `confirmations` after CONFIRMED is not watched.
 */
import { keccak256, toHex, type Address, type Hex } from 'viem';
import type { LocalChain } from '@polymancer/local-chain';
import type { SimTrade, TradeStatus } from '../state/types.ts';
import { settlementMoves } from './moves.ts';
import type { Settlement } from './settlement.ts';

export interface ChainSettlementOptions {
  readonly chain: LocalChain;
  /** The exchange contract that settles a trade (by its market). */
  readonly exchangeOf: (trade: SimTrade) => Address;
  readonly confirmations?: number;
}

interface ChainRecord {
  trade: SimTrade;
  hash: Hex;
  status: TradeStatus;
  blockHash: Hex | undefined;
  blockNumber: bigint | undefined;
  reorgs: number;
}

/** The on-chain key of a trade (the exchange contract settles each key once). */
export const tradeKey = (tradeId: string): Hex => keccak256(toHex(`trade:${tradeId}`));

export class ChainSettlement implements Settlement {
  readonly #chain: LocalChain;
  readonly #exchangeOf: (trade: SimTrade) => Address;
  readonly #confirmations: number;
  readonly #records = new Map<string, ChainRecord>();

  constructor(options: ChainSettlementOptions) {
    this.#chain = options.chain;
    this.#exchangeOf = options.exchangeOf;
    this.#confirmations = options.confirmations ?? 3;
  }

  #send(trade: SimTrade): Promise<Hex> {
    const exchange = this.#exchangeOf(trade);
    return this.#chain.settle(exchange, tradeKey(trade.id), settlementMoves(trade, exchange, this.#chain.admin));
  }

  async submit(trade: SimTrade): Promise<string> {
    const hash = await this.#send(trade);
    this.#records.set(trade.id, { trade, hash, status: 'MATCHED', blockHash: undefined, blockNumber: undefined, reorgs: 0 });
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
    const head = await this.#chain.client.getBlockNumber({ cacheTime: 0 });
    for (const record of this.#records.values()) {
      if (record.status === 'CONFIRMED' || record.status === 'FAILED') continue;
      const receipt = await this.#chain.client.getTransactionReceipt({ hash: record.hash }).catch(() => undefined);
      if (!receipt) {
        if (record.blockHash !== undefined) {
          record.reorgs += 1;
          record.blockHash = undefined;
          record.blockNumber = undefined;
          record.status = 'RETRYING';
          record.hash = await this.#send(record.trade);
          record.trade.transactionHash = record.hash;
        }
        continue;
      }
      record.blockHash = receipt.blockHash;
      record.blockNumber = receipt.blockNumber;
      if (receipt.status === 'reverted') record.status = 'FAILED';
      else record.status = head - receipt.blockNumber + 1n >= BigInt(this.#confirmations) ? 'CONFIRMED' : 'MINED';
    }
  }

  /** Of `trades`, those whose settlement the chain state at `block` does not include yet (not sent, not mined, or mined later). */
  async unsettledAt(block: bigint, trades: readonly SimTrade[]): Promise<SimTrade[]> {
    const out: SimTrade[] = [];
    for (const trade of trades) {
      const record = this.#records.get(trade.id);
      if (!record) {
        out.push(trade);
        continue;
      }
      if (record.status === 'FAILED' || record.status === 'CONFIRMED') continue;
      let included = record.blockNumber;
      let reverted = false;
      if (included === undefined) {
        const receipt = await this.#chain.client.getTransactionReceipt({ hash: record.hash }).catch(() => undefined);
        included = receipt?.blockNumber;
        reverted = receipt?.status === 'reverted';
      }
      if (reverted) continue;
      if (included === undefined || included > block) out.push(trade);
    }
    return out;
  }
}
