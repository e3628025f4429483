export * from './canonical-json.ts';
export * from './audit-hash.ts';
