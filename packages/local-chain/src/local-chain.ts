/**
 * The local chain: Polymarket's contract set, minimal test versions compiled from `../contracts` and installed
 * at Polygon's addresses (`anvil_setCode`, then `initialize`), and the operations the local exchange and tests
 * need on it — funding (USDC.e minted and wrapped into pUSD through the ramp), trading approvals, markets
 * (CTF conditions whose position ids are the exchange's token ids), outcome tokens (split through the collateral
 * adapter), resolution (the admin is every condition's oracle), deposit wallets (CREATE2 factory), and trade
 * settlement through the exchange contracts.
 *
 * All transactions come from one admin key (anvil's first account by default) through one queue, so nonces never
 * collide. `send` returns the hash at once; `sendAndWait` waits for the receipt.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  http,
  maxUint256,
  parseSignature,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { CTF_OPERATORS, POLYGON_CONTRACTS, POLYGON_WALLET_CONTRACTS, PUSD_SPENDERS, type PolymarketContracts, type WalletContracts } from '@polymancer/polymarket';
import { compileContracts, type CompiledContract, type ContractName } from './compile.ts';

/** Anvil's first default account: a public test key, funded on every anvil chain. */
export const ANVIL_ADMIN_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

const ZERO32: Hex = `0x${'0'.repeat(64)}`;
const PARTITION = [1n, 2n] as const;

/** One step of a trade's settlement (SettlementExchange.Move). */
export type SettlementMove =
  | { readonly kind: 'pusd'; readonly from: Address; readonly to: Address; readonly amount: bigint }
  | { readonly kind: 'token'; readonly from: Address; readonly to: Address; readonly tokenId: bigint; readonly amount: bigint }
  | { readonly kind: 'split' | 'merge'; readonly conditionId: Hex; readonly amount: bigint };

const MOVE_KIND = { pusd: 0, token: 1, split: 2, merge: 3 } as const;
const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';

export interface LocalChainOptions {
  readonly rpcUrl: string;
  readonly adminKey?: Hex;
  readonly contracts?: PolymarketContracts;
  /** Where the proxy-wallet factory, its RelayHub and the Safe factory are installed; default Polygon's. */
  readonly walletContracts?: Omit<WalletContracts, 'proxyWalletInitCodeHash'>;
}

export class LocalChain {
  readonly rpcUrl: string;
  readonly contracts: PolymarketContracts;
  readonly walletContracts: Omit<WalletContracts, 'proxyWalletInitCodeHash'>;
  readonly admin: Address;
  readonly client: PublicClient;
  readonly #wallet;
  readonly #test;
  readonly #compiled: Record<ContractName, CompiledContract>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: LocalChainOptions) {
    this.rpcUrl = options.rpcUrl;
    this.contracts = options.contracts ?? POLYGON_CONTRACTS;
    this.walletContracts = options.walletContracts ?? POLYGON_WALLET_CONTRACTS;
    const transport = http(options.rpcUrl);
    const account = privateKeyToAccount(options.adminKey ?? ANVIL_ADMIN_KEY);
    this.admin = account.address;
    // cacheTime 0: a cached block number would hide new blocks between polls.
    this.client = createPublicClient({ transport, cacheTime: 0 });
    this.#wallet = createWalletClient({ account, transport });
    this.#test = createTestClient({ mode: 'anvil', transport });
    this.#compiled = compileContracts();
  }

  abi(name: ContractName): Abi {
    return this.#compiled[name].abi;
  }

  /** Send a call from the admin key; resolves with the hash once the node accepted it (not mined). */
  send(to: Address, contract: ContractName, functionName: string, args: readonly unknown[] = [], gas?: bigint): Promise<Hex> {
    const data = encodeFunctionData({ abi: this.abi(contract), functionName, args } as never);
    const sent = this.#queue.then(() => this.#wallet.sendTransaction({ chain: null, to, data, ...(gas === undefined ? {} : { gas }) }));
    this.#queue = sent.catch(() => undefined);
    return sent;
  }

  async sendAndWait(to: Address, contract: ContractName, functionName: string, args: readonly unknown[] = []): Promise<TransactionReceipt> {
    const hash = await this.send(to, contract, functionName, args);
    const receipt = await this.client.waitForTransactionReceipt({ hash, pollingInterval: 20, timeout: 30_000 });
    if (receipt.status !== 'success') throw new Error(`local chain: ${contract}.${functionName} reverted`);
    return receipt;
  }

  read<T>(address: Address, contract: ContractName, functionName: string, args: readonly unknown[] = []): Promise<T> {
    return this.client.readContract({ address, abi: this.abi(contract), functionName, args } as never) as Promise<T>;
  }

  /** Install and initialise the contracts at their addresses, unless an earlier run already did. */
  async deploy(): Promise<void> {
    const c = this.contracts;
    const code = await this.client.getCode({ address: c.pusd });
    if (code && code !== '0x' && (await this.read<Address>(c.pusd, 'TestToken', 'admin')) !== ZERO_ADDRESS) return;
    const install: [Address, ContractName][] = [
      [c.pusd, 'TestToken'],
      [c.usdce, 'TestToken'],
      [c.collateralOnramp, 'CollateralRamp'],
      [c.conditionalTokens, 'ConditionalTokens'],
      [c.ctfCollateralAdapter, 'CollateralAdapter'],
      [c.negRiskCtfCollateralAdapter, 'CollateralAdapter'],
      [c.exchangeV2, 'SettlementExchange'],
      [c.negRiskExchangeV2, 'SettlementExchange'],
      [c.exchangeV3, 'SettlementExchange'],
      [c.depositWalletFactory, 'DepositWalletFactory'],
      [this.walletContracts.proxyWalletFactory, 'ProxyWalletFactory'],
      [this.walletContracts.relayHub, 'RelayHub'],
      [this.walletContracts.safeFactory, 'SafeProxyFactory'],
    ];
    for (const [address, name] of install) await this.#test.setCode({ address, bytecode: this.#compiled[name].deployedBytecode });
    await this.sendAndWait(c.pusd, 'TestToken', 'initialize', ['Polymarket USD', 'pUSD', this.admin]);
    await this.sendAndWait(c.usdce, 'TestToken', 'initialize', ['USD Coin (PoS)', 'USDC.e', this.admin]);
    await this.sendAndWait(c.pusd, 'TestToken', 'setMinter', [c.collateralOnramp, true]);
    await this.sendAndWait(c.collateralOnramp, 'CollateralRamp', 'initialize', [c.pusd, c.usdce]);
    await this.sendAndWait(c.conditionalTokens, 'ConditionalTokens', 'initialize', [this.admin]);
    await this.sendAndWait(this.walletContracts.proxyWalletFactory, 'ProxyWalletFactory', 'initialize', [this.walletContracts.relayHub]);
    for (const adapter of [c.ctfCollateralAdapter, c.negRiskCtfCollateralAdapter]) {
      await this.sendAndWait(adapter, 'CollateralAdapter', 'initialize', [c.conditionalTokens, c.pusd, c.usdce, c.collateralOnramp]);
    }
    for (const [exchange, adapter] of [
      [c.exchangeV2, c.ctfCollateralAdapter],
      [c.negRiskExchangeV2, c.negRiskCtfCollateralAdapter],
      [c.exchangeV3, c.ctfCollateralAdapter],
    ] as const) {
      await this.sendAndWait(exchange, 'SettlementExchange', 'initialize', [this.admin, c.pusd, c.conditionalTokens, adapter]);
    }
    // The admin funds wallets by wrapping and splitting: it approves the ramp and the adapters once.
    await this.sendAndWait(c.usdce, 'TestToken', 'approve', [c.collateralOnramp, maxUint256]);
    for (const adapter of [c.ctfCollateralAdapter, c.negRiskCtfCollateralAdapter]) {
      await this.sendAndWait(c.pusd, 'TestToken', 'approve', [adapter, maxUint256]);
    }
  }

  // ----- funds ------------------------------------------------------------------------------------

  async fundUsdce(to: Address, micros: bigint): Promise<void> {
    await this.sendAndWait(this.contracts.usdce, 'TestToken', 'mint', [to, micros]);
  }

  /** Mint USDC.e to the admin and wrap it into pUSD for `to` (so pUSD stays fully backed). */
  async fundPusd(to: Address, micros: bigint): Promise<void> {
    await this.fundUsdce(this.admin, micros);
    await this.sendAndWait(this.contracts.collateralOnramp, 'CollateralRamp', 'wrap', [this.contracts.usdce, to, micros]);
  }

  async setGas(address: Address, wei: bigint): Promise<void> {
    await this.#test.setBalance({ address, value: wei });
  }

  /** Every trading approval of ACCOUNTS.md §1.10 we model, set for `owner` by the admin (test chain only). */
  async approveTrading(owner: Address, pusdAmount: bigint = maxUint256): Promise<void> {
    for (const name of PUSD_SPENDERS) await this.setPusdAllowance(owner, this.contracts[name], pusdAmount);
    for (const name of CTF_OPERATORS) await this.setCtfApproval(owner, this.contracts[name], true);
  }

  async setPusdAllowance(owner: Address, spender: Address, amount: bigint): Promise<void> {
    await this.sendAndWait(this.contracts.pusd, 'TestToken', 'adminApprove', [owner, spender, amount]);
  }

  async setCtfApproval(owner: Address, operator: Address, approved: boolean): Promise<void> {
    await this.sendAndWait(this.contracts.conditionalTokens, 'ConditionalTokens', 'adminSetApprovalForAll', [owner, operator, approved]);
  }

  // ----- markets ----------------------------------------------------------------------------------

  /** A binary CTF condition (collateral USDC.e, oracle the admin) whose positions are the given token ids. */
  async prepareMarket(conditionId: Hex, yesTokenId: bigint, noTokenId: bigint): Promise<void> {
    const collateral = await this.read<Address>(this.contracts.conditionalTokens, 'ConditionalTokens', 'collateralOf', [conditionId]);
    if (collateral !== ZERO_ADDRESS) return;
    await this.sendAndWait(this.contracts.conditionalTokens, 'ConditionalTokens', 'prepareCondition', [this.admin, conditionId, this.contracts.usdce, yesTokenId, noTokenId]);
  }

  /** Give `to` outcome tokens: the admin splits pUSD through the adapter and transfers the side asked for. */
  async mintTokens(to: Address, conditionId: Hex, tokenId: bigint, micros: bigint, adapter: Address = this.contracts.ctfCollateralAdapter): Promise<void> {
    await this.fundPusd(this.admin, micros);
    await this.sendAndWait(adapter, 'CollateralAdapter', 'splitPosition', [this.contracts.pusd, ZERO32, conditionId, PARTITION, micros]);
    await this.sendAndWait(this.contracts.conditionalTokens, 'ConditionalTokens', 'safeTransferFrom', [this.admin, to, tokenId, micros, '0x']);
  }

  /** Give `to` both outcome tokens of a condition (a complete set), split from freshly wrapped pUSD. */
  async mintPair(to: Address, conditionId: Hex, micros: bigint, adapter: Address = this.contracts.ctfCollateralAdapter): Promise<void> {
    await this.fundPusd(this.admin, micros);
    await this.sendAndWait(adapter, 'CollateralAdapter', 'splitPosition', [this.contracts.pusd, ZERO32, conditionId, PARTITION, micros]);
    for (const indexSet of PARTITION) {
      const tokenId = await this.read<bigint>(this.contracts.conditionalTokens, 'ConditionalTokens', 'getPositionId', [conditionId, indexSet]);
      await this.sendAndWait(this.contracts.conditionalTokens, 'ConditionalTokens', 'safeTransferFrom', [this.admin, to, tokenId, micros, '0x']);
    }
  }

  /** Report payouts, e.g. [1n, 0n] when the first outcome won. */
  async resolve(conditionId: Hex, payouts: readonly [bigint, bigint]): Promise<void> {
    await this.sendAndWait(this.contracts.conditionalTokens, 'ConditionalTokens', 'reportPayouts', [conditionId, payouts]);
  }

  async deployDepositWallet(owner: Address): Promise<Address> {
    const wallet = await this.read<Address>(this.contracts.depositWalletFactory, 'DepositWalletFactory', 'predict', [owner]);
    const code = await this.client.getCode({ address: wallet });
    if (!code || code === '0x') await this.sendAndWait(this.contracts.depositWalletFactory, 'DepositWalletFactory', 'deploy', [owner]);
    return wallet;
  }

  /**
   * The owner's Polymarket proxy wallet (type 1): its address, which the factory creates on the owner's first
   * `proxy(calls)` (as on Polygon; funds and tokens may arrive before), and the init-code hash it derives from.
   */
  async proxyWalletOf(owner: Address): Promise<Address> {
    return this.read<Address>(this.walletContracts.proxyWalletFactory, 'ProxyWalletFactory', 'walletOf', [owner]);
  }

  proxyWalletInitCodeHash(): Promise<Hex> {
    return this.read<Hex>(this.walletContracts.proxyWalletFactory, 'ProxyWalletFactory', 'initCodeHash');
  }

  /**
   * Deploys the owner's Safe (type 2) through the Safe factory, as Polymarket's relayer does for `SAFE-CREATE`:
   * the owner signs the factory's EIP-712 `CreateProxy` (no payment), the admin sends it. Answers the Safe's address.
   */
  async deploySafe(ownerKey: Hex): Promise<Address> {
    const owner = privateKeyToAccount(ownerKey);
    const factory = this.walletContracts.safeFactory;
    const safe = await this.read<Address>(factory, 'SafeProxyFactory', 'computeProxyAddress', [owner.address]);
    const code = await this.client.getCode({ address: safe });
    if (code && code !== '0x') return safe;
    const signature = await owner.signTypedData({
      domain: { name: 'Polymarket Contract Proxy Factory', chainId: await this.client.getChainId(), verifyingContract: factory },
      types: { CreateProxy: [{ name: 'paymentToken', type: 'address' }, { name: 'payment', type: 'uint256' }, { name: 'paymentReceiver', type: 'address' }] },
      primaryType: 'CreateProxy',
      message: { paymentToken: ZERO_ADDRESS, payment: 0n, paymentReceiver: ZERO_ADDRESS },
    });
    const sig = parseSignature(signature);
    await this.sendAndWait(factory, 'SafeProxyFactory', 'createProxy', [ZERO_ADDRESS, 0n, ZERO_ADDRESS, { v: Number(sig.v ?? BigInt(27 + (sig.yParity ?? 0))), r: sig.r, s: sig.s }]);
    return safe;
  }

  // ----- reads ------------------------------------------------------------------------------------

  pusdBalance(owner: Address): Promise<bigint> {
    return this.read<bigint>(this.contracts.pusd, 'TestToken', 'balanceOf', [owner]);
  }

  pusdAllowance(owner: Address, spender: Address): Promise<bigint> {
    return this.read<bigint>(this.contracts.pusd, 'TestToken', 'allowance', [owner, spender]);
  }

  tokenBalance(owner: Address, tokenId: bigint): Promise<bigint> {
    return this.read<bigint>(this.contracts.conditionalTokens, 'ConditionalTokens', 'balanceOf', [owner, tokenId]);
  }

  ctfApproved(owner: Address, operator: Address): Promise<boolean> {
    return this.read<boolean>(this.contracts.conditionalTokens, 'ConditionalTokens', 'isApprovedForAll', [owner, operator]);
  }

  // ----- settlement -------------------------------------------------------------------------------

  /**
   * Settle one trade through an exchange contract; resolves with the transaction hash (not yet mined). Gas is
   * fixed rather than estimated, so a settlement that would revert is still sent and fails on chain with a
   * receipt (status `reverted`), as a failed settlement does on Polygon.
   */
  settle(exchange: Address, tradeId: Hex, moves: readonly SettlementMove[]): Promise<Hex> {
    const encoded = moves.map((m) => ({
      kind: MOVE_KIND[m.kind],
      from: m.kind === 'pusd' || m.kind === 'token' ? m.from : ZERO_ADDRESS,
      to: m.kind === 'pusd' || m.kind === 'token' ? m.to : ZERO_ADDRESS,
      id: m.kind === 'token' ? m.tokenId : 0n,
      amount: m.amount,
      conditionId: m.kind === 'split' || m.kind === 'merge' ? m.conditionId : ZERO32,
    }));
    return this.send(exchange, 'SettlementExchange', 'settle', [tradeId, encoded], 1_500_000n);
  }
}

/** Connect to `rpcUrl` (anvil) and install the contracts there. */
export async function deployLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const chain = new LocalChain(options);
  await chain.deploy();
  return chain;
}
