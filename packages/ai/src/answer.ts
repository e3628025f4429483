/**
 * The model's answer, as a JSON object the provider is asked to produce (`response_format:
 * json_schema`). Every field is required and nullable rather than optional, as strict structured
 * output modes demand. Amounts and prices are decimal strings so they convert to micros exactly.
 */
import { z } from 'zod';

export const llmAnswerSchema = z.object({
  action: z.enum(['hold', 'buy', 'sell']).describe('buy, sell, or hold to do nothing'),
  token: z.string().nullable().describe('the outcome to trade: its label (e.g. "Yes") or its token id; null when holding'),
  amount: z
    .string()
    .nullable()
    .describe('buy: pUSD to spend; sell: number of shares to sell; a plain decimal such as "12.5"; null when holding'),
  limitPrice: z
    .string()
    .nullable()
    .describe('worst acceptable price per share, a decimal between 0 and 1 on the tick, such as "0.53"; null when holding'),
  reasoning: z.string().describe('why, in one to three sentences'),
  confidence: z.int().min(0).max(100).describe('confidence in the decision, 0 to 100'),
});

export type LlmAnswer = z.output<typeof llmAnswerSchema>;
