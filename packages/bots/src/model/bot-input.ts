/**
 * Validation of what a user may send to create or update a bot. Every failure is a
 * `ValidationError` whose `details.issues` lists `{ path, message }` per field, e.g.
 * `risk.maxSlippageBps` or `strategy.params.windowSize`. Unknown fields are refused.
 */
import { DEFAULT_FLAT_FEE_BPS, DEFAULT_MAX_MARKET_IMPACT_BPS, DEFAULT_MAX_PRICE_MOVEMENT_BPS, err, ok, type Result, ValidationError } from '@polymancer/core';
import { strategyConfigSchema } from '@polymancer/strategies';
import { z } from 'zod';
import {
  DEFAULT_ARTIFICIAL_DELAY_MS,
  DEFAULT_INTERVAL_SECS,
  DEFAULT_STARTING_BALANCE_MICROS,
  MAX_AMOUNT_MICROS,
  MAX_INTERVAL_SECS,
  MAX_STALE_BOOK_MS,
  MIN_INTERVAL_SECS,
} from './bot.ts';

const micros = (what: string) =>
  z.int(`${what} must be a whole number of micros (1 pUSD = 1000000)`).min(1, `${what} must be positive`).max(MAX_AMOUNT_MICROS, `${what} must be at most ${MAX_AMOUNT_MICROS} micros`);
const bps = (what: string, max = 10_000) => z.int(`${what} must be a whole number of basis points`).min(0, `${what} must not be negative`).max(max, `${what} must be at most ${max} bps`);

const conditionId = z.string('conditionId is required').regex(/^0x[0-9a-fA-F]{64}$/, 'conditionId must be 0x followed by 64 hex digits');
const tokenId = z.string('token id is required').regex(/^[0-9]{1,90}$/, 'token id must be a decimal number of at most 90 digits');

const tokenIds = z
  .array(tokenId, 'tokenIds must be a list of token ids')
  .min(1, 'watch at least one outcome token')
  .max(20, 'watch at most 20 outcome tokens per market')
  .refine((ids) => new Set(ids).size === ids.length, 'tokenIds must not repeat');
const outcomeName = z.string('an outcome is its name, e.g. "Yes"').trim().min(1, 'an outcome name must not be empty').max(200, 'an outcome name is at most 200 characters');

/**
 * One watched market: its outcome tokens by id (`tokenIds`), or by name (`outcome: "Yes"` or
 * `outcomes: ["Yes", "No"]`), which the service resolves to token ids through the venue's catalogue.
 */
export const watchedMarketSchema = z
  .strictObject({
    conditionId,
    tokenIds: tokenIds.optional(),
    outcome: outcomeName.optional(),
    outcomes: z
      .array(outcomeName, 'outcomes must be a list of outcome names')
      .min(1, 'watch at least one outcome')
      .max(20, 'watch at most 20 outcomes per market')
      .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'outcomes must not repeat')
      .optional(),
  })
  .superRefine((m, ctx) => {
    const given = [m.tokenIds, m.outcome, m.outcomes].filter((x) => x !== undefined).length;
    if (given === 0) ctx.addIssue({ code: 'custom', path: ['tokenIds'], message: 'give the outcome tokens to watch: tokenIds, or outcome / outcomes by name' });
    if (given > 1) ctx.addIssue({ code: 'custom', path: ['tokenIds'], message: 'give only one of tokenIds, outcome and outcomes' });
  });

/** A watched market as sent: token ids, or outcome names still to resolve against the venue. */
export type WatchedMarketInput = z.output<typeof watchedMarketSchema>;

const marketsSchema = z
  .array(watchedMarketSchema, 'markets must be a list')
  .min(1, 'watch at least one market')
  .max(10, 'watch at most 10 markets')
  .refine((ms) => new Set(ms.map((m) => m.conditionId.toLowerCase())).size === ms.length, 'a market must not be listed twice');

// Field shapes without defaults, so an update's missing field stays missing.
const riskFields = {
  maxTradeSizeMicros: micros('maxTradeSizeMicros').nullable(),
  maxPositionPerMarketMicros: micros('maxPositionPerMarketMicros').nullable(),
  dailyLossLimitMicros: micros('dailyLossLimitMicros').nullable(),
  maxSlippageBps: bps('maxSlippageBps').nullable(),
  maxPriceMovementBps: bps('maxPriceMovementBps'),
  maxMarketImpactBps: bps('maxMarketImpactBps'),
};
const riskSchema = z.strictObject({
  maxTradeSizeMicros: riskFields.maxTradeSizeMicros.default(null),
  maxPositionPerMarketMicros: riskFields.maxPositionPerMarketMicros.default(null),
  dailyLossLimitMicros: riskFields.dailyLossLimitMicros.default(null),
  maxSlippageBps: riskFields.maxSlippageBps.default(null),
  maxPriceMovementBps: riskFields.maxPriceMovementBps.default(DEFAULT_MAX_PRICE_MOVEMENT_BPS),
  maxMarketImpactBps: riskFields.maxMarketImpactBps.default(DEFAULT_MAX_MARKET_IMPACT_BPS),
});
const riskUpdateSchema = z.strictObject(riskFields).partial();

const feeModelSchema = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('flat'), flatFeeBps: bps('flatFeeBps').default(DEFAULT_FLAT_FEE_BPS) }), z.strictObject({ kind: z.literal('polymarket') })],
  { error: 'feeModel.kind must be "flat" or "polymarket"' },
);

const realismFields = {
  enabled: z.boolean('enabled must be true or false'),
  artificialDelayMs: z.int('artificialDelayMs must be a whole number').min(0, 'artificialDelayMs must not be negative').max(10_000, 'artificialDelayMs must be at most 10000'),
  staleBookMs: z.int('staleBookMs must be a whole number').min(0, 'staleBookMs must not be negative').max(MAX_STALE_BOOK_MS, `staleBookMs must be at most ${MAX_STALE_BOOK_MS} (5 minutes)`),
};
const realismSchema = z.strictObject({
  enabled: realismFields.enabled.default(false),
  artificialDelayMs: realismFields.artificialDelayMs.default(DEFAULT_ARTIFICIAL_DELAY_MS),
  staleBookMs: realismFields.staleBookMs.default(0),
});
const realismUpdateSchema = z.strictObject(realismFields).partial();

const name = z.string('name is required').trim().min(1, 'name must not be empty').max(100, 'name must be at most 100 characters');
const intervalSecs = z
  .int('intervalSecs must be a whole number of seconds')
  .min(MIN_INTERVAL_SECS, `intervalSecs must be at least ${MIN_INTERVAL_SECS}`)
  .max(MAX_INTERVAL_SECS, `intervalSecs must be at most ${MAX_INTERVAL_SECS} (one day)`);

export const createBotInputSchema = z.strictObject({
  name,
  markets: marketsSchema,
  strategy: strategyConfigSchema,
  intervalSecs: intervalSecs.default(DEFAULT_INTERVAL_SECS),
  startingBalanceMicros: micros('startingBalanceMicros').default(DEFAULT_STARTING_BALANCE_MICROS),
  risk: riskSchema.default(() => riskSchema.parse({})),
  feeModel: feeModelSchema.default({ kind: 'flat', flatFeeBps: DEFAULT_FLAT_FEE_BPS }),
  realism: realismSchema.default(() => realismSchema.parse({})),
});

/** Every field optional; `risk` and `realism` merge field by field over the current settings. */
export const updateBotInputSchema = z.strictObject({
  name: name.optional(),
  markets: marketsSchema.optional(),
  strategy: strategyConfigSchema.optional(),
  intervalSecs: intervalSecs.optional(),
  startingBalanceMicros: micros('startingBalanceMicros').optional(),
  risk: riskUpdateSchema.optional(),
  feeModel: feeModelSchema.optional(),
  realism: realismUpdateSchema.optional(),
});

export type CreateBotInput = z.input<typeof createBotInputSchema>;
export type ValidCreateBotInput = z.output<typeof createBotInputSchema>;
export type UpdateBotInput = z.input<typeof updateBotInputSchema>;
export type ValidUpdateBotInput = z.output<typeof updateBotInputSchema>;

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function validationError(issues: readonly FieldIssue[]): ValidationError {
  const first = issues[0];
  const message = first === undefined ? 'Invalid bot' : `Invalid bot: ${first.path === '' ? '' : `${first.path}: `}${first.message}`;
  return new ValidationError(message, { details: { issues } });
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, ValidationError> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(validationError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))));
}

export const parseCreateBotInput = (input: unknown) => parseWith(createBotInputSchema, input);
export const parseUpdateBotInput = (input: unknown) => parseWith(updateBotInputSchema, input);
