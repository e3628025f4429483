export * from './addresses.ts';
export * from './chain-reader.ts';
