import { PolymancerError } from '@polymancer/core';

/** Creating or updating an LLM bot while no OpenRouter API key is configured. */
export class LlmStrategyUnavailableError extends PolymancerError {
  readonly code = 'llm_strategy_unavailable';
  constructor(message = 'LLM strategies are unavailable: no OpenRouter API key is configured (set OPENROUTER_API_KEY)') {
    super(message);
  }
}
