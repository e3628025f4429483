export * from './checkpoint.ts';
export * from './ports.ts';
export * from './take-checkpoint.ts';
export * from './verify-trail.ts';
