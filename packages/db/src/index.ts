export * from './database.ts';
export * from './migrate.ts';
export * from './audit-store.ts';
export * as schema from './schema/index.ts';
export * from './bots/bot-store.ts';
export * from './bots/tick-store.ts';
export * from './bots/query-store.ts';
export * from './notifications/notification-store.ts';
