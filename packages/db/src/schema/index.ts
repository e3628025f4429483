export * from './enums.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './bots.ts';
export * from './trade-logs.ts';
export * from './bot-settings.ts';
export * from './bot-positions.ts';
export * from './bot-decisions.ts';
export * from './bot-tick-runs.ts';
export * from './bot-pnl-snapshots.ts';
export * from './audit-events.ts';
export * from './worker-heartbeats.ts';
export * from './unlock.ts';
export * from './notifications.ts';
export * from './sign-in-backoffs.ts';
<<<<<<< HEAD
export * from './live-orders.ts';
=======
export * from './credentials.ts';
>>>>>>> main
