export * from './ports.ts';
export * from './backoff.ts';
export * from './templates/index.ts';
export * from './notification-service.ts';
export * from './sender.ts';
