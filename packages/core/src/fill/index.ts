export * from './types.ts';
export * from './fill-or-kill.ts';
export * from './fill-model.ts';
export * from './venue-precision.ts';
export * from './fit-buy-to-budget.ts';
export * from './liquidation-sale.ts';
