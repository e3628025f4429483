/**
 * The live path's and pre-flight's view of a trading wallet (the bots service's `LiveWalletPort`):
 * read at one block through the chain reader — whether the funder has contract code, its pUSD balance
 * and allowance to the exchange the market settles on, whether its outcome tokens are approved for that
 * exchange, and the POL of the signer when the wallet type pays its own gas (EOA only; proxy, Safe and
 * deposit wallets go gasless through Polymarket's relayer).
 */
import type { Address } from 'viem';
import type { ChainReader } from './chain-reader.ts';
import type { CtfOperator, PusdSpender } from './addresses.ts';

type ExchangeKind = 'ctf_v2' | 'neg_risk_v2' | 'v3';

const SPENDER: Readonly<Record<ExchangeKind, PusdSpender>> = { ctf_v2: 'exchangeV2', neg_risk_v2: 'negRiskExchangeV2', v3: 'exchangeV3' };
/** ExchangeV3 trades positions through Polymarket's PositionManager, whose approvals this reader does not hold. */
const OPERATOR: Readonly<Record<ExchangeKind, CtfOperator | undefined>> = { ctf_v2: 'exchangeV2', neg_risk_v2: 'negRiskExchangeV2', v3: undefined };

export function createLiveWalletReader(reader: ChainReader) {
  return {
    async read(query: { readonly walletType: number; readonly signerAddress: string; readonly funderAddress: string; readonly exchange: ExchangeKind }) {
      const gasPayer = query.walletType === 0 ? (query.signerAddress as Address) : undefined;
      const state = await reader.readWallet(query.funderAddress as Address, gasPayer === undefined ? {} : { gasPayer });
      const operator = OPERATOR[query.exchange];
      return {
        hasCode: state.hasCode,
        pusdMicros: state.pusdMicros,
        allowanceMicros: state.pusdAllowances[SPENDER[query.exchange]],
        tokensApproved: operator === undefined ? null : state.ctfApprovals[operator],
        gasWei: state.gasPayerWei ?? null,
      };
    },
  };
}
