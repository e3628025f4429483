export * from './types.ts';
export * from './fill-or-kill.ts';
export * from './fill-model.ts';
