import { constants } from 'node:crypto';
import type { Config } from '@polymancer/config';
import { listenExclusively } from './listen-exclusively.ts';
import type { Api } from './app.ts';

// TLS 1.3 only: every older protocol version is switched off.
const tls13Only = constants.SSL_OP_NO_TLSv1 | constants.SSL_OP_NO_TLSv1_1 | constants.SSL_OP_NO_TLSv1_2;

export interface ServingApi {
  readonly url: string;
  stop(): Promise<void>;
}

/** Listens on the configured host and port; terminates TLS itself when a certificate is configured. */
export function serveApi(app: Api, config: Config): ServingApi {
  listenExclusively(() =>
    app.listen({
      port: config.port,
      hostname: config.host,
      // Elysia turns on SO_REUSEPORT by default: a second instance would silently share the port.
      reusePort: false,
    // The body-limit hook answers 413 in the error shape when a length is declared; this is the backstop
    // for chunked bodies that declare none.
    maxRequestBodySize: config.maxBodyBytes,
    ...(config.tls === undefined
      ? {}
      : { tls: { cert: Bun.file(config.tls.certFile), key: Bun.file(config.tls.keyFile), secureOptions: tls13Only } }),
    }),
    `PORT ${config.port} on ${config.host}`,
  );
  const server = app.server;
  if (server === null) throw new Error('the API server did not start');
  const scheme = config.tls === undefined ? 'http' : 'https';
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  return {
    url: `${scheme}://${host}:${server.port}`,
    stop: async () => {
      await app.stop(true);
    },
  };
}
