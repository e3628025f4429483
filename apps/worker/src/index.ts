export { startWorker, type StartWorkerOptions, type Worker } from './worker.ts';
export { heartbeatJob, recordHeartbeat, staleWorkerRetentionSecs, workerIdentity, type WorkerIdentity } from './heartbeat.ts';
export * from './bot-ticks.ts';
export * from './unlock-sweep.ts';
export * from './notifications.ts';
export * from './compose.ts';
export * from './unlock-wiring.ts';
export * from './credential-wiring.ts';
export * from './credential-jobs.ts';
