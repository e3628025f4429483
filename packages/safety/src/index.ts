export * from './ports.ts';
export * from './errors.ts';
export * from './breakers.ts';
export * from './live-risk.ts';
export * from './emergency.ts';
export * from './slippage.ts';
