export * from './errors/index.ts';
export * from './result.ts';
export * from './ids.ts';
export * from './clock.ts';
export * from './audit/index.ts';
export * from './money/index.ts';
export * from './fees/index.ts';
export * from './book/index.ts';
