export * from './enums.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './bots.ts';
export * from './trade-logs.ts';
export * from './audit-events.ts';
export * from './worker-heartbeats.ts';
