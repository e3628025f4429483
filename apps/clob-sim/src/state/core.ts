/**
 * What the exchange's role modules share: configuration, the clock, the market registry and books, the
 * order store, wallets, settlement and the event listeners. `Exchange` (exchange.ts) builds one and hands
 * it to order intake, fills, cancels and market admin; routes see only `Exchange`.
 */
import type { Address } from 'viem';
import type { Clock } from '@polymancer/core';
import type { ExchangeContracts } from '../config.ts';
import type { Erc1271Check } from '../chain/erc1271.ts';
import type { SimMarket } from '../markets/types.ts';
import type { SignerKeys } from '../orders/signer-keys.ts';
import type { Settlement } from '../settlement/settlement.ts';
import type { HeartbeatSessions } from './heartbeats.ts';
import type { MarketBooks } from './market-books.ts';
import type { OrderStore } from './order-store.ts';
import type { SimOrder, SimTrade } from './types.ts';
import type { WalletLedger } from './wallets.ts';

export interface ExchangeEvents {
  onBookChanged?(tokenId: string): void;
  onTrade?(trade: SimTrade): void;
  onOrder?(order: SimOrder, kind: 'PLACEMENT' | 'UPDATE' | 'CANCELLATION'): void;
  onTickSizeChanged?(tokenId: string, oldTickMicros: number, newTickMicros: number): void;
  onMarketCreated?(market: SimMarket): void;
  onMarketResolved?(market: SimMarket): void;
}

/** The simulator's own liquidity provider (quotes seeded around each market's fair value). */
export const MARKET_MAKER_ADDRESS = '0x5151515151515151515151515151515151515151';

/** Chain mode: brings a wallet's ledger entries up to date with the chain before they are read. */
export interface ChainFunds {
  refresh(address: string, tokenIds?: readonly string[]): Promise<void>;
}

export interface ExchangeCore {
  readonly chainId: number;
  readonly contracts: ExchangeContracts;
  readonly clock: Clock;
  readonly settler: Settlement;
  readonly wallets: WalletLedger;
  readonly registry: MarketBooks;
  readonly store: OrderStore;
  readonly events: ExchangeEvents;
  readonly heartbeats: HeartbeatSessions;
  /** On-chain EIP-1271 check for deposit wallets the admin registry does not know (chain attached). */
  readonly erc1271: Erc1271Check | undefined;
  /** Public keys of signers seen before, so their orders' signatures are checked without recovering the key. */
  readonly signerKeys: SignerKeys;
  /** Taker fees collected so far (pUSD micros). */
  readonly fees: { collectedMicros: number };
  /** Trades whose (fault-injected) settlement will fail: their transfers are undone once FAILED. */
  readonly failingTrades: Set<string>;
  /** Fault injection: whether the next trade's settlement fails. */
  settlementFails(): boolean;
  /** Set when a chain is attached (`--rpc`): balances and allowances are read from it. */
  chainFunds: ChainFunds | undefined;
}

export const nowMs = (core: ExchangeCore): number => core.clock.now().getTime();
export const nowSecs = (core: ExchangeCore): number => Math.floor(nowMs(core) / 1000);

/** The exchange contract a market's orders are signed for (and whose allowance they use). */
export function spenderAddress(core: ExchangeCore, market: SimMarket): Address {
  if (market.exchangeVersion === 3) return core.contracts.exchangeV3;
  return market.negRisk ? core.contracts.negRiskExchangeV2 : core.contracts.exchangeV2;
}

/** The book changed: tell listeners once per book (named by the token it is kept in). */
export function bookChanged(core: ExchangeCore, tokenId: string): void {
  core.events.onBookChanged?.(core.registry.bookToken(tokenId));
}
