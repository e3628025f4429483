import { type LiveCheckResult, livePass, liveTrip, liveWarn } from './live-check.ts';

/** 1 POL = 10^18 wei. */
export const WEI_PER_POL = 10n ** 18n;
/** Under 0.1 POL the user is warned (spec: "Verify wallet has >0.1 MATIC for gas"). */
export const GAS_WARN_BELOW_WEI = WEI_PER_POL / 10n;
/** Under 0.01 POL trades are blocked. */
export const GAS_BLOCK_BELOW_WEI = WEI_PER_POL / 100n;

export interface GasContext {
  /**
   * Whether the wallet that trades pays its own gas. Only an EOA (signature type 0) does: proxy, Safe
   * and deposit wallets go gasless through Polymarket's relayer (ACCOUNTS.md §1.10, §2).
   */
  readonly walletPaysGas: boolean;
  /** The paying address's native balance, in wei. */
  readonly polBalanceWei: bigint;
}

function pol(wei: bigint): string {
  // Exact to 4 decimals, rounded down: a display string, never compared.
  const tenThousandths = (wei * 10_000n) / WEI_PER_POL;
  const whole = tenThousandths / 10_000n;
  const frac = (tenThousandths % 10_000n).toString().padStart(4, '0');
  return `${whole}.${frac}`;
}

/** Block under 0.01 POL, warn under 0.1 POL — only where the wallet pays gas. */
export function checkGasBalance(context: GasContext): LiveCheckResult {
  if (!context.walletPaysGas) return livePass;
  const { polBalanceWei } = context;
  if (polBalanceWei < GAS_BLOCK_BELOW_WEI) {
    return liveTrip('gas_too_low', `the wallet holds ${pol(polBalanceWei)} POL, under the 0.01 POL needed to pay gas; send POL to the wallet`);
  }
  if (polBalanceWei < GAS_WARN_BELOW_WEI) {
    return liveWarn('gas_low', `the wallet holds ${pol(polBalanceWei)} POL, under 0.1 POL; top it up before trades are blocked at 0.01 POL`);
  }
  return livePass;
}
