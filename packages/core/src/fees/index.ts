export * from './fee-model.ts';
export * from './flat-fee-model.ts';
export * from './polymarket-fee.ts';
export * from './polymarket-fee-model.ts';
export * from './adjust-buy-amount.ts';
export * from './create-fee-model.ts';
