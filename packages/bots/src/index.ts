export * from './model/bot.ts';
export * from './model/bot-input.ts';
export * from './ports.ts';
export * from './service/bot-service.ts';
