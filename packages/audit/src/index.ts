export * from './ports.ts';
export * from './audit-content.ts';
export * from './audit-linker.ts';
export * from './audit-log.ts';
export * from './redact-details.ts';
export * from './checkpoints/index.ts';
