/**
 * Live-only risk checks (issue 20 "Live risk"), in addition to paper's guards: the same shape as
 * `risk/guard.ts` — a pure `check(context, now)` — but a pass may carry warnings (low gas is a warning
 * before it is a block). Every money amount is integer micros; POL is integer wei.
 */
export type LiveRiskCode =
  | 'gas_too_low'
  | 'insufficient_collateral_balance'
  | 'insufficient_collateral_allowance'
  | 'rollout_trade_cap_exceeded'
  | 'new_live_user_daily_volume_cap_exceeded'
  | 'daily_loss_limit_reached';

export type LiveWarningCode = 'gas_low';

export interface LiveWarning {
  readonly code: LiveWarningCode;
  readonly message: string;
}

export type LiveCheckResult =
  | { readonly ok: true; readonly warnings: readonly LiveWarning[] }
  | { readonly ok: false; readonly code: LiveRiskCode; readonly reason: string };

export const livePass: LiveCheckResult = { ok: true, warnings: [] };

export function liveWarn(code: LiveWarningCode, message: string): LiveCheckResult {
  return { ok: true, warnings: [{ code, message }] };
}

export function liveTrip(code: LiveRiskCode, reason: string): LiveCheckResult {
  return { ok: false, code, reason };
}

/** Runs checks in order: the first failure wins; otherwise every warning is kept. */
export function runLiveChecks(results: readonly LiveCheckResult[]): LiveCheckResult {
  const warnings: LiveWarning[] = [];
  for (const r of results) {
    if (!r.ok) return r;
    warnings.push(...r.warnings);
  }
  return { ok: true, warnings };
}
