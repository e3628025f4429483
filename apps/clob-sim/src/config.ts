/** Contract addresses per chain, as the official client (`@polymarket/clob-client-v2` config) signs for them. */
import type { Address } from 'viem';

export interface ExchangeContracts {
  readonly exchangeV2: Address;
  readonly negRiskExchangeV2: Address;
  readonly exchangeV3: Address;
  readonly collateral: Address;
  /** V1 exchanges: only used to recognise (and refuse) V1-signed orders. */
  readonly exchangeV1: Address;
  readonly negRiskExchangeV1: Address;
}

const polygon: ExchangeContracts = {
  exchangeV2: '0xE111180000d2663C0091e4f400237545B87B996B',
  negRiskExchangeV2: '0xe2222d279d744050d28e00520010520000310F59',
  exchangeV3: '0xe3333700cA9d93003F00f0F71f8515005F6c00Aa',
  collateral: '0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB',
  exchangeV1: '0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E',
  negRiskExchangeV1: '0xC5d563A36AE78145C45a50134d48A1215220f80a',
};

const amoy: ExchangeContracts = {
  ...polygon,
  exchangeV3: '0x9fE6e61422AdB6F610d8597F9684b16912D50C3D',
  exchangeV1: '0xdFE02Eb6733538f8Ea35D585af8DE5958AD99E40',
};

/** Polygon (137) and Amoy (80002) use Polymarket's addresses; any other (local) chain id reuses Polygon's. */
export function contractsFor(chainId: number): ExchangeContracts {
  return chainId === 80002 ? amoy : polygon;
}

export const UNLIMITED_ALLOWANCE = (1n << 256n) - 1n;
