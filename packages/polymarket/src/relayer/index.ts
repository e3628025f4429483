export * from './auth.ts';
export * from './errors.ts';
export type * from './wire.ts';
export { RELAYER_STATES } from './wire.ts';
export * from './polymarket-relayer.ts';
export * from './self-relayer.ts';
