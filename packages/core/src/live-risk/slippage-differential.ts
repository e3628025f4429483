/**
 * Slippage differential (spec "Slippage Differential Monitoring"): per bot, live slippage actually
 * paid against the slippage the fill-or-kill simulation predicted, over a rolling window of its most
 * recent matched live trades. When live exceeds predicted by more than 1 percentage point (100 bps)
 * on average, the bot is flagged and a tighter `maxSlippageBps` is suggested: the bot's limit judges
 * *predicted* slippage, so tightening it by the observed excess keeps what is actually paid within
 * what the user meant to allow.
 *
 * Integers only: the mean excess is rounded up (against the user) to whole bps.
 */
export const SLIPPAGE_DIFFERENTIAL_ALERT_BPS = 100;
export const SLIPPAGE_DIFFERENTIAL_MIN_SAMPLES = 5;
/** When the bot has no slippage limit, the suggestion starts from this (5 %). */
export const SLIPPAGE_SUGGESTION_BASE_BPS = 500;

export interface SlippageSample {
  readonly predictedBps: number;
  readonly actualBps: number;
}

export interface SlippageDifferential {
  readonly samples: number;
  /** Mean of (actual − predicted), bps, rounded up; null without samples. */
  readonly meanExcessBps: number | null;
  /** Enough samples and the mean excess is over 100 bps. */
  readonly alert: boolean;
  /** With an alert: the tighter `maxSlippageBps` to use (never negative). */
  readonly suggestedMaxSlippageBps: number | null;
}

export function slippageDifferential(
  samples: readonly SlippageSample[],
  currentMaxSlippageBps: number | null,
  options: { readonly minSamples?: number; readonly alertBps?: number } = {},
): SlippageDifferential {
  const minSamples = options.minSamples ?? SLIPPAGE_DIFFERENTIAL_MIN_SAMPLES;
  const alertBps = options.alertBps ?? SLIPPAGE_DIFFERENTIAL_ALERT_BPS;
  if (samples.length === 0) return { samples: 0, meanExcessBps: null, alert: false, suggestedMaxSlippageBps: null };
  let total = 0;
  for (const s of samples) total += s.actualBps - s.predictedBps;
  const n = samples.length;
  // ceil for either sign: -(floor(-x / n))
  const meanExcessBps = -Math.floor(-total / n);
  const alert = n >= minSamples && meanExcessBps > alertBps;
  const base = currentMaxSlippageBps ?? SLIPPAGE_SUGGESTION_BASE_BPS;
  return { samples: n, meanExcessBps, alert, suggestedMaxSlippageBps: alert ? Math.max(0, base - meanExcessBps) : null };
}
