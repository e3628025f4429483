export { createSmtpTransport, classify, type SmtpTransportOptions } from './smtp-transport.ts';
export { createLogTransport } from './log-transport.ts';
export { mailDomainOf } from './mail-domain.ts';
