/**
 * Deterministic synthetic markets: given a seed, the same condition ids, token ids and fair values.
 * Seeds one binary CTF market, one multi-outcome neg-risk event (three outcome markets) and one
 * position market (ExchangeV3).
 */
import { keccak256, toHex } from 'viem';
import { createRng, type Rng } from './rng.ts';
import type { FeeSchedule, MarketKind, SimMarket, SimToken } from './types.ts';

export interface MarketSpec {
  readonly question: string;
  readonly kind: MarketKind;
  readonly outcomes?: readonly string[];
  readonly tickSizeMicros?: number;
  readonly minOrderSizeMicros?: number;
  readonly fee?: FeeSchedule;
  readonly negRiskMarketId?: string;
  /** Fair value of the first outcome, micros. */
  readonly fairValueMicros?: number;
}

function hash(label: string): `0x${string}` {
  return keccak256(toHex(label));
}

/** A token id is a uint256 printed in decimal, as on Polymarket. */
function tokenIdFrom(label: string): string {
  return BigInt(hash(label)).toString(10);
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function buildMarket(spec: MarketSpec, salt: string, nowSecs: number): SimMarket {
  const outcomes = spec.outcomes ?? ['Yes', 'No'];
  const tick = spec.tickSizeMicros ?? 10_000;
  const conditionId = hash(`condition:${salt}:${spec.question}`);
  const tokens: SimToken[] = outcomes.map((outcome) => ({ tokenId: tokenIdFrom(`token:${conditionId}:${outcome}`), outcome }));
  const first = Math.round((spec.fairValueMicros ?? 500_000) / tick) * tick;
  const fair = new Map<string, number>();
  tokens.forEach((token, index) => fair.set(token.tokenId, index === 0 ? first : 1_000_000 - first));
  return {
    conditionId,
    questionId: hash(`question:${salt}:${spec.question}`),
    question: spec.question,
    slug: slugify(spec.question),
    kind: spec.kind,
    negRisk: spec.kind === 'neg-risk',
    exchangeVersion: spec.kind === 'position' ? 3 : 2,
    negRiskMarketId: spec.kind === 'neg-risk' ? (spec.negRiskMarketId ?? hash(`neg-risk:${salt}`)) : undefined,
    tickSizeMicros: tick,
    minOrderSizeMicros: spec.minOrderSizeMicros ?? 5_000_000,
    fee: spec.fee ?? { ratePpm: 0, exponent: 0 },
    tokens,
    endDateIso: new Date((nowSecs + 30 * 86_400) * 1000).toISOString().replace('.000Z', 'Z'),
    fairValueMicros: fair,
    acceptingOrders: true,
    closed: false,
    winnerTokenId: undefined,
    payoutsMicros: undefined,
    createdAtSecs: nowSecs,
  };
}

function fairValue(rng: Rng, tick: number): number {
  return Math.round(rng.int(200_000, 800_000) / tick) * tick;
}

export function seedMarkets(seed: number, nowSecs: number): SimMarket[] {
  const rng = createRng(seed);
  const salt = `seed-${seed}`;
  const markets: SimMarket[] = [];
  markets.push(
    buildMarket(
      {
        question: 'Will the simulated index close above 5000 this month?',
        kind: 'binary',
        fee: { ratePpm: 20_000, exponent: 1 },
        fairValueMicros: fairValue(rng, 10_000),
      },
      salt,
      nowSecs,
    ),
  );
  const negRiskMarketId = keccak256(toHex(`neg-risk-event:${salt}`));
  const shares = [450_000, 350_000, 200_000];
  ['Alpha', 'Beta', 'Gamma'].forEach((name, index) => {
    markets.push(
      buildMarket(
        { question: `Will ${name} win the simulated election?`, kind: 'neg-risk', negRiskMarketId, fairValueMicros: shares[index] ?? 100_000 },
        salt,
        nowSecs,
      ),
    );
  });
  markets.push(
    buildMarket(
      {
        question: 'Will the simulated rate be cut at the next meeting?',
        kind: 'position',
        tickSizeMicros: 1_000,
        fairValueMicros: Math.round(rng.int(300_000, 700_000) / 1_000) * 1_000,
      },
      salt,
      nowSecs,
    ),
  );
  return markets;
}
