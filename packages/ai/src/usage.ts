/**
 * Tokens and cost of one LLM decision. Cost comes from OpenRouter's usage accounting when the
 * response carries it (`usage.cost`, in USD credits), else from the bot's per-model prices
 * (micros per million tokens), else it is 0 with `costSource: 'none'`. Always rounded up to a micro.
 *
 * Known limitation: OpenRouter reports cost as a JSON number; it is converted through its shortest
 * decimal form with 12 fixed decimals, then rounded up to micros. Exact to the micro in practice.
 */
import { addMicros, mulDiv, parseScaledRounded } from '@polymancer/core';
import type { DecisionUsage, LlmParams } from '@polymancer/strategies';

export interface RawUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD as the provider reported it, summed over steps; undefined when no step reported one. */
  providerCostUsd: number | undefined;
}

/** Provider-reported USD (a JSON number) → micros, rounded up; undefined when unusable. */
export function usdToMicrosCeil(usd: number): number | undefined {
  if (!Number.isFinite(usd) || usd < 0 || usd > 1e9) return undefined;
  const r = parseScaledRounded(usd.toFixed(12), 6, 'ceil');
  return r.ok ? r.value : undefined;
}

export function decisionUsage(raw: RawUsage, params: LlmParams): DecisionUsage {
  const base = { inputTokens: raw.inputTokens, outputTokens: raw.outputTokens };
  if (raw.providerCostUsd !== undefined) {
    const costMicros = usdToMicrosCeil(raw.providerCostUsd);
    if (costMicros !== undefined) return { ...base, costMicros, costSource: 'provider' };
  }
  const pin = params.inputPriceMicrosPerMillionTokens;
  const pout = params.outputPriceMicrosPerMillionTokens;
  if (pin !== undefined || pout !== undefined) {
    const numerator = addMicros(raw.inputTokens * (pin ?? 0), raw.outputTokens * (pout ?? 0));
    const costMicros = mulDiv(numerator, 1, 1_000_000, 'ceil');
    return { ...base, costMicros, costSource: 'price-params' };
  }
  return { ...base, costMicros: 0, costSource: 'none' };
}

/** Reads OpenRouter's `providerMetadata.openrouter.usage.cost` without trusting its shape. */
export function providerCostUsd(providerMetadata: unknown): number | undefined {
  const cost = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)?.openrouter?.usage?.cost;
  return typeof cost === 'number' ? cost : undefined;
}
