export * from './country-lookup.ts';
