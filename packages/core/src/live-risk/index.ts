export * from './live-check.ts';
export * from './gas-balance.ts';
export * from './collateral.ts';
export * from './rollout.ts';
export * from './slippage-differential.ts';
export * from './circuit-breakers.ts';
export * from './daily-loss-admission.ts';
export * from './preflight.ts';
