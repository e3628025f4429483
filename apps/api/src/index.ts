export * from './app.ts';
export * from './deps.ts';
export * from './readiness.ts';
export * from './server.ts';
export * from './http/request-country.ts';
export * from './metrics-server.ts';
