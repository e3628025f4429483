export { createLlmStrategy } from './llm-strategy.ts';
export { DEFAULT_OPENROUTER_BASE_URL, llmStrategyAvailable, type OpenRouterConfig } from './config.ts';
export { llmAnswerSchema, type LlmAnswer } from './answer.ts';
export { LLM_INSTRUCTIONS, promptValues, renderPrompt } from './prompt.ts';
export { answerToDecision } from './to-decision.ts';
export { decisionUsage, usdToMicrosCeil } from './usage.ts';
