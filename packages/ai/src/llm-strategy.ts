/**
 * The LLM strategy: one chat-completions call to OpenRouter per decision through the AI SDK
 * (`generateText` with `Output.object`), answer validated by schema, then converted exactly.
 *
 * Guarantees: `decide` never throws. A timeout (`params.timeoutMs`, enforced with an AbortSignal),
 * a provider error, an answer that is not JSON or not the schema, or an answer that cannot be an
 * order all end in `hold` with a code and the reason. Tokens and cost are attached whenever the
 * provider answered (even when the answer was unusable); a call that never answered has no usage.
 *
 * Known limitations: a single step, no tools; no streaming (the timeout covers the whole call);
 * the prompt carries the book summary, not the full book.
 */
import { createOpenRouter, type OpenRouterProvider } from '@openrouter/ai-sdk-provider';
import { type LlmParams, hold, type Decision, type HoldCode, type Strategy, type StrategyInput, type DecisionUsage } from '@polymancer/strategies';
import { APICallError, generateText, NoObjectGeneratedError, Output } from 'ai';
import { llmAnswerSchema } from './answer.ts';
import { DEFAULT_OPENROUTER_BASE_URL, type OpenRouterConfig } from './config.ts';
import { LLM_INSTRUCTIONS, renderPrompt } from './prompt.ts';
import { answerToDecision } from './to-decision.ts';
import { decisionUsage, providerCostUsd, type RawUsage } from './usage.ts';

export function createLlmStrategy(config: OpenRouterConfig): Strategy<LlmParams> {
  const provider: OpenRouterProvider = createOpenRouter({
    baseURL: config.baseUrl ?? DEFAULT_OPENROUTER_BASE_URL,
    apiKey: config.apiKey ?? '',
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(config.appName === undefined ? {} : { appName: config.appName }),
    ...(config.appUrl === undefined ? {} : { appUrl: config.appUrl }),
  });
  const maxRetries = config.maxRetries ?? 0;

  return {
    kind: 'llm',
    async decide(input: StrategyInput<LlmParams>, now: Date): Promise<Decision> {
      const params = input.params;
      const raw: RawUsage = { inputTokens: 0, outputTokens: 0, providerCostUsd: undefined };
      let answered = false;
      const usage = (): DecisionUsage | undefined => (answered ? decisionUsage(raw, params) : undefined);

      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error(`no answer within ${params.timeoutMs} ms`)), params.timeoutMs);
      try {
        const result = await generateText({
          model: provider.chat(params.model, { usage: { include: true } }),
          instructions: LLM_INSTRUCTIONS,
          prompt: renderPrompt(params.promptTemplate, input, now),
          output: Output.object({ schema: llmAnswerSchema, name: 'trading_decision' }),
          temperature: params.temperature,
          maxOutputTokens: params.maxOutputTokens,
          maxRetries,
          abortSignal: controller.signal,
          onStepEnd: (step) => {
            answered = true;
            raw.inputTokens += step.usage.inputTokens ?? 0;
            raw.outputTokens += step.usage.outputTokens ?? 0;
            const cost = providerCostUsd(step.providerMetadata);
            if (cost !== undefined) raw.providerCostUsd = (raw.providerCostUsd ?? 0) + cost;
          },
        });
        const converted = answerToDecision(result.output, input, usage());
        if (!converted.ok) return hold('llm_invalid_answer', `the model's answer cannot be an order: ${converted.reason}`, usage());
        return converted.decision;
      } catch (error) {
        const [code, reason] = classify(error, controller.signal, params.timeoutMs);
        return hold(code, reason, usage());
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function classify(error: unknown, signal: AbortSignal, timeoutMs: number): [HoldCode, string] {
  if (signal.aborted) return ['llm_timeout', `the model did not answer within ${timeoutMs} ms`];
  if (NoObjectGeneratedError.isInstance(error)) {
    const text = (error.text ?? '').slice(0, 200);
    return ['llm_malformed_answer', `${error.message}${text === '' ? ' (empty answer)' : ` Answer began: ${JSON.stringify(text)}`}`];
  }
  if (APICallError.isInstance(error)) {
    return ['llm_error', `the model provider failed${error.statusCode === undefined ? '' : ` with HTTP ${error.statusCode}`}: ${error.message.slice(0, 300)}`];
  }
  return ['llm_error', `the model call failed: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`];
}
