export * from './errors.ts';
export * from './rounding.ts';
export * from './decimal.ts';
export * from './bps.ts';
