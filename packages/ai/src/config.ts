/**
 * How the LLM adapter reaches OpenRouter. The integrator fills this from OPENROUTER_API_KEY and
 * OPENROUTER_BASE_URL; tests point `baseUrl` at a local server. No key means no LLM strategy.
 */
import { err, ok, type Result } from '@polymancer/core';
import { LlmStrategyUnavailableError } from '@polymancer/strategies';

export const DEFAULT_OPENROUTER_BASE_URL = 'https://openrouter.ai/api/v1';

export interface OpenRouterConfig {
  readonly apiKey?: string | undefined;
  /** OpenAI-compatible base; requests go to `${baseUrl}/chat/completions`. */
  readonly baseUrl?: string | undefined;
  /** Provider-level retries on 429/5xx inside one decision; the next tick is the usual retry. Default 0. */
  readonly maxRetries?: number | undefined;
  /** Attribution on openrouter.ai (X-OpenRouter-Title / HTTP-Referer). */
  readonly appName?: string | undefined;
  readonly appUrl?: string | undefined;
  /** Replaces the global fetch (instrumentation); tests use a real local server instead. */
  readonly fetch?: typeof fetch | undefined;
}

/**
 * Whether LLM bots can run with this configuration. The bots API refuses to create (or switch to)
 * an LLM strategy when this is an error; the message is meant for the person creating the bot.
 */
export function llmStrategyAvailable(config: OpenRouterConfig): Result<true, LlmStrategyUnavailableError> {
  if (config.apiKey === undefined || config.apiKey.trim() === '') return err(new LlmStrategyUnavailableError());
  return ok(true);
}
