export * from './types.ts';
export * from './tick.ts';
export * from './order-book.ts';
export * from './queries.ts';
export * from './update.ts';
