export * from './types.ts';
export { exchangeAddress, orderAmountMicros, scopedSigningWallet, signFokOrder, signingWallet, tickSizeOf } from './order-builder.ts';
export { classifyPostResponse, rejectionCode } from './submitter.ts';
export * from './live-venue.ts';
