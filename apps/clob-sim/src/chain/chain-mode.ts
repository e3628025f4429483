/**
 * Chain mode (`--rpc URL`): the local exchange's balances and allowances are the chain's.
 *
 * - On attach, the local contract set is installed (`@polymancer/local-chain`, at Polygon's addresses), every
 *   two-outcome market becomes a CTF condition whose position ids are its token ids, the exchange contracts get
 *   a small pUSD float (rounding dust of pair mints), and the simulator's market maker is funded on chain with
 *   what its ledger holds (pUSD, complete sets) and approves the exchanges.
 * - `refresh(address)` reads the wallet at one block — pUSD balance, pUSD allowance and CTF approval per exchange,
 *   outcome-token balances — and sets the ledger to that plus the effect of matched trades whose settlement that
 *   block does not include yet. Order intake, `/balance-allowance` (and `/update`) and the admin wallet routes
 *   refresh before they read, so a deposit, wrap, approval or redemption made on chain is seen at once.
 * - Funding through the admin API mints and wraps real pUSD, splits real outcome tokens and sets the approvals
 *   with the test contracts' admin functions; resolution reports payouts to the CTF.
 */
import type { Address, Hex } from 'viem';
import { maxUint256 } from 'viem';
import type { LocalChain } from '@polymancer/local-chain';
import { CTF_OPERATORS, PUSD_SPENDERS } from '@polymancer/polymarket';
import type { SimMarket } from '../markets/types.ts';
import type { ChainSettlement } from '../settlement/chain-settlement.ts';
import type { Exchange } from '../state/exchange.ts';
import { MARKET_MAKER_ADDRESS } from '../state/core.ts';
import type { SimTrade } from '../state/types.ts';

const EXCHANGE_FLOAT_MICROS = 1_000_000_000n;

export interface ChainInfo {
  readonly rpcUrl: string;
  readonly chainId: number;
  /** Oracle, settlement operator and fee recipient. */
  readonly admin: Address;
  readonly contracts: LocalChain['contracts'];
}

export class ChainMode {
  readonly chain: LocalChain;
  readonly #exchange: Exchange;
  readonly #settlement: ChainSettlement;
  #chainId = 0;

  constructor(chain: LocalChain, exchange: Exchange, settlement: ChainSettlement) {
    this.chain = chain;
    this.#exchange = exchange;
    this.#settlement = settlement;
  }

  get info(): ChainInfo {
    return { rpcUrl: this.chain.rpcUrl, chainId: this.#chainId, admin: this.chain.admin, contracts: this.chain.contracts };
  }

  #exchanges(): Address[] {
    const c = this.chain.contracts;
    return [c.exchangeV2, c.negRiskExchangeV2, c.exchangeV3];
  }

  #adapterFor(market: SimMarket): Address {
    return market.negRisk ? this.chain.contracts.negRiskCtfCollateralAdapter : this.chain.contracts.ctfCollateralAdapter;
  }

  async setUp(): Promise<void> {
    this.#chainId = await this.chain.client.getChainId();
    for (const exchange of this.#exchanges()) {
      if ((await this.chain.pusdBalance(exchange)) < EXCHANGE_FLOAT_MICROS) await this.chain.fundPusd(exchange, EXCHANGE_FLOAT_MICROS);
    }
    const mm = MARKET_MAKER_ADDRESS as Address;
    await this.#approveAll(mm, maxUint256);
    const ledger = this.#exchange.wallets.get(mm);
    const onChain = await this.chain.pusdBalance(mm);
    if (onChain < BigInt(ledger.collateralMicros)) await this.chain.fundPusd(mm, BigInt(ledger.collateralMicros) - onChain);
    for (const market of this.#exchange.markets) {
      if (!(await this.prepareMarket(market))) continue;
      const first = market.tokens[0]!.tokenId;
      const want = BigInt(this.#exchange.wallets.tokenBalance(mm, first));
      const held = await this.chain.tokenBalance(mm, BigInt(first));
      if (held < want) await this.chain.mintPair(mm, market.conditionId as Hex, want - held, this.#adapterFor(market));
    }
    await this.refresh(mm);
  }

  /** The owner's deposit wallet (CREATE2 from the factory), when deployed. */
  async depositWalletOf(owner: string): Promise<Address | undefined> {
    const c = this.chain.contracts;
    const wallet = await this.chain.read<Address>(c.depositWalletFactory, 'DepositWalletFactory', 'predict', [owner]);
    const code = await this.chain.client.getCode({ address: wallet });
    return code && code !== '0x' ? wallet : undefined;
  }

  /** Make a two-outcome market a CTF condition (false for markets the chain cannot model). */
  async prepareMarket(market: SimMarket): Promise<boolean> {
    const [yes, no] = market.tokens;
    if (market.tokens.length !== 2 || !yes || !no || !/^0x[0-9a-fA-F]{64}$/.test(market.conditionId)) return false;
    await this.chain.prepareMarket(market.conditionId as Hex, BigInt(yes.tokenId), BigInt(no.tokenId));
    return true;
  }

  /** Report the market's payouts to the CTF (numerators in micros; the CTF divides by their sum). */
  async resolve(market: SimMarket): Promise<void> {
    const [yes, no] = market.tokens;
    if (!yes || !no || market.payoutsMicros === undefined) return;
    const payouts: [bigint, bigint] = [BigInt(market.payoutsMicros.get(yes.tokenId) ?? 0), BigInt(market.payoutsMicros.get(no.tokenId) ?? 0)];
    await this.chain.resolve(market.conditionId as Hex, payouts);
  }

  /** The trading approvals of ACCOUNTS.md §1.10 we model: pUSD to the exchanges and adapters, CTF to the same (and ExchangeV3). */
  async #approveAll(address: Address, allowance: bigint): Promise<void> {
    const c = this.chain.contracts;
    for (const name of PUSD_SPENDERS) await this.chain.setPusdAllowance(address, c[name], allowance);
    for (const operator of [...CTF_OPERATORS.map((name) => c[name]), c.exchangeV3]) await this.chain.setCtfApproval(address, operator, allowance > 0n);
  }

  /** Admin funding on chain: pUSD wrapped from minted USDC.e, outcome tokens split through the adapter, approvals. */
  async fund(address: Address, collateralMicros: bigint, tokens: ReadonlyMap<string, number>, allowance: bigint = maxUint256): Promise<void> {
    if (collateralMicros > 0n) await this.chain.fundPusd(address, collateralMicros);
    for (const [tokenId, micros] of tokens) {
      const market = this.#exchange.marketByToken(tokenId);
      if (!market || micros <= 0 || !(await this.prepareMarket(market))) continue;
      await this.chain.mintTokens(address, market.conditionId as Hex, BigInt(tokenId), BigInt(micros), this.#adapterFor(market));
    }
    await this.#approveAll(address, allowance);
    await this.refresh(address, [...tokens.keys()]);
  }

  /** Set the ledger's view of `address` from the chain (plus matched trades not yet settled there). */
  async refresh(address: string, tokenIds: readonly string[] = []): Promise<void> {
    const wallet = address.toLowerCase() as Address;
    const ledger = this.#exchange.wallets;
    const ids = [...new Set([...tokenIds, ...ledger.get(wallet).tokens.keys()])];
    const client = this.chain.client;
    const block = await client.getBlockNumber({ cacheTime: 0 });
    const c = this.chain.contracts;
    const at = { blockNumber: block };
    const read = <T>(to: Address, contract: 'TestToken' | 'ConditionalTokens', fn: string, args: readonly unknown[]) =>
      client.readContract({ address: to, abi: this.chain.abi(contract), functionName: fn, args, ...at } as never) as Promise<T>;
    const [pusd, allowances, approvals, balances] = await Promise.all([
      read<bigint>(c.pusd, 'TestToken', 'balanceOf', [wallet]),
      Promise.all(this.#exchanges().map((ex) => read<bigint>(c.pusd, 'TestToken', 'allowance', [wallet, ex]))),
      Promise.all(this.#exchanges().map((ex) => read<boolean>(c.conditionalTokens, 'ConditionalTokens', 'isApprovedForAll', [wallet, ex]))),
      Promise.all(ids.map((id) => read<bigint>(c.conditionalTokens, 'ConditionalTokens', 'balanceOf', [wallet, BigInt(id)]))),
    ]);
    const pending = await this.#settlement.unsettledAt(block, this.#exchange.trades.filter((t) => involves(t, wallet)));
    const delta = pendingDelta(pending, wallet);
    ledger.setCollateral(wallet, Number(pusd) + delta.collateral);
    ids.forEach((id, i) => ledger.setTokens(wallet, id, Number(balances[i] ?? 0n) + (delta.tokens.get(id) ?? 0)));
    this.#exchanges().forEach((ex, i) => {
      ledger.setAllowance(wallet, ex, allowances[i] ?? 0n);
      ledger.setTokenAllowance(wallet, ex, approvals[i] ? maxUint256 : 0n);
    });
  }
}

function involves(trade: SimTrade, wallet: string): boolean {
  return trade.takerMakerAddress.toLowerCase() === wallet || trade.makers.some((m) => m.makerAddress.toLowerCase() === wallet);
}

/** What matched-but-unsettled trades will still move for `wallet` (as the ledger applied them at match time). */
function pendingDelta(trades: readonly SimTrade[], wallet: string): { collateral: number; tokens: Map<string, number> } {
  let collateral = 0;
  const tokens = new Map<string, number>();
  const apply = (tokenId: string, side: 'BUY' | 'SELL', size: number, paid: number, fee: number) => {
    const sign = side === 'BUY' ? 1 : -1;
    tokens.set(tokenId, (tokens.get(tokenId) ?? 0) + sign * size);
    collateral += -sign * paid - fee;
  };
  for (const trade of trades) {
    if (trade.takerMakerAddress.toLowerCase() === wallet) apply(trade.tokenId, trade.side, trade.sizeMicros, trade.collateralMicros, trade.takerFeeMicros);
    for (const maker of trade.makers) {
      if (maker.makerAddress.toLowerCase() === wallet) apply(maker.tokenId, maker.side, maker.matchedMicros, maker.collateralMicros, 0);
    }
  }
  return { collateral, tokens };
}
