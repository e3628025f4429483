export * from './settings.ts';
export * from './config.ts';
export * from './redact.ts';
export * from './environments.ts';
