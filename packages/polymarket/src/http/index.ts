export * from './errors.ts';
export * from './gamma-http.ts';
export * from './clob-http.ts';
export * from './market-data.ts';
export * from './market-catalogue.ts';
export * from './exchange-account.ts';
export * from './market-directory.ts';
export * from './data-http.ts';
