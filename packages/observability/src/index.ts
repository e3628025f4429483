export * from './logger.ts';
export * from './metrics.ts';
export * from './error-for-log.ts';
export * from './tick-metrics.ts';
