export * from './ports.ts';
export * from './monitor.ts';
export * from './alerts.ts';
