/**
 * Polymarket's contracts on Polygon (chain 137) that a trading wallet's funds and approvals are read
 * against (ACCOUNTS.md §1.10, V2.md §4). The local chain (`@polymancer/local-chain`) places its test
 * contracts at these same addresses, so one address book serves mainnet and the local exchange.
 */
import type { Address } from 'viem';

export interface PolymarketContracts {
  /** pUSD, the V2 trading collateral (ERC-20, 6 decimals). */
  readonly pusd: Address;
  /** Bridged USDC.e: what pUSD wraps; a balance here is "waiting to be wrapped". */
  readonly usdce: Address;
  /** The CTF outcome-token ERC-1155. */
  readonly conditionalTokens: Address;
  readonly exchangeV2: Address;
  readonly negRiskExchangeV2: Address;
  readonly exchangeV3: Address;
  readonly ctfCollateralAdapter: Address;
  readonly negRiskCtfCollateralAdapter: Address;
  /** Wraps USDC.e into pUSD (`wrap(asset, to, amount)`). */
  readonly collateralOnramp: Address;
  readonly depositWalletFactory: Address;
}

export const POLYGON_CONTRACTS: PolymarketContracts = {
  pusd: '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB',
  usdce: '0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174',
  conditionalTokens: '0x4D97DCd97eC945f40cF65F87097ACe5EA0476045',
  exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
  negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
  exchangeV3: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa',
  ctfCollateralAdapter: '0xAdA100Db00Ca00073811820692005400218FcE1f',
  negRiskCtfCollateralAdapter: '0xadA2005600Dec949baf300f4C6120000bDB6eAab',
  collateralOnramp: '0x93070a847efEf7F70739046A929D47a521F5B8ee',
  depositWalletFactory: '0x00000000000Fb5C9ADea0298D729A0CB3823Cc07',
};

/** Spenders a trading wallet approves for pUSD (the subset of the official list whose addresses we hold in full). */
export const PUSD_SPENDERS = ['exchangeV2', 'negRiskExchangeV2', 'exchangeV3', 'ctfCollateralAdapter', 'negRiskCtfCollateralAdapter'] as const;
export type PusdSpender = (typeof PUSD_SPENDERS)[number];

/** Operators a trading wallet approves on the CTF (`setApprovalForAll`) so its outcome tokens can be sold and redeemed. */
export const CTF_OPERATORS = ['exchangeV2', 'negRiskExchangeV2', 'ctfCollateralAdapter', 'negRiskCtfCollateralAdapter'] as const;
export type CtfOperator = (typeof CTF_OPERATORS)[number];

/**
 * The legacy smart wallets' contracts on Polygon (ACCOUNTS.md §1.12; Polymarket/builder-relayer-client
 * `src/config`, `src/constants`): the proxy-wallet factory (type 1, `proxy(calls)`), the GSN v1 RelayHub its
 * relayed calls go through, the init-code hash of its wallet clones (the owner's wallet is the CREATE2 address
 * from the factory, salt keccak256(owner)), and the Safe factory (type 2). The local chain installs its test
 * versions at the same addresses; its proxy wallets have another init code (`ProxyWalletFactory.initCodeHash()`).
 */
export interface WalletContracts {
  readonly proxyWalletFactory: Address;
  readonly relayHub: Address;
  readonly proxyWalletInitCodeHash: `0x${string}`;
  readonly safeFactory: Address;
}

export const POLYGON_WALLET_CONTRACTS: WalletContracts = {
  proxyWalletFactory: '0xaB45c5A4B0c941a2F231C04C3f49182e1A254052',
  relayHub: '0xD216153c06E857cD7f72665E0aF1d7D82172F494',
  proxyWalletInitCodeHash: '0xd21df8dc65880a8606f09fe0ce3df9b8869287ab0b058be05aa9e8af6330a00b',
  safeFactory: '0xaacFeEa03eb1561C4e67d661e40682Bd20E3541b',
};

/**
 * The local chain's (`@polymancer/local-chain`) wallet contracts: Polygon's addresses, but its proxy wallets are
 * its own test contract, not Polymarket's clones, so their addresses derive from this init-code hash
 * (`ProxyWalletFactory.initCodeHash()` there; a test keeps the two equal).
 */
export const LOCAL_WALLET_CONTRACTS: WalletContracts = {
  ...POLYGON_WALLET_CONTRACTS,
  proxyWalletInitCodeHash: '0x637899bf9822842c4a13666cd5d42b955e3987f3f1520b6a3f63b7e6d968584a',
};
