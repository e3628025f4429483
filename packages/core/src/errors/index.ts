export * from './base.ts';
export * from './common.ts';
