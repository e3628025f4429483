/**
 * Credential validation's wallet state read from the chain (step 4 of issue 18): pUSD and USDC.e
 * balances, pUSD allowances to the exchanges and collateral adapters, CTF approvals, and the POL of
 * the account that pays gas (the signer of an EOA wallet; none for gasless wallet types). Satisfies
 * `@polymancer/credentials`' `WalletStatePort` structurally.
 */
import type { Address } from 'viem';
import { CTF_OPERATORS, POLYGON_CONTRACTS, PUSD_SPENDERS, type PolymarketContracts } from './addresses.ts';
import type { ChainReader } from './chain-reader.ts';

const names: Readonly<Record<string, string>> = {
  exchangeV2: 'CTF Exchange V2',
  negRiskExchangeV2: 'Neg Risk CTF Exchange V2',
  exchangeV3: 'Exchange V3',
  ctfCollateralAdapter: 'CTF Collateral Adapter',
  negRiskCtfCollateralAdapter: 'Neg Risk CTF Collateral Adapter',
};

export function createChainWalletState(reader: ChainReader, contracts: PolymarketContracts = POLYGON_CONTRACTS) {
  return {
    async read(query: { readonly walletType: number; readonly signerAddress: string; readonly funderAddress: string }) {
      const gasPayer = query.walletType === 0 ? (query.signerAddress as Address) : undefined;
      const state = await reader.readWallet(query.funderAddress as Address, gasPayer === undefined ? {} : { gasPayer });
      return {
        pusdMicros: state.pusdMicros,
        usdceMicros: state.usdceMicros,
        allowances: PUSD_SPENDERS.map((spender) => ({ spender: contracts[spender].toLowerCase(), name: names[spender] ?? spender, amount: state.pusdAllowances[spender] })),
        tokenApprovals: CTF_OPERATORS.map((operator) => ({ operator: contracts[operator].toLowerCase(), name: names[operator] ?? operator, approved: state.ctfApprovals[operator] })),
        gasWei: state.gasPayerWei ?? null,
        sources: ['chain'],
      };
    },
  };
}
