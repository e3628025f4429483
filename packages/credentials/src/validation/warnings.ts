/**
 * Step 4's warnings: what in the trading wallet will stop orders, with what to do. Warnings, not
 * errors — a user may import before funding. Pure: thresholds in base units.
 */
import type { WalletState } from '../ports.ts';
import { paysOwnGas, type WalletType } from '../wallet-type.ts';

export interface WalletWarning {
  readonly code: 'pusd_low' | 'usdce_unwrapped' | 'approval_missing' | 'gas_low';
  readonly message: string;
  readonly details?: Readonly<Record<string, string>>;
}

/** 10 pUSD. */
export const lowPusdMicros = 10_000_000n;
/** 0.1 POL in wei. */
export const lowGasWei = 100_000_000_000_000_000n;

const dollars = (micros: bigint) => `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0').slice(0, 2)}`;

export function walletWarnings(state: WalletState, walletType: WalletType, funderAddress: string): WalletWarning[] {
  const warnings: WalletWarning[] = [];
  if (state.pusdMicros < lowPusdMicros) {
    warnings.push({
      code: 'pusd_low',
      message: `The trading wallet ${funderAddress} holds ${dollars(state.pusdMicros)} pUSD (under 10). Deposit to it on Polymarket before a live bot trades.`,
      details: { pusdMicros: state.pusdMicros.toString() },
    });
  }
  if (state.usdceMicros !== null && state.usdceMicros > 0n) {
    warnings.push({
      code: 'usdce_unwrapped',
      message: `${dollars(state.usdceMicros)} USDC.e in ${funderAddress} is waiting to be wrapped into pUSD. Wrap it (Polymarket does this when you open the deposit page) — orders only spend pUSD.`,
      details: { usdceMicros: state.usdceMicros.toString() },
    });
  }
  for (const allowance of state.allowances) {
    if (allowance.amount > 0n) continue;
    warnings.push({
      code: 'approval_missing',
      message: `${funderAddress} has not approved pUSD for ${allowance.name} (${allowance.spender}). Enable trading on Polymarket (it sets the approvals), or orders fail with "not enough balance / allowance".`,
      details: { spender: allowance.spender, name: allowance.name },
    });
  }
  for (const approval of state.tokenApprovals ?? []) {
    if (approval.approved) continue;
    warnings.push({
      code: 'approval_missing',
      message: `Outcome tokens of ${funderAddress} are not approved for ${approval.name} (${approval.operator}); sells will fail until they are. Enable trading on Polymarket.`,
      details: { spender: approval.operator, name: approval.name },
    });
  }
  if (paysOwnGas(walletType) && state.gasWei !== null && state.gasWei < lowGasWei) {
    warnings.push({
      code: 'gas_low',
      message: `The signer pays its own gas and holds under 0.1 POL. Send POL to it for approvals and redemptions.`,
      details: { gasWei: state.gasWei.toString() },
    });
  }
  return warnings;
}
