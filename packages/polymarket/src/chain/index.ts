export * from './addresses.ts';
export * from './chain-reader.ts';
export * from './tx-observer.ts';
export * from './wallet-state.ts';
export * from './live-wallet.ts';
export * from './redeemer.ts';
