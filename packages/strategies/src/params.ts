/**
 * Strategy parameters, one zod schema per kind. The bots API validates `{ kind, params }` with
 * `parseStrategyConfig` on create and update; the tick trusts what is stored. Money and prices are
 * integers in micros (`orderAmountMicros: 10_000_000` is 10 pUSD, `bandMicros: 20_000` is 2 cents).
 * Unknown fields are refused so a typo is an error rather than a silently ignored setting.
 */
import { z } from 'zod';

const micros = (what: string) => z.int(`${what} must be a whole number of micros`);
const positiveMicros = (what: string) => micros(what).min(1, `${what} must be positive`);

export const meanReversionParamsSchema = z.strictObject({
  /** How many recent midpoints the fair value averages. */
  windowSize: z.int().min(2, 'windowSize must be at least 2').max(500, 'windowSize must be at most 500').default(20),
  /** Distance from fair value, in price micros, that triggers a trade. */
  bandMicros: positiveMicros('bandMicros').max(500_000, 'bandMicros must be at most 500000 (0.50)').default(20_000),
  /** Collateral spent per buy, in pUSD micros. */
  orderAmountMicros: positiveMicros('orderAmountMicros').default(10_000_000),
  /** No buys once the position in that token reaches this many share micros. */
  maxPositionSharesMicros: positiveMicros('maxPositionSharesMicros').optional(),
});

export const momentumParamsSchema = z.strictObject({
  /** Price series the moves are read from. */
  source: z.enum(['midpoints', 'trades']).default('midpoints'),
  /** How many consecutive moves must point the same way. */
  lookbackMoves: z.int().min(1, 'lookbackMoves must be at least 1').max(50, 'lookbackMoves must be at most 50').default(3),
  /** Minimum total move over those moves, in price micros. */
  thresholdMicros: positiveMicros('thresholdMicros').max(1_000_000, 'thresholdMicros must be at most 1000000').default(10_000),
  /** Collateral spent per buy, in pUSD micros. */
  orderAmountMicros: positiveMicros('orderAmountMicros').default(10_000_000),
  /** Most shares sold at once; the whole position when absent. */
  maxSellSharesMicros: positiveMicros('maxSellSharesMicros').optional(),
  /** No buys once the position in that token reaches this many share micros. */
  maxPositionSharesMicros: positiveMicros('maxPositionSharesMicros').optional(),
  /** Ticks beyond the best price the limit may reach (0 = the best price only). */
  chaseTicks: z.int().min(0, 'chaseTicks must not be negative').max(100, 'chaseTicks must be at most 100').default(1),
});

/** Placeholders an LLM prompt template may use; anything else in `{{…}}` is refused. */
export const LLM_PROMPT_PLACEHOLDERS = [
  'question',
  'outcomes',
  'prices',
  'book',
  'position',
  'balance',
  'tickSize',
  'minOrderSize',
  'now',
] as const;
export type LlmPromptPlaceholder = (typeof LLM_PROMPT_PLACEHOLDERS)[number];

export const DEFAULT_LLM_PROMPT_TEMPLATE = [
  'You manage a small paper-trading account on a Polymarket prediction market.',
  'Market question: {{question}}',
  'Outcomes (label → token id): {{outcomes}}',
  'Current prices: {{prices}}',
  'Order book: {{book}}',
  'Your position: {{position}}',
  'Available balance: {{balance}} pUSD',
  'Tick size: {{tickSize}}; minimum order size: {{minOrderSize}} shares. Time: {{now}}.',
  'Decide whether to buy, sell or hold. Only trade when you have an edge.',
].join('\n');

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template uses that are not in `LLM_PROMPT_PLACEHOLDERS`. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(LLM_PROMPT_PLACEHOLDERS);
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!known.has(name)) unknown.add(name);
  }
  return [...unknown];
}

export const llmParamsSchema = z
  .strictObject({
    /** OpenRouter model id, e.g. "openai/gpt-4o-mini". */
    model: z
      .string('model is required')
      .min(1, 'model is required')
      .max(200, 'model must be at most 200 characters')
      .regex(/^[A-Za-z0-9._:\/-]+$/, 'model must be an OpenRouter model id such as "openai/gpt-4o-mini"'),
    promptTemplate: z
      .string()
      .min(1, 'promptTemplate must not be empty')
      .max(20_000, 'promptTemplate must be at most 20000 characters')
      .refine((t) => unknownPlaceholders(t).length === 0, {
        error: (issue) =>
          `promptTemplate uses unknown placeholders ${unknownPlaceholders(String(issue.input))
            .map((p) => `{{${p}}}`)
            .join(', ')}; known: ${LLM_PROMPT_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      })
      .default(DEFAULT_LLM_PROMPT_TEMPLATE),
    /** Sampling temperature as the provider takes it (0..2). Not money: a float is fine here. */
    temperature: z.number().min(0, 'temperature must be between 0 and 2').max(2, 'temperature must be between 0 and 2').default(0.2),
    /** A model that has not answered by then yields "hold". */
    timeoutMs: z.int().min(10, 'timeoutMs must be at least 10').max(120_000, 'timeoutMs must be at most 120000').default(20_000),
    maxOutputTokens: z.int().min(16, 'maxOutputTokens must be at least 16').max(8_192, 'maxOutputTokens must be at most 8192').default(600),
    /** Caps the collateral of any buy the model proposes, in pUSD micros. */
    maxOrderAmountMicros: positiveMicros('maxOrderAmountMicros').optional(),
    /** Fallback pricing when the provider reports no cost: micros per million input tokens. */
    inputPriceMicrosPerMillionTokens: micros('inputPriceMicrosPerMillionTokens').min(0).optional(),
    /** Fallback pricing when the provider reports no cost: micros per million output tokens. */
    outputPriceMicrosPerMillionTokens: micros('outputPriceMicrosPerMillionTokens').min(0).optional(),
  });

export type MeanReversionParams = z.output<typeof meanReversionParamsSchema>;
export type MomentumParams = z.output<typeof momentumParamsSchema>;
export type LlmParams = z.output<typeof llmParamsSchema>;

export const strategyConfigSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('mean-reversion'), params: meanReversionParamsSchema.default(() => meanReversionParamsSchema.parse({})) }),
    z.strictObject({ kind: z.literal('momentum'), params: momentumParamsSchema.default(() => momentumParamsSchema.parse({})) }),
    z.strictObject({ kind: z.literal('llm'), params: llmParamsSchema }),
  ],
  { error: 'kind must be one of "mean-reversion", "momentum", "llm"' },
);

export type StrategyConfig = z.output<typeof strategyConfigSchema>;
export type StrategyConfigInput = z.input<typeof strategyConfigSchema>;
export type StrategyKind = StrategyConfig['kind'];
export const STRATEGY_KINDS: readonly StrategyKind[] = ['mean-reversion', 'momentum', 'llm'];

/**
 * How a strategy uses the market's trade prints, so the tick fetches the tape only for strategies that read
 * it: `signal` (momentum on trades: no tape, no decision), `context` (the LLM sees the last print; it
 * decides without one), `none`.
 */
export function tradePrintsUse(config: StrategyConfig): 'signal' | 'context' | 'none' {
  if (config.kind === 'momentum') return config.params.source === 'trades' ? 'signal' : 'none';
  return config.kind === 'llm' ? 'context' : 'none';
}
