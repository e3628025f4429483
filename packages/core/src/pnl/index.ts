export * from './utc-day.ts';
export * from './position.ts';
export * from './daily.ts';
export * from './mark.ts';
export * from './exposure.ts';
