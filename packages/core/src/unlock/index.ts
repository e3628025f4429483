export * from './paper-rules.ts';
export * from './paper-record.ts';
