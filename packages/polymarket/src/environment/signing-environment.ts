/**
 * What a configured exchange environment (`@polymancer/config`'s POLYMARKET_ENVIRONMENT profile) means for
 * signing orders and reading the chain. The official client signs orders only for the chains it knows —
 * Polygon (137) and Amoy (80002) — against its own exchange addresses, so a profile naming another chain, or
 * other exchange addresses, could never produce an order its exchange accepts: refused at start with the fix,
 * rather than accepted and every order refused later. The profile's other addresses (pUSD, the CTF, the
 * collateral adapters, the deposit-wallet factory) are what balances, approvals and redemptions are read against.
 */
import { getContractConfig } from '@polymarket/clob-client-v2';
import { ConfigError } from '@polymancer/core';
import type { Address } from 'viem';
import { POLYGON_CONTRACTS, type PolymarketContracts } from '../chain/addresses.ts';

/** A profile's contract addresses (`@polymancer/config`'s `ContractAddresses` fits). */
export interface ConfiguredContracts {
  readonly collateral: string;
  readonly conditionalTokens: string;
  readonly exchangeV2: string;
  readonly negRiskExchangeV2: string;
  readonly exchangeV3: string;
  readonly ctfCollateralAdapter: string;
  readonly negRiskCtfCollateralAdapter: string;
  readonly depositWalletFactory: string;
}

export interface SigningEnvironment {
  readonly chainId: number;
  readonly contracts: PolymarketContracts;
}

const SIGNED_EXCHANGES = ['exchangeV2', 'negRiskExchangeV2', 'exchangeV3'] as const;

/** The chain orders are signed for and the contracts the chain is read against; `ConfigError` when no order could be valid. */
export function signingEnvironment(profile: { readonly chainId: number | undefined; readonly contracts: ConfiguredContracts | undefined }): SigningEnvironment {
  const chainId = profile.chainId ?? 137;
  let signed: Record<(typeof SIGNED_EXCHANGES)[number], string>;
  try {
    signed = getContractConfig(chainId);
  } catch {
    throw new ConfigError(`POLYMARKET_CHAIN_ID ${chainId}: the official Polymarket client signs orders only for Polygon (137) and Amoy (80002)`, { details: { chainId } });
  }
  const configured = profile.contracts;
  if (configured === undefined) return { chainId, contracts: POLYGON_CONTRACTS };
  for (const name of SIGNED_EXCHANGES) {
    if (configured[name].toLowerCase() !== signed[name].toLowerCase()) {
      throw new ConfigError(
        `POLYMARKET_CONTRACTS.${name} ${configured[name]} is not the exchange the official client signs for on chain ${chainId} (${signed[name]}): every order would be refused`,
        { details: { contract: name, chainId } },
      );
    }
  }
  return {
    chainId,
    contracts: {
      ...POLYGON_CONTRACTS,
      pusd: configured.collateral as Address,
      conditionalTokens: configured.conditionalTokens as Address,
      exchangeV2: configured.exchangeV2 as Address,
      negRiskExchangeV2: configured.negRiskExchangeV2 as Address,
      exchangeV3: configured.exchangeV3 as Address,
      ctfCollateralAdapter: configured.ctfCollateralAdapter as Address,
      negRiskCtfCollateralAdapter: configured.negRiskCtfCollateralAdapter as Address,
      depositWalletFactory: configured.depositWalletFactory as Address,
    },
  };
}
