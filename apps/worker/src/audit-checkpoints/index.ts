export * from './file-key.ts';
export * from './file-sink.ts';
export * from './checkpoint-job.ts';
export * from './checkpointer-from-config.ts';
