export * from './settlement-tx.ts';
